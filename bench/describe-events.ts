// DescribeContainerGroupEvents latency: 1,000,000 stored events over 100,000 container groups,
// then signed OpenAPI calls asking for 20 random groups each, against the built CLI's server in a
// process of its own, from a client in a process of its own that keeps its garbage collections
// out of the timed calls, in rounds alternating with the floor (DescribeRegions, a signed call that
// reads nothing). Prints median, p99, the server's CPU per call of each and their ratios; asserts
// only that every answer is complete.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { API_VERSION } from '../src/api/api-version.js';
import { signV3 } from '../src/api/core/signature.js';
import type { EventStore, EventWrite } from '../src/store/index.js';
import { PostgresEventStore } from '../src/store/postgres/store.js';
import { SqliteEventStore } from '../src/store/sqlite/store.js';
import { postmasterOf } from './postgres-cpu.js';
import { Prng } from './prng.js';

export interface DescribeOptions {
  events: number;
  groups: number;
  /** Timed calls of each action: as many DescribeRegions as DescribeContainerGroupEvents. */
  calls: number;
  idsPerCall: number;
  /**
   * The calls of each action are made in this many rounds, the two actions' rounds alternating,
   * so that a change in the machine's load during the run falls on both alike.
   */
  rounds: number;
  /**
   * Keep the loaded store for later runs (a SQLite file in this directory, a PostgreSQL database
   * named after the data set), and use one kept by an earlier run: loading takes about a minute.
   */
  keepDir: string | undefined;
}

export const DESCRIBE_DEFAULTS: DescribeOptions = { events: 1_000_000, groups: 100_000, calls: 2_000, idsPerCall: 20, rounds: 20, keepDir: undefined };

/** The goal (issue 15): DescribeContainerGroupEvents p99 at most this many times the floor's. */
export const P99_RATIO_GOAL = 1.5;
/** Untimed calls of each action before the rounds: the JIT and the server's caches warm up. */
const WARM_UP = 50;

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
async function floorCall(host: string): Promise<number> {
  const { ms, status } = await timedCall(host, 'DescribeRegions', { RegionId: 'cn-hangzhou' });
  if (status !== 200) throw new Error(`DescribeRegions answered ${status}`);
  return ms;
}

/** One DescribeContainerGroupEvents call for random groups; fails unless every group has all its events. */
async function describeCall(host: string, o: DescribeOptions, rng: Prng): Promise<number> {
  const ids = [...new Set(Array.from({ length: o.idsPerCall }, () => groupId(rng.int(o.groups))))];
  const expected = Math.min(50, Math.ceil(o.events / o.groups));
  const answer = await timedCall(host, 'DescribeContainerGroupEvents', { RegionId: 'cn-hangzhou', ContainerGroupIds: JSON.stringify(ids) });
  const body = answer.body as { Data?: Array<{ Events: unknown[] }> };
  if (answer.status !== 200 || !body.Data || body.Data.length !== ids.length || body.Data.some((d) => d.Events.length !== expected)) {
    throw new Error(`incomplete answer (${answer.status}): ${JSON.stringify(body).slice(0, 300)}`);
  }
  return answer.ms;
}

/** The processes whose CPU counts as the server's: `serve`, and on PostgreSQL the database's backends. */
interface ServerProcesses {
  serve: number;
  postgres?: { postmaster: number; database: string };
}

/** CPU ticks (1/100 s) of one process so far (utime + stime of all its threads). */
function processTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU ticks of the backends serving one database, by pid (those of other databases left out). */
function backendTicks(pg: { postmaster: number; database: string }): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(stat[1]) !== pg.postmaster) continue;
      // A backend's title: "postgres: 15/main: USER DATABASE HOST(PORT) STATE".
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/).includes(pg.database)) continue;
      out.set(pid, Number(stat[11]) + Number(stat[12]));
    } catch {
      // gone between the listing and the read
    }
  }
  return out;
}

/** Server CPU, in ticks, spent between two readings. */
class CpuMeter {
  serve = 0;
  database = 0;

  constructor(private readonly server: ServerProcesses) {}

  read(): { serve: number; backends: Map<number, number> } {
    return { serve: processTicks(this.server.serve), backends: this.server.postgres ? backendTicks(this.server.postgres) : new Map() };
  }

  add(before: ReturnType<CpuMeter['read']>, after: ReturnType<CpuMeter['read']>): void {
    this.serve += after.serve - before.serve;
    // A backend that started in between spent all of its CPU in it; one that ended is lost (rare: the pool keeps them).
    for (const [pid, ticks] of after.backends) this.database += ticks - (before.backends.get(pid) ?? 0);
  }
}

