// Watch fan-out (issue 15): the built CLI's server on SQLite in a process of its own; N watchers
// (half Server-Sent Events on /v1/changes/stream, half Kubernetes watches of events over TLS)
// held by a second process; producers reporting R events/s, one report per request, through the
// HTTP ingest API from a third. First the producers alone for T seconds (the acknowledgement
// latency without watchers), then with every watcher connected for T seconds. Each report names
// a new object whose name carries the producer's send time, so each watcher measures
// report-to-delivery itself, on the same clock (performance.timeOrigin + now() in both).
// Prints latencies per wire form, the acknowledgements with and without watchers, the server's
// CPU and memory; fails (MISMATCH) unless every watcher got every report exactly once.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_VERSION } from '../src/api/api-version.js';
import { signV3 } from '../src/api/core/signature.js';

export interface WatcherOptions {
  watchers: number;
  /** Reports per second, all producers together. */
  rate: number;
  /** Seconds each phase (without, then with the watchers) reports for. */
  seconds: number;
  /** Write a V8 CPU profile of the server and of the watcher process into this directory. */
  cpuProfDir?: string;
  /** Extra `serve` arguments, to compare settings. */
  serveArgs?: string[];
}

export const WATCHER_DEFAULTS: WatcherOptions = { watchers: 1_000, rate: 100, seconds: 20 };

