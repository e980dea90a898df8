// HTTP ingest against etcd's put-with-lease, same run, same load shape: the built CLI's `serve`
// with its default settings (a SQLite file, flow control on) in a process of its own, a load
// generator in another (64 requests in flight, one report per request, then 500), and a throwaway
// etcd 3.4 driven by the same generator, and a bare node:http server (the floor: what any Node.js
// service reaches here). Prints acknowledged reports/s, 429s, ack latency and the ratios; asserts
// only that the stored count equals the acknowledged reports.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ensureEtcd, etcdCall, startEtcd } from './etcd.js';
import { startFloor } from './http-floor.js';
import { listeningOrigin } from './listening.js';
import type { LoadResult, LoadSpec } from './ingest-load.js';
import { DEFAULT_INGEST_REPORTS } from './options.js';
import { mainThreadCpuSeconds, processCpuSeconds } from './process-cpu.js';

export interface IngestOptions {
  /** Reports sent one per request. */
  singleReports: number;
  /** Reports sent 500 per request. */
  batchedReports: number;
  perBatch: number;
  inFlight: number;
  seed: number;
  /** Write a V8 CPU profile of each `serve` into this directory. */
  cpuProfDir: string | undefined;
  /** Extra `serve` arguments (to compare settings); none by default: the defaults are the point. */
  serveArgs: string[];
  /** The query the ingest requests carry (to compare answer shapes). */
  query: string | undefined;
  skipEtcd: boolean;
}

export const INGEST_DEFAULTS: IngestOptions = {
  singleReports: DEFAULT_INGEST_REPORTS,
  batchedReports: 5 * DEFAULT_INGEST_REPORTS,
  perBatch: 500,
  inFlight: 64,
  seed: 20261207,
  cpuProfDir: undefined,
  serveArgs: [],
  query: undefined,
  skipEtcd: false,
};

/** The project's goal: one report per request at least this many times etcd's puts per second. */
export const INGEST_GOAL_RATIO = 50;

export const KEY = { id: 'LTAIbenchingest000001', secret: 'bench-ingest-secret-000000001' };
const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const LOAD = fileURLToPath(new URL('./ingest-load.js', import.meta.url));
const int = (n: number) => Math.round(n).toLocaleString('en-US');

let served = 0;

/** The built CLI's `serve` on `db` (a SQLite file or a postgres:// URL), a process of its own. */
export function startServe(db: string, o: Pick<IngestOptions, 'cpuProfDir' | 'serveArgs'>): Promise<{ child: ChildProcess; origin: string }> {
  const execArgv: string[] = [];
  if (o.cpuProfDir) {
    mkdirSync(o.cpuProfDir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`, `--cpu-prof-name=serve-${Date.now()}-${served++}.cpuprofile`);
  }
  const child = spawn(
    process.execPath,
    [...execArgv, BIN, 'serve', '--db', db, '--port', '0', '--access-key-id', KEY.id, '--access-key-secret', KEY.secret, ...o.serveArgs],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return listeningOrigin(child, child.stderr!, 'serve').then((origin) => ({ child, origin }));
}

export async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

export function load(spec: LoadSpec): Promise<LoadResult> {
  const child = fork(LOAD, [JSON.stringify(spec)], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    let result: LoadResult | undefined;
    child.on('message', (m) => (result = m as LoadResult));
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the load generator exited ${code}`))));
  });
}

function print(label: string, r: LoadResult, extra = ''): void {
  console.log(
    `  ${label.padEnd(28)} ${int(r.acknowledged / r.seconds).padStart(8)} acknowledged/s  ${r.seconds.toFixed(2).padStart(7)} s  ` +
      `429s ${int(r.throttled).padStart(6)}  ack p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  max ${r.max.toFixed(1)} ms  ` +
      `(generator cpu ${r.cpuSeconds.toFixed(1)} s)${extra}`,
  );
  for (const f of r.failures) console.error(`    failure: ${f}`);
}

/** sum(count) of the stored events (the server is stopped: the file is closed and checkpointed). */
function storedCount(db: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT coalesce(sum(count), 0) AS n FROM events').get() as { n: number }).n;
  } finally {
    d.close();
  }
}

interface Round {
  label: string;
  perRequest: number;
  reports: number;
}

/**
 * The same one-report requests against a bare `node:http` server that parses each body and answers
 * a fixed acknowledgement (http-floor.ts): the most a Node.js service can answer on this machine.
 */
async function floorRound(o: IngestOptions): Promise<LoadResult> {
  const { child, origin } = await startFloor();
  let r: LoadResult;
  let cpu: number;
  try {
    const before = processCpuSeconds(child.pid!);
    r = await load({ target: 'eci', origin, requests: o.singleReports, perRequest: 1, inFlight: o.inFlight, seed: o.seed, key: KEY });
    cpu = processCpuSeconds(child.pid!) - before;
  } finally {
    await stopServe(child);
  }
  print('bare node:http floor, 1/req', r, `  server cpu ${cpu.toFixed(1)} s (${int(r.acknowledged ? (cpu * 1e6) / r.acknowledged : 0)} us/request)`);
  return r;
}