interface Measured {
  ms: number[];
  /** Server CPU ticks over the timed calls: serve's, and the PostgreSQL backends'. */
  serveTicks: number;
  databaseTicks: number;
}

/**
 * Both actions in alternating rounds (floor first in even rounds, last in odd ones), each round
 * bracketed by readings of the server's CPU, which the client reads from /proc between calls.
 */
async function measureRounds(host: string, o: DescribeOptions, server: ServerProcesses): Promise<{ floor: Measured; describe: Measured }> {
  const rng = new Prng(7);
  for (let i = 0; i < WARM_UP; i++) {
    await floorCall(host);
    await describeCall(host, o, rng);
  }
  const kinds = {
    floor: { ms: [] as number[], cpu: new CpuMeter(server), call: () => floorCall(host) },
    describe: { ms: [] as number[], cpu: new CpuMeter(server), call: () => describeCall(host, o, rng) },
  };
  for (let r = 0; r < o.rounds; r++) {
    const calls = Math.floor(o.calls / o.rounds) + (r < o.calls % o.rounds ? 1 : 0);
    for (const kind of r % 2 === 0 ? [kinds.floor, kinds.describe] : [kinds.describe, kinds.floor]) {
      const before = kind.cpu.read();
      for (let i = 0; i < calls; i++) kind.ms.push(await kind.call());
      kind.cpu.add(before, kind.cpu.read());
    }
  }
  const done = (k: typeof kinds.floor): Measured => ({ ms: k.ms.sort((a, b) => a - b), serveTicks: k.cpu.serve, databaseTicks: k.cpu.database });
  return { floor: done(kinds.floor), describe: done(kinds.describe) };
}

interface Latencies {
  floor: Measured;
  describe: Measured;
  /** Calls (warm-up ones included) during which the client collected garbage all the same. */
  withClientGc: number;
  calls: number;
}

/** Makes the calls from a process of its own, which may collect its garbage when it chooses. */
function callFromChild(host: string, o: DescribeOptions, server: ServerProcesses): Promise<Latencies> {
  // --single-threaded-gc: the client's collections, made between calls, finish there; with helper
  // threads, their concurrent sweeping ran on into the next call, beside the server.
  const child = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: 'inherit', execArgv: ['--expose-gc', '--single-threaded-gc'] });
  child.send({ host, o, server });
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
    const { host, o, server } = m as { host: string; o: DescribeOptions; server: ServerProcesses };
    const reply = (answer: Latencies | { error: string }) => process.send!(answer, () => process.disconnect());
    clientGc = new ClientGc();
    measureRounds(host, o, server)
      .then(async (measured) => reply({ ...measured, ...(await clientGc!.report()) }))
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

/** Per-call figures of one action: latency percentiles and the server's CPU. */
function line(label: string, m: Measured, pg: boolean): string {
  const perCall = (ticks: number) => ((ticks * 10) / m.ms.length).toFixed(2); // ticks are 1/100 s (USER_HZ)
  return (
    `  ${label.padEnd(16)} median ${percentile(m.ms, 0.5).toFixed(2)} ms   p99 ${percentile(m.ms, 0.99).toFixed(2)} ms   max ${m.ms.at(-1)!.toFixed(2)} ms` +
    `   serve CPU ${perCall(m.serveTicks)} ms/call` +
    (pg ? `, PostgreSQL backends ${perCall(m.databaseTicks)} ms/call` : '')
  );
}

/** What `run` loads into, how it is kept, and the processes to count as the server. */
interface Target {
  backend: Backend;
  db: string;
  /** Whether the store already holds the data set (kept by an earlier run). */
  loaded: boolean;
  /** Marks the store as holding the whole data set, once it does. */
  markLoaded: () => Promise<void>;
  postgres?: ServerProcesses['postgres'];
}

