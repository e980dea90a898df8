// Two replicas on one PostgreSQL database against one (issue 15: at least 1.6x, counts exact). Each
// phase on a fresh database: the built CLI's `serve` processes, and the ingest load generator
// sending signed POST /v1/ingest for a fixed time, requests split evenly over the replicas, some
// requests repeating the reports of the one before (sent to the other replica at the same time).
// Prints acknowledged reports/s, the ratio, and the CPU of every process; fails when a stored
// event's count is not the reports acknowledged for it.
import type { ChildProcess } from 'node:child_process';
import type { LoadResult } from './ingest-load.js';
import { INGEST_DEFAULTS, KEY, load, startServe, stopServe } from './ingest.js';
import { postmasterOf, PostgresCpuSampler, type PostgresCpu } from './postgres-cpu.js';
import { inFreshDatabase, withClient } from './postgres.js';
import { processCpuSeconds, processRunQueueSeconds } from './process-cpu.js';
import { PostgresWaitSampler, type BackendStates } from './postgres-waits.js';

export interface ReplicasOptions {
  pgUrl: string;
  /** Seconds of new requests per phase. */
  seconds: number;
  inFlight: number;
  /** Reports per request of the batched round. */
  perBatch: number;
  /** Every this-many-th request repeats the one before it, on the other replica. */
  twinEvery: number;
  serveArgs: string[];
  cpuProfDir: string | undefined;
}

/** Issue 15: two replicas at least this many times one replica's throughput. */
export const REPLICAS_GOAL_RATIO = 1.6;

/**
 * Reports prepared per second of a phase, above what this machine stores (one replica: about
 * 3,400/s one per request, 13,000/s in 500s when idle); past them the requests start over, all repeats.
 */
const PREPARED_PER_SECOND = { single: 8_000, batched: 30_000 };

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (cpu: number, wall: number) => `${Math.round((100 * cpu) / wall)} %`;

interface Outcome {
  load: LoadResult;
  serveCpu: number[];
  /** Seconds each serve's main thread was ready to run but waited for a CPU. */
  serveRunQueue: number[];
  pg: PostgresCpu;
  states: BackendStates;
  stored: { events: number; sum: number; wrong: number; examples: string[] };
}

/** The stored count of every event against the reports acknowledged for it. */
async function checkCounts(url: string, acked: Array<[string, number]>): Promise<Outcome['stored']> {
  const { rows } = await withClient(url, (c) => c.query<{ k: string; n: string }>('SELECT dedup_key::text AS k, count AS n FROM events'));
  const stored = new Map(rows.map((r) => [r.k, Number(r.n)]));
  const examples: string[] = [];
  let wrong = 0;
  const mismatch = (key: string, want: number, got: number | undefined) => {
    wrong++;
    if (examples.length < 5) examples.push(`event ${key}: ${want} acknowledged, ${got ?? 'no row'} stored`);
  };
  for (const [key, n] of acked) {
    if (stored.get(key) !== n) mismatch(key, n, stored.get(key));
    stored.delete(key);
  }
  for (const [key, n] of stored) mismatch(key, 0, n);
  return { events: rows.length, sum: rows.reduce((s, r) => s + Number(r.n), 0), wrong, examples };
}

async function phase(o: ReplicasOptions, replicas: number, perRequest: number, prepared: number): Promise<Outcome> {
  return inFreshDatabase(o.pgUrl, async (url) => {
    const database = new URL(url).pathname.slice(1);
    const serves: Array<{ child: ChildProcess; origin: string }> = [];
    try {
      // One after the other: the first runs the migrations, the second finds them done.
      for (let i = 0; i < replicas; i++) serves.push(await startServe(url, o));
      const postmaster = await withClient(url, async (c) => postmasterOf((await c.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]!.p));
      const pg = new PostgresCpuSampler(postmaster, database);
      const waits = new PostgresWaitSampler(o.pgUrl, database);
      await waits.start();
      // Start-up (module loading, migrations) is not the run's.
      const before = serves.map((s) => processCpuSeconds(s.child.pid!));
      const queuedBefore = serves.map((s) => processRunQueueSeconds(s.child.pid!));
      pg.start();
      let r: LoadResult;
      let pgCpu: PostgresCpu;
      let states: BackendStates;
      try {
        r = await load({
          target: 'eci',
          origin: serves[0]!.origin,
          origins: serves.map((s) => s.origin),
          requests: Math.ceil(prepared / perRequest),
          perRequest,
          inFlight: o.inFlight,
          seed: INGEST_DEFAULTS.seed,
          seconds: o.seconds,
          twinEvery: o.twinEvery,
          perEvent: true,
          key: KEY,
        });
      } finally {
        pgCpu = pg.stop();
        states = await waits.stop();
      }
      const serveCpu = serves.map((s, i) => processCpuSeconds(s.child.pid!) - before[i]!);
      const serveRunQueue = serves.map((s, i) => processRunQueueSeconds(s.child.pid!) - queuedBefore[i]!);
      // Stopped before counting: a graceful stop commits whatever was still in flight.
      await Promise.all(serves.splice(0).map((s) => stopServe(s.child)));
      return { load: r, serveCpu, serveRunQueue, pg: pgCpu, states, stored: await checkCounts(url, r.perEvent ?? []) };
    } finally {
      await Promise.all(serves.map((s) => stopServe(s.child)));
    }
  });
}