/** Runs the ingest part; false when a count did not add up or a round failed. */
export async function ingestBench(o: IngestOptions = INGEST_DEFAULTS): Promise<boolean> {
  const rounds: Round[] = [
    { label: `1 report/request, ${o.inFlight} in flight`, perRequest: 1, reports: o.singleReports },
    { label: `${o.perBatch} reports/request, ${o.inFlight} in flight`, perRequest: o.perBatch, reports: o.batchedReports },
  ];
  console.log(
    `\n===== HTTP ingest: eci-events serve (SQLite, default settings${o.serveArgs.length ? ` + ${o.serveArgs.join(' ')}` : ''}) against etcd put-with-lease =====`,
  );
  let ok = true;
  const results: LoadResult[] = [];
  for (const round of rounds) {
    const dir = mkdtempSync(join(tmpdir(), 'eci-bench-ingest-'));
    const db = join(dir, 'events.db');
    const { child, origin } = await startServe(db, o);
    let r: LoadResult;
    // The server's own CPU per report: on a machine others load, the rate moves with their work,
    // what the server spends on a report much less. Started after start-up (loading the modules).
    let serveCpu: number;
    let mainCpu: number;
    try {
      const cpuBefore = processCpuSeconds(child.pid!);
      const mainBefore = mainThreadCpuSeconds(child.pid!);
      r = await load({
        target: 'eci',
        origin,
        requests: Math.ceil(round.reports / round.perRequest),
        perRequest: round.perRequest,
        inFlight: o.inFlight,
        seed: o.seed,
        key: KEY,
        ...(o.query ? { query: o.query } : {}),
      });
      serveCpu = processCpuSeconds(child.pid!) - cpuBefore;
      mainCpu = mainThreadCpuSeconds(child.pid!) - mainBefore;
    } finally {
      await stopServe(child);
    }
    const stored = storedCount(db);
    rmSync(dir, { recursive: true, force: true });
    results.push(r);
    const exact = stored === r.acknowledged && r.refused === 0 && r.failures.length === 0;
    const perReport = r.acknowledged ? (serveCpu * 1e6) / r.acknowledged : 0;
    const mainPerReport = r.acknowledged ? (mainCpu * 1e6) / r.acknowledged : 0;
    print(
      round.label,
      r,
      `  serve cpu ${serveCpu.toFixed(1)} s (${int(perReport)} us/report, request thread ${int(mainPerReport)} us)  stored sum(count) ${int(stored)}${exact ? '' : '  MISMATCH'}`,
    );
    if (!exact) {
      console.error(`!!!!!!!! MISMATCH: ${int(r.acknowledged)} reports acknowledged, ${int(r.refused)} refused, ${int(stored)} counted in the store !!!!!!!!`);
      ok = false;
    }
  }

  const floor = await floorRound(o);
  if (o.skipEtcd) {
    console.log('  etcd: SKIPPED, --skip-etcd');
    return ok;
  }
  const found = ensureEtcd();
  if ('problem' in found) {
    console.log(`  etcd: SKIPPED, ${found.problem}`);
    return ok;
  }
  let etcd;
  try {
    etcd = await startEtcd(found.binary);
  } catch (err) {
    console.log(`  etcd: SKIPPED, ${(err as Error).message}`);
    return ok;
  }
  try {
    const puts = o.singleReports;
    const { ID: lease } = await etcdCall<{ ID: string }>(etcd.origin, '/v3/lease/grant', { TTL: 3600 });
    const prefix = 'bench/events/';
    const r = await load({ target: 'etcd', origin: etcd.origin, requests: puts, perRequest: 1, inFlight: o.inFlight, seed: o.seed, lease, prefix });
    const end = Buffer.from(prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)).toString('base64');
    const { count } = await etcdCall<{ count?: string }>(etcd.origin, '/v3/kv/range', {
      key: Buffer.from(prefix).toString('base64'),
      range_end: end,
      count_only: true,
    });
    const stored = Number(count ?? 0);
    const exact = stored === r.acknowledged && r.failures.length === 0;
    print(`etcd put-with-lease (${etcd.version.replace('etcd Version: ', '')})`, r, `  stored keys ${int(stored)}${exact ? '' : '  MISMATCH'}`);
    if (!exact) {
      console.error(`!!!!!!!! MISMATCH: ${int(r.acknowledged)} puts acknowledged, ${int(stored)} keys stored !!!!!!!!`);
      ok = false;
    }
    const single = results[0]!;
    const ratio = single.acknowledged / single.seconds / (r.acknowledged / r.seconds);
    console.log(
      `  1 report/request / etcd put-with-lease = ${ratio.toFixed(1)}x  (goal: at least ${INGEST_GOAL_RATIO}x: ${ratio >= INGEST_GOAL_RATIO ? 'met' : 'NOT met'})`,
    );
    const floorRatio = floor.acknowledged / floor.seconds / (r.acknowledged / r.seconds);
    console.log(
      `  bare node:http floor / etcd put-with-lease = ${floorRatio.toFixed(1)}x` +
        (floorRatio < INGEST_GOAL_RATIO
          ? `: below ${INGEST_GOAL_RATIO}x, so the goal is out of reach on this machine: a server that does nothing, driven the same way, does not reach it`
          : `: the goal is within the floor's reach (eci-events at ${((100 * ratio) / floorRatio).toFixed(0)} % of the floor)`),
    );
    console.log('  (etcd through its v3 JSON gateway, /v3/kv/put with a lease from /v3/lease/grant, over HTTP/1.1 keep-alive like the ingest requests)');
  } finally {
    await etcd.stop();
  }
  return ok;
}