function profileArgs(dir: string | undefined, name: string): string[] {
  if (!dir) return [];
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`];
}

const KEY = { id: 'LTAIbenchkey000000001', secret: 'bench-secret-0000000000000001' };
const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
/** How long the watchers may take, after the last report, to have every change. */
const SETTLE_MS = 60_000;
/** Reports one producer process may have unanswered. */
const IN_FLIGHT = 32;

/** Milliseconds on a clock every process on the machine shares. */
const wallMs = () => performance.timeOrigin + performance.now();

type Percentiles = { n: number; p50: number; p99: number; max: number };

function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

// ---- the server ----

/** The server prints its memory on SIGUSR2 (it has no endpoint for it): preloaded, not part of the service. */
const MEMORY_HOOK = `data:text/javascript,process.on('SIGUSR2',()=>process.stderr.write('MEMORY '+JSON.stringify(process.memoryUsage())+'\\n'))`;

interface Server {
  child: ChildProcess;
  host: string;
  kube: { server: string; certificateAuthority: string };
  memory(): Promise<{ rss: number; heapUsed: number; heapTotal: number; external: number }>;
  cpuSeconds(): number;
}

async function startServer(db: string, cpuProfDir: string | undefined, serveArgs: readonly string[]): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      MEMORY_HOOK,
      ...profileArgs(cpuProfDir, 'watchers-serve'),
      BIN,
      'serve',
      '--db',
      db,
      '--port',
      '0',
      '--kube-port',
      '0',
      '--log-level',
      'error',
      '--throttle-rate',
      '0',
      '--max-connections-per-address',
      '0',
      '--retention',
      '36500d',
      '--access-key-id',
      KEY.id,
      '--access-key-secret',
      KEY.secret,
      ...serveArgs,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const memoryWaiters: Array<(m: string) => void> = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk;
    for (let m = /MEMORY (\{[^\n]*\})\n/.exec(stderr); m; m = /MEMORY (\{[^\n]*\})\n/.exec(stderr)) {
      stderr = stderr.replace(m[0], '');
      memoryWaiters.shift()?.(m[1]!);
    }
  });
  const host = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on http:\/\/(\S+)/.exec(stderr);
      if (m) resolve(m[1]!);
    };
    child.stderr!.on('data', check);
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  const kube = JSON.parse((await call(new HttpAgent(), host, 'GET', '/v1/kube', '')).text) as Server['kube'];
  return {
    child,
    host,
    kube,
    memory: () =>
      new Promise((resolve) => {
        memoryWaiters.push((m) => resolve(JSON.parse(m)));
        child.kill('SIGUSR2');
      }),
    cpuSeconds: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime stime, in USER_HZ ticks
    },
  };
}

/** One signed call of the JSON API. */
function call(agent: HttpAgent, host: string, method: 'GET' | 'POST', path: string, body: string): Promise<{ status: number; text: string }> {
  const headers = signV3(
    { method, host, path, query: {}, body, action: 'Ingest', version: API_VERSION, ...(body ? { contentType: 'application/json' } : {}) },
    KEY.id,
    KEY.secret,
  );
  return new Promise((resolve, reject) => {
    const req = httpRequest(`http://${host}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---- the producers (a process of their own) ----

interface ProduceRequest {
  host: string;
  rate: number;
  seconds: number;
  tag: string;
}
interface ProduceResult {
  sent: number;
  failed: number;
  ack: Percentiles;
  error?: string;
}

/** Reports `rate` per second on a fixed schedule (open loop: a slow answer does not slow the sending). */
async function produce(r: ProduceRequest): Promise<ProduceResult> {
  const agent = new HttpAgent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const total = Math.round(r.rate * r.seconds);
  const acks: number[] = [];
  let failed = 0;
  const start = performance.now();
  const pending = new Set<Promise<void>>();
  for (let seq = 0; seq < total; seq++) {
    const due = start + (seq * 1000) / r.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sentAt = wallMs();
    // The name carries the send time in microseconds: a watcher measures delivery from it.
    const name = `${r.tag}-${seq}-${Math.round(sentAt * 1000)}`;
    const body = JSON.stringify({ reports: [{ object: { name, uid: `eci-${name}` }, reason: 'NoStock', args: ['cn-hangzhou-k'] }] });
    const p = call(agent, r.host, 'POST', '/v1/ingest', body).then(
      ({ status, text }) => {
        if (status === 200 && (JSON.parse(text) as { accepted: number }).accepted === 1) acks.push(wallMs() - sentAt);
        else failed++;
      },
      () => void failed++,
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }
  await Promise.all(pending);
  agent.destroy();
  return { sent: total, failed, ack: percentiles(acks) };
}

// ---- the watchers (a process of their own) ----

interface WatchRequest {
  host: string;
  kube: Server['kube'];
  watchers: number;
  resourceVersion: string;
  tag: string;
}
interface WatchResult {
  connectSeconds: number;
  sse: Percentiles;
  kube: Percentiles;
  /** Watchers whose deliveries were not exactly the reports, each once. */
  wrong: number;
  /** Deliveries that were not of this phase's reports. */
  strangers: number;
  /** CPU seconds the watcher process used from the last connection to the last delivery. */
  cpuSeconds: number;
  error?: string;
}

class Watcher {
  count = 0;
  seqSum = 0;
  private rest = '';

  constructor(
    private readonly delimiter: string,
    private readonly tag: string,
    private readonly latencies: number[],
    private readonly onStranger: () => void,
  ) {}

  take(chunk: string): void {
    const now = wallMs();
    const text = this.rest + chunk;
    let from = 0;
    for (let end = text.indexOf(this.delimiter, from); end >= 0; end = text.indexOf(this.delimiter, from)) {
      this.frame(text.slice(from, end), now);
      from = end + this.delimiter.length;
    }
    this.rest = text.slice(from);
  }

  private frame(frame: string, now: number): void {
    // SSE: comments, `retry:`, keep-alives; kube: BOOKMARKs. Only changes carry a name.
    const at = frame.indexOf('"name":"');
    if (at < 0 || (this.delimiter === '\n\n' && !frame.includes('event: change'))) return;
    const m = /^([a-z]+)-(\d+)-(\d+)/.exec(frame.slice(at + 8, at + 80));
    if (!m || m[1] !== this.tag) return this.onStranger();
    this.count++;
    this.seqSum += Number(m[2]);
    this.latencies.push(now - Number(m[3]) / 1000);
  }
}

async function watch(r: WatchRequest, connected: () => void): Promise<WatchResult> {
  const sseLatencies: number[] = [];
  const kubeLatencies: number[] = [];
  let strangers = 0;
  const stranger = () => void strangers++;
  const watchers: Watcher[] = [];
  const responses: IncomingMessage[] = [];
  const httpAgent = new HttpAgent({ keepAlive: false, maxSockets: Infinity });
  const kubeUrl = new URL(r.kube.server);
  const httpsAgent = new HttpsAgent({ keepAlive: false, maxSockets: Infinity, ca: r.kube.certificateAuthority });
  const start = performance.now();
  const open = (i: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const sse = i % 2 === 0;
      const w = new Watcher(sse ? '\n\n' : '\n', r.tag, sse ? sseLatencies : kubeLatencies, stranger);
      watchers.push(w);
      const onResponse = (res: IncomingMessage) => {
        if (res.statusCode !== 200) return reject(new Error(`${sse ? 'SSE' : 'kube watch'} answered ${res.statusCode}`));
        responses.push(res);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => w.take(chunk));
        resolve();
      };
      const req = sse
        ? httpRequest(
            `http://${r.host}/v1/changes/stream`,
            {
              agent: httpAgent,
              headers: signV3(
                { method: 'GET', host: r.host, path: '/v1/changes/stream', query: {}, body: '', action: 'Ingest', version: API_VERSION },
                KEY.id,
                KEY.secret,
              ),
            },
            onResponse,
          )
        : httpsRequest(
            `${kubeUrl.origin}/api/v1/namespaces/default/events?watch=true&resourceVersion=${r.resourceVersion}`,
            {
              agent: httpsAgent,
              headers: { authorization: `Bearer ${KEY.id}:${KEY.secret}` },
            },
            onResponse,
          );
      req.on('error', reject);
      req.end();
    });
  // A few hundred at a time: the TLS handshakes are the slow part.
  for (let i = 0; i < r.watchers; i += 200) await Promise.all(Array.from({ length: Math.min(200, r.watchers - i) }, (_, j) => open(i + j)));
  const connectSeconds = (performance.now() - start) / 1000;
  // An SSE stream's position is the latest version when it opened: give the last ones a moment
  // to have read it before any report of the phase is made.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const cpu = process.cpuUsage();
  connected();
  const expected = await new Promise<number>((resolve) => settleExpected.push(resolve));
  const seqSum = (expected * (expected - 1)) / 2;
  const deadline = performance.now() + SETTLE_MS;
  while (performance.now() < deadline && watchers.some((w) => w.count < expected)) await new Promise((resolve) => setTimeout(resolve, 100));
  const used = process.cpuUsage(cpu);
  const wrong = watchers.filter((w) => w.count !== expected || w.seqSum !== seqSum).length;
  for (const res of responses) res.destroy();
  return { connectSeconds, sse: percentiles(sseLatencies), kube: percentiles(kubeLatencies), wrong, strangers, cpuSeconds: (used.user + used.system) / 1e6 };
}