function print(label: string, x: Outcome): boolean {
  const r = x.load;
  const wall = r.seconds;
  const split = r.perOrigin.length > 1 ? `  (per replica: ${r.perOrigin.map((p) => int(p.acknowledged)).join(' + ')})` : '';
  console.log(
    `  ${label.padEnd(30)} ${int(r.acknowledged / wall).padStart(7)} acknowledged/s  ${wall.toFixed(1)} s  429s ${int(r.throttled)}  ` +
      `ack p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms${split}`,
  );
  const serve = x.serveCpu.map((s, i) => `serve${x.serveCpu.length > 1 ? ` ${i + 1}` : ''} ${s.toFixed(1)} s (${pct(s, wall)})`).join(', ');
  const queued = x.serveRunQueue.map((s) => `${s.toFixed(1)} s`).join(' and ');
  const total = x.serveCpu.reduce((a, b) => a + b, 0) + x.pg.databaseSeconds + x.pg.serverSeconds + r.cpuSeconds;
  console.log(
    `    cpu: ${serve}, PostgreSQL backends ${x.pg.databaseSeconds.toFixed(1)} s (${pct(x.pg.databaseSeconds, wall)}, ${x.pg.backends} backends), ` +
      `PostgreSQL server processes ${x.pg.serverSeconds.toFixed(1)} s (${pct(x.pg.serverSeconds, wall)}), generator ${r.cpuSeconds.toFixed(1)} s (${pct(r.cpuSeconds, wall)}); ` +
      `all ${pct(total, wall)} of one core; per report: serve ${int((x.serveCpu.reduce((a, b) => a + b, 0) * 1e6) / Math.max(1, r.acknowledged))} us, ` +
      `PostgreSQL ${int((x.pg.databaseSeconds * 1e6) / Math.max(1, r.acknowledged))} us`,
  );
  const exact = x.stored.wrong === 0 && x.stored.sum === r.acknowledged && r.refused === 0 && r.failures.length === 0;
  console.log(
    `    main thread waiting for a CPU while ready to run: serve ${queued}, PostgreSQL backends ${x.pg.databaseRunQueueSeconds.toFixed(1)} s; ` +
      `busy backends (mean of ${x.states.samples} samples): ` +
      (x.states.mean
        .slice(0, 5)
        .map(([what, n]) => `${what} ${n.toFixed(2)}`)
        .join(', ') || 'none'),
  );
  console.log(
    `    stored: ${int(x.stored.sum)} reports in ${int(x.stored.events)} events; ${int(r.acknowledged)} acknowledged` +
      (r.laps > 1 ? ` (the prepared requests ${r.laps.toFixed(2)} times over)` : '') +
      (exact ? "; every event's count exact" : `  MISMATCH: ${int(x.stored.wrong)} events, ${int(r.refused)} refused`),
  );
  for (const f of r.failures) console.error(`    failure: ${f}`);
  for (const e of x.stored.examples) console.error(`    MISMATCH ${e}`);
  return exact;
}

/** Runs the replicas part; false when a count did not add up or a request failed. */
export async function replicasBench(o: ReplicasOptions): Promise<boolean> {
  console.log(
    `\n===== Replicas: eci-events serve on one PostgreSQL database, 1 replica then 2 ` +
      `(${o.seconds} s each, ${o.inFlight} requests in flight split evenly, ${o.twinEvery ? `every ${o.twinEvery}th request repeats the one before on the other replica` : 'no request repeats another'}) =====`,
  );
  let ok = true;
  const rounds = [
    { label: 'report/request', perRequest: 1, prepared: PREPARED_PER_SECOND.single * o.seconds },
    { label: 'reports/request', perRequest: o.perBatch, prepared: PREPARED_PER_SECOND.batched * o.seconds },
  ];
  for (const round of rounds) {
    const rates: number[] = [];
    for (const replicas of [1, 2]) {
      const x = await phase(o, replicas, round.perRequest, round.prepared);
      if (!print(`${round.perRequest} ${round.label}, ${replicas} replica${replicas > 1 ? 's' : ''}`, x)) ok = false;
      rates.push(x.load.acknowledged / x.load.seconds);
    }
    const ratio = rates[1]! / rates[0]!;
    console.log(
      `  ${round.perRequest} ${round.label}: 2 replicas / 1 = ${ratio.toFixed(2)}x  ` +
        `(goal: at least ${REPLICAS_GOAL_RATIO}x: ${ratio >= REPLICAS_GOAL_RATIO ? 'met' : 'NOT met'})`,
    );
  }
  return ok;
}
