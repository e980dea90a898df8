// DescribeContainerGroupEvents latency: 1,000,000 stored events over 100,000 container groups,
// then signed OpenAPI calls asking for 20 random groups each, against the built CLI's server in a
// process of its own, from a client in a process of its own that keeps its garbage collections
// out of the timed calls. Prints median and p99; asserts only that every answer is complete.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { API_VERSION } from '../src/api/api-version.js';
import { signV3 } from '../src/api/core/signature.js';
import type { EventStore, EventWrite } from '../src/store/index.js';
import { PostgresEventStore } from '../src/store/postgres/store.js';
import { SqliteEventStore } from '../src/store/sqlite/store.js';
import { Prng } from './prng.js';

export interface DescribeOptions {
  events: number;
  groups: number;
  calls: number;
  idsPerCall: number;
}

export const DESCRIBE_DEFAULTS: DescribeOptions = { events: 1_000_000, groups: 100_000, calls: 2_000, idsPerCall: 20 };

const KEY = { id: 'LTAIbenchkey000000001', secret: 'bench-secret-0000000000000001' };
const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const T0 = Date.UTC(2026, 10, 1) * 1000;
const REASONS: Array<[string, string]> = [
  ['Scheduled', 'Successfully assigned default/%s to virtual-kubelet-cn-hangzhou-k'],
  ['Pulling', 'Pulling image "nginx:1.%s"'],
  ['Started', 'Started container c%s'],
  ['NoStock', 'Create ECI failed because the specified instance is out of stock. zone %s'],
];

const groupId = (i: number) => `eci-bench${String(i).padStart(11, '0')}`;

/** Loads `events` events spread evenly over `groups` groups, in batches, straight into the store. */
async function load(store: EventStore, o: DescribeOptions): Promise<void> {
  const batch: EventWrite[] = [];
  for (let n = 0; n < o.events; n++) {
    const g = n % o.groups;
    const k = Math.floor(n / o.groups);
    const [reason, template] = REASONS[k % REASONS.length]!;
    const id = groupId(g);
    const at = T0 + g * 1000 + k * 10;
    batch.push({
      account: 'default',
      key: `${id}/${k}`,
      name: `cg-${g}.${(BigInt(at) * 1000n + BigInt(k)).toString(16)}`,
      namespace: 'default',
      uid: `${g}-${k}`,
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: `cg-${g}`, namespace: 'default', uid: id },
      containerGroupId: id,
      reason,
      message: template.replace('%s', String(k)),
      type: reason === 'NoStock' ? 'Warning' : 'Normal',
      source: reason === 'NoStock' ? { component: 'EciService', host: '' } : { component: 'kubelet', host: 'eci' },
      reportingComponent: reason === 'NoStock' ? 'EciService' : 'kubelet',
      reportingInstance: '',
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
    });
    if (batch.length === 10_000 || n === o.events - 1) {
      await store.record(batch.splice(0));
    }
  }
}

