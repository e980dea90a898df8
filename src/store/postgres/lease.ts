// The emulator's leader lease on PostgreSQL (../emulator-lease.ts): a session-level advisory lock
// held on a connection of its own, which PostgreSQL releases when that connection ends (a clean
// stop, a crash, kill -9), and the emulator_lease row where the holder publishes its URLs under an
// epoch bumped at every taking-over. Turn commits are fenced on that epoch: a deposed leader that
// does not know it yet (a pause, a lost connection) can never write emulator state again.
// "Once acquired at session level, an advisory lock is held until explicitly released or the
// session ends" (PostgreSQL manual, Explicit Locking, Advisory Locks:
// https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS).
import pg from 'pg';
import type { Advertisement, EmulatorLease, LeaderRecord, LeaseFence } from '../emulator-lease.js';

/** The advisory lock's key ("ecig"), apart from the store's write and migration locks. */
export const LEADER_LOCK = 0x6563_6967;

/**
 * How soon PostgreSQL notices a leader whose network went away silently (no FIN, no RST) and
 * releases its lock: idle seconds, then probes at this interval, this many times.
 */
const KEEPALIVE = { idle: 5, interval: 2, count: 3 };

interface LeaseRow {
  epoch: string;
  replica: string;
  api_url: string;
  kube_url: string | null;
  kube_fingerprint: string | null;
  acquired_at: string;
}

function toRecord(r: LeaseRow): LeaderRecord {
  return {
    epoch: Number(r.epoch),
    replica: r.replica,
    apiUrl: r.api_url,
    ...(r.kube_url ? { kubeUrl: r.kube_url } : {}),
    ...(r.kube_fingerprint ? { kubeFingerprint: r.kube_fingerprint } : {}),
    since: Number(r.acquired_at),
  };
}

const SELECT = 'SELECT epoch, replica, api_url, kube_url, kube_fingerprint, acquired_at FROM emulator_lease WHERE id = 1';

export class PostgresEmulatorLease implements EmulatorLease {
  readonly shared = true;
  /** The leadership this lease holds now; cleared the moment it is known lost. */
  private held: LeaderRecord | undefined;
  private closed = false;

  private constructor(
    private readonly connectionString: string,
    private client: pg.Client | undefined,
  ) {}

  /** A lease on the database at `connectionString` (the store's migrations made its table). */
  static open(connectionString: string): PostgresEmulatorLease {
    return new PostgresEmulatorLease(connectionString, undefined);
  }

  /** The lock's connection, opened on first use and again after one that ended while following. */
  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true });
    // An ended connection has released the lock: whoever held it through this one has lost it.
    const gone = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.held = undefined;
    };
    client.on('error', gone);
    client.on('end', gone);
    await client.connect();
    await client.query(
      `SELECT set_config('tcp_keepalives_idle', $1, false), set_config('tcp_keepalives_interval', $2, false), set_config('tcp_keepalives_count', $3, false)`,
      [String(KEEPALIVE.idle), String(KEEPALIVE.interval), String(KEEPALIVE.count)],
    );
    this.client = client;
    return client;
  }

  async tryAcquire(self: Advertisement): Promise<LeaderRecord | undefined> {
    if (this.closed) return undefined;
    if (this.held) return (await this.stillHeld()) ? this.held : undefined;
    const c = await this.connection();
    const { rows } = await c.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LEADER_LOCK]);
    if (!rows[0]!.locked) return undefined;
    try {
      // The bump waits for the row locks of turns still committing under the previous epoch
      // (their fence), and every later one of those finds the epoch changed: no write of the
      // previous leader lands after this, so what the new leader loads next is all there is.
      const published = await c.query<LeaseRow>(
        `INSERT INTO emulator_lease (id, epoch, replica, api_url, kube_url, kube_fingerprint, acquired_at)
         VALUES (1, 1, $1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET epoch = emulator_lease.epoch + 1, replica = excluded.replica, api_url = excluded.api_url,
           kube_url = excluded.kube_url, kube_fingerprint = excluded.kube_fingerprint, acquired_at = excluded.acquired_at
         RETURNING epoch, replica, api_url, kube_url, kube_fingerprint, acquired_at`,
        [self.replica, self.apiUrl, self.kubeUrl ?? null, self.kubeFingerprint ?? null, Date.now() * 1000],
      );
      this.held = toRecord(published.rows[0]!);
      return this.held;
    } catch (err) {
      await c.query('SELECT pg_advisory_unlock($1)', [LEADER_LOCK]).catch(() => undefined);
      throw err;
    }
  }

  async current(): Promise<LeaderRecord | undefined> {
    const c = await this.connection();
    const { rows } = await c.query<LeaseRow>(SELECT);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async stillHeld(): Promise<boolean> {
    const held = this.held;
    const client = this.client;
    if (!held || !client || this.closed) return false;
    try {
      // The lock's own connection: if it answers, the lock is still this session's.
      const { rows } = await client.query<{ epoch: string }>('SELECT epoch FROM emulator_lease WHERE id = 1');
      if (rows[0] && Number(rows[0].epoch) === held.epoch && this.held === held) return true;
    } catch {
      // The connection failed: PostgreSQL has released the lock, or will when it notices.
    }
    // Lost for good: ending the session gives the lock up too, should it still hold it.
    if (this.held === held) this.held = undefined;
    if (this.client === client) this.client = undefined;
    await client.end().catch(() => undefined);
    return false;
  }

  fence(epoch: number): LeaseFence {
    // The cast: PostgreSQL passes a fence's parameters as text (record-function.ts).
    // A row lock, not a read: the taking-over's epoch bump waits for a turn committing under the
    // old epoch, and a turn after the bump changes no row and rolls back.
    return { sql: 'UPDATE emulator_lease SET epoch = epoch WHERE id = 1 AND epoch = $1::bigint', params: [epoch] };
  }

  async release(): Promise<void> {
    this.held = undefined;
    const c = this.client;
    this.client = undefined;
    // Ending the session releases the advisory lock.
    if (c) await c.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held = undefined;
    const c = this.client;
    this.client = undefined;
    // Ending the session releases the advisory lock.
    if (c) await c.end().catch(() => undefined);
  }
}