async function run(t: Target, o: DescribeOptions): Promise<void> {
  const label = t.backend;
  const loadStart = Date.now();
  if (!t.loaded) {
    await loadInChild(label, t.db, o);
    await t.markLoaded();
  }
  const loaded = t.loaded ? 'a kept store' : `loaded ${o.events.toLocaleString('en-US')} events in ${((Date.now() - loadStart) / 1000).toFixed(1)} s`;
  const { child, host } = await startServer(t.db);
  try {
    const before = cpuTicks([child.pid!, process.pid]);
    const start = Date.now();
    const { floor, describe, withClientGc, calls } = await callFromChild(host, o, { serve: child.pid!, postgres: t.postgres });
    const after = cpuTicks([child.pid!, process.pid]);
    const pg = t.postgres !== undefined;
    console.log(
      `  ${label}: ${o.calls} calls of each action in ${o.rounds} alternating rounds (${loaded}), load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(line('floor', floor, pg) + '   (DescribeRegions: a signed call that reads nothing)');
    console.log(line('describe', describe, pg));
    const p99 = percentile(describe.ms, 0.99) / percentile(floor.ms, 0.99);
    const median = percentile(describe.ms, 0.5) / percentile(floor.ms, 0.5);
    const cpu = describe.serveTicks / floor.serveTicks;
    console.log(
      `  ${'ratio'.padEnd(16)} p99 ${p99.toFixed(2)}x (goal: at most ${P99_RATIO_GOAL}x, ${p99 <= P99_RATIO_GOAL ? 'met' : 'NOT met'})   median ${median.toFixed(2)}x   serve CPU ${cpu.toFixed(2)}x`,
    );
    if (before && after) {
      // The client has exited and been reaped: its ticks are among ours.
      const others = after.machine - before.machine - (after.processes - before.processes);
      const share = others / 100 / ((Date.now() - start) / 1000); // ticks are 1/100 s (USER_HZ)
      const who = pg ? 'other processes (the PostgreSQL server among them)' : 'other processes';
      console.log(`  ${''.padEnd(16)} ${who} used ${Math.max(0, share * 100).toFixed(0)} % of one CPU while the calls ran`);
    }
    console.log(
      `  ${''.padEnd(16)} ${withClientGc} of the ${calls.toLocaleString('en-US')} calls (warm-up included) had a garbage collection of the client in them`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

/** The name a kept store of this data set goes by. */
const keptName = (o: DescribeOptions) => `eci_bench_describe_${o.events}_${o.groups}`;

async function sqliteBench(o: DescribeOptions): Promise<void> {
  if (o.keepDir) {
    mkdirSync(o.keepDir, { recursive: true });
    const file = join(o.keepDir, `${keptName(o)}.db`);
    // The mark is written once the loader has exited: a file without it is a load cut short.
    const mark = `${file}.loaded`;
    const loaded = existsSync(mark) && existsSync(file);
    if (!loaded) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    await run({ backend: 'sqlite', db: file, loaded, markLoaded: async () => writeFileSync(mark, `${new Date().toISOString()}\n`) }, o);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'eci-bench-describe-'));
  try {
    await run({ backend: 'sqlite', db: join(dir, 'events.db'), loaded: false, markLoaded: async () => {} }, o);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresBench(o: DescribeOptions, pgUrl: string): Promise<void> {
  const name = o.keepDir ? keptName(o) : `eci_bench_describe_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  // The database's comment says a load finished: one without it is a load cut short.
  const kept = await admin.query<{ comment: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [
    name,
  ]);
  const loaded = kept.rows[0]?.comment === 'loaded';
  try {
    if (!loaded) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
    const postmaster = postmasterOf((await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    const markLoaded = async () => void (await admin.query(`COMMENT ON DATABASE ${name} IS 'loaded'`));
    await run({ backend: 'postgres', db: url.toString(), loaded, markLoaded, postgres: { postmaster, database: name } }, o);
  } finally {
    if (!o.keepDir) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function describeEventsBench(o: DescribeOptions, pgUrl: string | undefined, sqlite = true): Promise<void> {
  console.log(
    `\nDescribeContainerGroupEvents: ${o.events.toLocaleString('en-US')} events over ${o.groups.toLocaleString('en-US')} groups, ${o.idsPerCall} groups per call, newest 50 each, over HTTP (keep-alive) to a separate server process`,
  );
  if (sqlite) await sqliteBench(o);
  if (pgUrl) await postgresBench(o, pgUrl);
}

// Run on its own: node dist/bench/describe-events.js [--events N --groups N --calls N --rounds N --keep DIR] [--skip-postgres] [--skip-sqlite]
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--client')) client();
else if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--load')) loader();
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = (name: string) => process.argv.indexOf(name);
  const arg = (name: string, fallback: number) => (at(name) < 0 ? fallback : Number(process.argv[at(name) + 1]));
  const o: DescribeOptions = {
    ...DESCRIBE_DEFAULTS,
    events: arg('--events', DESCRIBE_DEFAULTS.events),
    groups: arg('--groups', DESCRIBE_DEFAULTS.groups),
    calls: arg('--calls', DESCRIBE_DEFAULTS.calls),
    rounds: arg('--rounds', DESCRIBE_DEFAULTS.rounds),
    keepDir: at('--keep') < 0 ? undefined : process.argv[at('--keep') + 1],
  };
  const pgUrl = process.argv.includes('--skip-postgres') ? undefined : (process.env.ECI_EVENTS_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test');
  await describeEventsBench(o, pgUrl, !process.argv.includes('--skip-sqlite'));
}