function startServer(db: string): Promise<{ child: ChildProcess; host: string }> {
  // The events are dated T0, past the default retention: without a longer one, the first sweep
  // (a minute after start) would remove them while the calls run.
  const child = spawn(
    process.execPath,
    [
      BIN,
      'serve',
      '--db',
      db,
      '--port',
      '0',
      '--log-level',
      'error',
      '--throttle-rate',
      '0',
      '--retention',
      '36500d',
      '--access-key-id',
      KEY.id,
      '--access-key-secret',
      KEY.secret,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk;
      const m = /listening on http:\/\/(\S+)/.exec(stderr);
      if (m) resolve({ child, host: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * The client's own garbage collections, kept out of the timed calls: the client parses 100 KB
 * answers, and its collections (up to 10 ms, in 3 % of the calls) were most of the slowest 1 %.
 * Before each call it collects the young generation, every 50 calls everything; a collection
 * that still happens during a call is counted and reported.
 */
class ClientGc {
  private readonly gc = (globalThis as { gc?: (o?: { type: 'minor' }) => void }).gc;
  private readonly pauses: Array<[number, number]> = [];
  private readonly calls: Array<[number, number]> = [];
  private n = 0;

  constructor() {
    if (!this.gc) throw new Error('the client needs --expose-gc');
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) this.pauses.push([e.startTime, e.startTime + e.duration]);
    }).observe({ entryTypes: ['gc'] });
  }

  beforeCall(): void {
    if (++this.n % 50 === 0) this.gc!();
    else this.gc!({ type: 'minor' });
  }

  timed(start: number, end: number): void {
    this.calls.push([start, end]);
  }

  /** How many calls there were, and during how many the client collected garbage all the same. */
  async report(): Promise<{ calls: number; withClientGc: number }> {
    await new Promise((resolve) => setTimeout(resolve, 10)); // GC entries arrive asynchronously
    const withClientGc = this.calls.filter(([a, b]) => this.pauses.some(([x, y]) => x < b && y > a)).length;
    return { calls: this.calls.length, withClientGc };
  }
}

let clientGc: ClientGc | undefined;

// node:http with a keep-alive agent, as the official SDK's client (httpx) uses it: fetch (undici)
// does several times the work per call in the client, and on two CPUs that work competes with the
// server's.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One signed OpenAPI call; its latency in milliseconds, from sending to having parsed the answer. */
async function timedCall(host: string, action: string, query: Record<string, string>): Promise<{ ms: number; status: number; body: Record<string, unknown> }> {
  const headers = signV3({ method: 'POST', host, path: '/', query, body: '', action, version: API_VERSION }, KEY.id, KEY.secret);
  const url = `http://${host}/?${new URLSearchParams(query).toString().replace(/\+/g, '%20')}`;
  clientGc?.beforeCall();
  const at = performance.now();
  const start = process.hrtime.bigint();
  const { status, text } = await post(url, headers);
  const body = JSON.parse(text) as Record<string, unknown>;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  clientGc?.timed(at, performance.now());
  return { ms, status, body };
}

/** The floor: DescribeRegions, a signed call that reads nothing, through the same client and server. */
async function measureFloor(host: string, calls: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < calls + 50; i++) {
    const { ms, status } = await timedCall(host, 'DescribeRegions', { RegionId: 'cn-hangzhou' });
    if (status !== 200) throw new Error(`DescribeRegions answered ${status}`);
    if (i >= 50) latencies.push(ms);
  }
  return latencies.sort((a, b) => a - b);
}

/** Calls DescribeContainerGroupEvents one at a time and returns the latencies in milliseconds. */
async function measure(host: string, o: DescribeOptions): Promise<number[]> {
  const rng = new Prng(7);
  const latencies: number[] = [];
  const expected = Math.min(50, Math.ceil(o.events / o.groups));
  for (let i = 0; i < o.calls + 50; i++) {
    const ids = Array.from({ length: o.idsPerCall }, () => groupId(rng.int(o.groups)));
    const answer = await timedCall(host, 'DescribeContainerGroupEvents', { RegionId: 'cn-hangzhou', ContainerGroupIds: JSON.stringify([...new Set(ids)]) });
    const { ms, status } = answer;
    const body = answer.body as { Data?: Array<{ Events: unknown[] }> };
    if (status !== 200 || !body.Data || body.Data.length !== new Set(ids).size || body.Data.some((d) => d.Events.length !== expected)) {
      throw new Error(`incomplete answer (${status}): ${JSON.stringify(body).slice(0, 300)}`);
    }
    if (i >= 50) latencies.push(ms); // the first 50 warm the server up
  }
  return latencies.sort((a, b) => a - b);
}

interface Latencies {
  floor: number[];
  ms: number[];
  /** Calls (warm-up ones included) during which the client collected garbage all the same. */
  withClientGc: number;
  calls: number;
}

/** Makes the calls from a process of its own, which may collect its garbage when it chooses. */
function callFromChild(host: string, o: DescribeOptions): Promise<Latencies> {
  // --single-threaded-gc: the client's collections, made between calls, finish there; with helper
  // threads, their concurrent sweeping ran on into the next call, beside the server.
  const child = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: 'inherit', execArgv: ['--expose-gc', '--single-threaded-gc'] });
  child.send({ host, o });
  return new Promise((resolve, reject) => {
    let answer: (Latencies & { error?: string }) | undefined;
    child.on('message', (m) => (answer = m as typeof answer));
    child.on('exit', (code) => {
      if (answer && !answer.error) resolve(answer);
      else reject(new Error(answer?.error ?? `the client exited ${code}`));
    });
  });
}

/** The client: waits for the host and options, makes every call, sends back the latencies. */
function client(): void {
  process.once('message', (m) => {
    const { host, o } = m as { host: string; o: DescribeOptions };
    const reply = (answer: Latencies | { error: string }) => process.send!(answer, () => process.disconnect());
    clientGc = new ClientGc();
    measureFloor(host, o.calls)
      .then(async (floor) => {
        const ms = await measure(host, o);
        reply({ floor, ms, ...(await clientGc!.report()) });
      })
      .catch((err: Error) => reply({ error: err.message }));
  });
}

/**
 * CPU ticks used by the whole machine, and by some processes and the children they have reaped,
 * from /proc (undefined elsewhere).
 */
function cpuTicks(pids: number[]): { machine: number; processes: number } | undefined {
  try {
    const machine = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    // user, nice, system and steal: interrupt time (the loopback's packets among it) is no process's
    const busy = machine[0]! + machine[1]! + machine[2]! + machine[7]!;
    const processes = pids.reduce((sum, pid) => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return sum + Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]); // utime stime cutime cstime
    }, 0);
    return { machine: busy, processes };
  } catch {
    return undefined;
  }
}