const settleExpected: Array<(n: number) => void> = [];

function watcherProcess(): void {
  process.on('message', (m: { type: string } & Partial<WatchRequest> & { expected?: number }) => {
    if (m.type === 'watch') {
      watch(m as WatchRequest, () => void process.send!({ type: 'connected' }))
        .then((result) => process.send!({ type: 'result', result }, () => process.disconnect()))
        .catch((err: Error) => process.send!({ type: 'result', result: { error: err.stack ?? err.message } }, () => process.disconnect()));
    } else if (m.type === 'expect') settleExpected.shift()?.(m.expected!);
  });
}

function producerProcess(): void {
  process.once('message', (m: ProduceRequest) => {
    produce(m)
      .then((result) => process.send!(result, () => process.disconnect()))
      .catch((err: Error) => process.send!({ error: err.message }, () => process.disconnect()));
  });
}

// ---- the parent ----

function runProducers(r: ProduceRequest): Promise<ProduceResult> {
  const child = fork(SELF, ['--producer'], { stdio: 'inherit' });
  child.send(r);
  return new Promise((resolve, reject) => {
    let result: ProduceResult | undefined;
    child.on('message', (m) => (result = m as ProduceResult));
    child.on('exit', (code) => (result && !result.error ? resolve(result) : reject(new Error(result?.error ?? `the producers exited ${code}`))));
  });
}

