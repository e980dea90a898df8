// What the database's backends are doing while a run goes on, from pg_stat_activity sampled on a
// connection of its own: running, waiting on a lock (the store's write lock is an advisory lock),
// on the WAL's flush, or idle inside a transaction while their replica works (or waits for a CPU).
import pg from 'pg';

const SAMPLE_MS = 250;

const STATES_SQL = `
  SELECT CASE WHEN state = 'idle in transaction' THEN 'in a transaction, waiting for its replica'
              WHEN wait_event IS NULL THEN 'running (on a CPU or waiting for one)'
              ELSE wait_event_type || ':' || wait_event END AS what,
         count(*)::int AS n
  FROM pg_stat_activity
  WHERE datname = $1 AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')
  GROUP BY 1`;

export interface BackendStates {
  samples: number;
  /** What the busy backends were doing, with the mean number of backends doing it. */
  mean: Array<[string, number]>;
}

export class PostgresWaitSampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private client: pg.Client | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;

  /** `serverUrl`: any database of the server (pg_stat_activity shows them all), so that this connection is not the database's. */
  constructor(
    private readonly serverUrl: string,
    private readonly database: string,
  ) {}

  async start(): Promise<void> {
    this.client = new pg.Client({ connectionString: this.serverUrl });
    await this.client.connect();
    this.running = this.loop();
  }

  async stop(): Promise<BackendStates> {
    this.stopping = true;
    await this.running;
    await this.client?.end();
    const mean = [...this.counts].map(([what, n]): [string, number] => [what, n / Math.max(1, this.samples)]).sort((a, b) => b[1] - a[1]);
    return { samples: this.samples, mean };
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const { rows } = await this.client!.query<{ what: string; n: number }>(STATES_SQL, [this.database]);
      this.samples++;
      for (const r of rows) this.counts.set(r.what, (this.counts.get(r.what) ?? 0) + r.n);
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  }
}