type Backend = 'sqlite' | 'postgres';

const openStore = (backend: Backend, db: string): Promise<EventStore> =>
  backend === 'sqlite' ? Promise.resolve(new SqliteEventStore(db)) : PostgresEventStore.open(db);

/**
 * Loads the events from a process of its own, which exits before the calls start: the loading
 * process ends up holding most of a gigabyte, and the kernel's upkeep of that memory (kdamond)
 * took 6-12 % of a CPU while the calls ran when the loading was done here.
 */
function loadInChild(backend: Backend, db: string, o: DescribeOptions): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--load'], { stdio: 'inherit' });
  child.send({ backend, db, o });
  return new Promise((resolve, reject) => {
    let error: string | undefined;
    child.on('message', (m) => (error = (m as { error?: string }).error));
    child.on('exit', (code) => (code === 0 && !error ? resolve() : reject(new Error(error ?? `the loader exited ${code}`))));
  });
}

/** The loader: waits for the store and options, loads the events, closes the store. */
function loader(): void {
  process.once('message', (m) => {
    const { backend, db, o } = m as { backend: Backend; db: string; o: DescribeOptions };
    openStore(backend, db)
      .then(async (store) => {
        await load(store, o);
        await store.close();
        process.disconnect();
      })
      .catch((err: Error) => process.send!({ error: err.message }, () => process.exit(1)));
  });
}

async function run(label: Backend, db: string, o: DescribeOptions): Promise<void> {
  const loadStart = Date.now();
  await loadInChild(label, db, o);
  const loadSeconds = (Date.now() - loadStart) / 1000;
  const { child, host } = await startServer(db);
  try {
    const before = cpuTicks([child.pid!, process.pid]);
    const start = Date.now();
    const { floor, ms, withClientGc, calls } = await callFromChild(host, o);
    const after = cpuTicks([child.pid!, process.pid]);
    console.log(
      `  ${(label + ' floor').padEnd(16)} median ${percentile(floor, 0.5).toFixed(2)} ms   p99 ${percentile(floor, 0.99).toFixed(2)} ms   (DescribeRegions: a signed call that reads nothing)`,
    );
    console.log(
      `  ${label.padEnd(16)} median ${percentile(ms, 0.5).toFixed(2)} ms   p99 ${percentile(ms, 0.99).toFixed(2)} ms   max ${ms.at(-1)!.toFixed(2)} ms` +
        `   (${o.calls} calls; loaded ${o.events.toLocaleString('en-US')} events in ${loadSeconds.toFixed(1)} s)`,
    );
    if (before && after) {
      // The client has exited and been reaped: its ticks are among ours.
      const others = after.machine - before.machine - (after.processes - before.processes);
      const share = others / 100 / ((Date.now() - start) / 1000); // ticks are 1/100 s (USER_HZ)
      const who = label === 'postgres' ? 'other processes (the PostgreSQL server among them)' : 'other processes';
      console.log(`  ${''.padEnd(16)} ${who} used ${Math.max(0, share * 100).toFixed(0)} % of one CPU while the calls ran`);
    }
    console.log(
      `  ${''.padEnd(16)} ${withClientGc} of the ${calls.toLocaleString('en-US')} calls (warm-up included) had a garbage collection of the client in them`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

export async function describeEventsBench(o: DescribeOptions, pgUrl: string | undefined, sqlite = true): Promise<void> {
  console.log(
    `\nDescribeContainerGroupEvents: ${o.events.toLocaleString('en-US')} events over ${o.groups.toLocaleString('en-US')} groups, ${o.idsPerCall} groups per call, newest 50 each, over HTTP (keep-alive) to a separate server process`,
  );
  if (sqlite) {
    const dir = mkdtempSync(join(tmpdir(), 'eci-bench-describe-'));
    try {
      const file = join(dir, 'events.db');
      await run('sqlite', file, o);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!pgUrl) return;
  const name = `eci_bench_describe_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    await run('postgres', url.toString(), o);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

// Run on its own: node dist/bench/describe-events.js [--events N --groups N --calls N] [--skip-postgres]
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--client')) client();
else if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--load')) loader();
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string, fallback: number) => {
    const at = process.argv.indexOf(name);
    return at < 0 ? fallback : Number(process.argv[at + 1]);
  };
  const o = {
    ...DESCRIBE_DEFAULTS,
    events: arg('--events', DESCRIBE_DEFAULTS.events),
    groups: arg('--groups', DESCRIBE_DEFAULTS.groups),
    calls: arg('--calls', DESCRIBE_DEFAULTS.calls),
  };
  const pgUrl = process.argv.includes('--skip-postgres') ? undefined : (process.env.ECI_EVENTS_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test');
  await describeEventsBench(o, pgUrl);
}