const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** Runs the part; false when it failed (a MISMATCH, or an error). */
export async function watchersBench(o: WatcherOptions): Promise<boolean> {
  console.log(
    `\nWatch fan-out: ${o.watchers.toLocaleString('en-US')} watchers (${Math.ceil(o.watchers / 2)} SSE, ${Math.floor(o.watchers / 2)} Kubernetes watch over TLS), ` +
      `${o.rate} reports/s (one per request) for ${o.seconds} s without, then ${o.seconds} s with them; SQLite; server, watchers and producers in three processes`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'eci-bench-watchers-'));
  const server = await startServer(join(dir, 'events.db'), o.cpuProfDir, o.serveArgs ?? []);
  try {
    const cpu0 = server.cpuSeconds();
    const alone = await runProducers({ host: server.host, rate: o.rate, seconds: o.seconds, tag: 'alone' });
    const cpuAlone = server.cpuSeconds() - cpu0;
    const idle = await server.memory();

    const list = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(
        `${new URL(server.kube.server).origin}/api/v1/namespaces/default/events?limit=1`,
        { ca: server.kube.certificateAuthority, headers: { authorization: `Bearer ${KEY.id}:${KEY.secret}` } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    const resourceVersion = (JSON.parse(list) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;

    const client = fork(SELF, ['--watcher'], { stdio: 'inherit', execArgv: ['--max-old-space-size=4096', ...profileArgs(o.cpuProfDir, 'watchers-client')] });
    const connected = new Promise<void>((resolve) => client.on('message', (m: { type: string }) => m.type === 'connected' && resolve()));
    const finished = new Promise<WatchResult>((resolve, reject) => {
      client.on('message', (m: { type: string; result?: WatchResult }) => m.type === 'result' && resolve(m.result!));
      // Its last message may come after its exit is noticed.
      client.on('exit', (code) => setTimeout(() => reject(new Error(`the watchers exited ${code} without a result`)), 1000));
    });
    client.send({ type: 'watch', host: server.host, kube: server.kube, watchers: o.watchers, resourceVersion, tag: 'watched' });
    const early = await Promise.race([connected, finished]);
    if (early) throw new Error(early.error ?? 'the watchers ended before the reports');
    const held = await server.memory();

    const cpu1 = server.cpuSeconds();
    const watched = await runProducers({ host: server.host, rate: o.rate, seconds: o.seconds, tag: 'watched' });
    client.send({ type: 'expect', expected: watched.sent - watched.failed });
    const result = await finished;
    const cpuWatched = server.cpuSeconds() - cpu1;
    if (!result || result.error) throw new Error(result?.error ?? 'the watchers sent no result');

    const deliveries = result.sse.n + result.kube.n;
    const expected = (watched.sent - watched.failed) * o.watchers;
    console.log(`  watchers connected in ${result.connectSeconds.toFixed(1)} s`);
    console.log(
      `  report-to-delivery  SSE   p50 ${ms(result.sse.p50)}  p99 ${ms(result.sse.p99)}  max ${ms(result.sse.max)}  (${result.sse.n.toLocaleString('en-US')} deliveries)`,
    );
    console.log(
      `  report-to-delivery  kube  p50 ${ms(result.kube.p50)}  p99 ${ms(result.kube.p99)}  max ${ms(result.kube.max)}  (${result.kube.n.toLocaleString('en-US')} deliveries)`,
    );
    console.log(
      `  ingest ack without watchers  p50 ${ms(alone.ack.p50)}  p99 ${ms(alone.ack.p99)}  max ${ms(alone.ack.max)}  (${alone.ack.n} reports, ${alone.failed} failed)`,
    );
    console.log(
      `  ingest ack with watchers     p50 ${ms(watched.ack.p50)}  p99 ${ms(watched.ack.p99)}  max ${ms(watched.ack.max)}  (${watched.ack.n} reports, ${watched.failed} failed)` +
        `  p99 ratio ${(watched.ack.p99 / alone.ack.p99).toFixed(2)}`,
    );
    console.log(
      `  server CPU: ${cpuAlone.toFixed(1)} s without watchers, ${cpuWatched.toFixed(1)} s with them ` +
        `(${(((cpuWatched - cpuAlone) / Math.max(1, deliveries)) * 1e6).toFixed(1)} us more per delivery); the watcher process: ${result.cpuSeconds.toFixed(1)} s`,
    );
    console.log(
      `  server memory: idle RSS ${mib(idle.rss)} heap ${mib(idle.heapUsed)}; ${o.watchers.toLocaleString('en-US')} watchers connected: RSS ${mib(held.rss)} heap ${mib(held.heapUsed)} ` +
        `(${((held.rss - idle.rss) / 1024 / o.watchers).toFixed(1)} KiB RSS per watcher)`,
    );
    const exact = deliveries === expected && result.wrong === 0 && result.strangers === 0 && watched.failed === 0 && alone.failed === 0;
    console.log(
      exact
        ? `  deliveries: ${deliveries.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} expected, every watcher every report once`
        : `  MISMATCH: ${deliveries.toLocaleString('en-US')} deliveries of ${expected.toLocaleString('en-US')} expected; ${result.wrong} watchers wrong, ` +
            `${result.strangers} deliveries of other reports, ${alone.failed + watched.failed} reports failed`,
    );
    return exact;
  } finally {
    server.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === SELF && process.argv.includes('--watcher')) watcherProcess();
else if (process.argv[1] === SELF && process.argv.includes('--producer')) producerProcess();
