// The load generator of the ingest and replicas parts, a process of its own (forked by
// bench/ingest.ts): a fixed number of requests, or as many as fit in a fixed time, `inFlight` at a
// time over as many keep-alive connections (undici), each request timed from its send to its
// answer. The same shape drives eci-events' POST /v1/ingest and etcd's put-with-lease, so the two
// figures of one run compare like with like. A 429 waits its Retry-After, then the same reports go
// again (a new signature and nonce), as a producer does.
import { Pool } from 'undici';
import { API_VERSION } from '../src/api/api-version.js';
import { signV3 } from '../src/api/core/signature.js';
import { ManualClock } from '../src/model/clock.js';
import type { ReportInput } from '../src/recorder/index.js';
import { eventRow, START_MICROS } from './rows.js';
import { generateWorkload, type Workload } from './workload.js';

export interface LoadSpec {
  target: 'eci' | 'etcd';
  /** http://host:port */
  origin: string;
  /** eci: the replicas: request i goes to origins[i % n], `inFlight` split evenly (default [origin]). */
  origins?: string[];
  /** Requests made; with `seconds`, the requests sent in turn (again from the first) until the time is up. */
  requests: number;
  /** Send new requests for this long, then wait for the answers of those in flight. */
  seconds?: number;
  /**
   * eci: every this-many-th request carries the reports of the one before it, which went to the
   * next replica at about the same time: the same events counted from two replicas at once.
   */
  twinEvery?: number;
  /** eci: answer with the acknowledged reports of each event, by the store's dedup key. */
  perEvent?: boolean;
  perRequest: number;
  inFlight: number;
  seed: number;
  /** eci: the access key to sign with; the query the ingest answer is asked in. */
  key?: { id: string; secret: string };
  query?: string;
  /** etcd: the lease every put is attached to; keys go under this prefix. */
  lease?: string;
  prefix?: string;
}

export interface LoadResult {
  seconds: number;
  /** Reports (puts) the server acknowledged as stored. */
  acknowledged: number;
  /** Items the server refused on their merits (there should be none). */
  refused: number;
  throttled: number;
  failures: string[];
  /** Per request, send to answer, ms (the answer that acknowledged it; throttled tries not counted). */
  p50: number;
  p99: number;
  max: number;
  cpuSeconds: number;
  /** Requests answered, and reports acknowledged, by each origin (in `origins` order). */
  perOrigin: Array<{ requests: number; acknowledged: number }>;
  /** With `seconds`: how many times the prepared requests were gone through (more than 1: events repeat more). */
  laps: number;
  /** With `perEvent`: [dedup key as decimal digits, reports acknowledged] of every event acknowledged at least once. */
  perEvent?: Array<[string, number]>;
}

interface Req {
  path: string;
  body: string;
  /** Items in the body. */
  items: number;
  /** eci: the workload's event of each item. */
  events?: ArrayLike<number>;
}

/** The requests of a run, request i made when it is first sent (a timed run's can be many). */
interface Requests {
  count: number;
  at(i: number): Req;
  workload?: Workload;
}

function eciRequests(spec: LoadSpec): Requests {
  const total = spec.requests * spec.perRequest;
  // Mostly new events, some repeats (a crash loop), about as many objects as a busy cluster's.
  const w = generateWorkload({ reports: total, objects: 10_000, repeatShare: 0.3, seed: spec.seed });
  const twin = spec.twinEvery ?? 0;
  // Where each request's reports start in the workload's sequence; a twin starts where the one before it did.
  const starts: number[] = [];
  for (let at = 0, i = 0; at < total; i++) {
    if (twin > 1 && i % twin === twin - 1) starts.push(starts[i - 1]!);
    else {
      starts.push(at);
      at += spec.perRequest;
    }
  }
  const path = `/v1/ingest${spec.query ? `?${spec.query}` : ''}`;
  const make = (i: number): Req => {
    const events = w.sequence.subarray(starts[i]!, Math.min(total, starts[i]! + spec.perRequest));
    const reports = Array.from(events, (e) => asItem(w.events[e]!));
    return { path, body: JSON.stringify({ reports }), items: reports.length, events };
  };
  // A fixed run's bodies are made before the clock starts, as before; a timed run's as they go.
  const made = spec.seconds === undefined ? starts.map((_, i) => make(i)) : undefined;
  return { count: starts.length, at: (i) => made?.[i] ?? make(i), workload: w };
}

/** A report as the ingest API's item (ReportInput keeps its options apart). */
function asItem(r: ReportInput): unknown {
  return { object: r.object, reason: r.reason, args: r.args, ...(r.options?.source ? { source: r.options.source } : {}) };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

function etcdRequests(spec: LoadSpec): Requests {
  const value = b64(JSON.stringify({ reason: 'NoStock', message: 'Create ECI failed because the specified instance is out of stock.', count: 1 }));
  const reqs = Array.from({ length: spec.requests }, (_, i) => ({
    path: '/v3/kv/put',
    body: JSON.stringify({ key: b64(`${spec.prefix}${String(i).padStart(9, '0')}`), value, lease: spec.lease }),
    items: 1,
  }));
  return { count: reqs.length, at: (i) => reqs[i]! };
}

/** Acknowledged reports per event, keyed as the store keys them (computed after the timed part). */
function byDedupKey(w: Workload, acked: Int32Array): Array<[string, number]> {
  const clock = new ManualClock(START_MICROS);
  const out: Array<[string, number]> = [];
  acked.forEach((n, e) => {
    if (n > 0) out.push([String(eventRow(clock, w.events[e]!, e).key), n]);
  });
  return out;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const reqs = spec.target === 'eci' ? eciRequests(spec) : etcdRequests(spec);
  const origins = spec.origins ?? [spec.origin];
  const pools = origins.map((o) => new Pool(o, { connections: Math.ceil(spec.inFlight / origins.length), pipelining: 1, keepAliveTimeout: 60_000 }));
  const perOrigin = origins.map(() => ({ requests: 0, acknowledged: 0 }));
  const acked = spec.perEvent && reqs.workload ? new Int32Array(reqs.workload.events.length) : undefined;
  const latencies: number[] = [];
  const failures: string[] = [];
  let acknowledged = 0;
  let refused = 0;
  let throttled = 0;
  let next = 0;
  let sent = 0;
  let deadline = Infinity;

  const send = async (r: Req, o: number): Promise<{ status: number; headers: Record<string, unknown>; text: string }> => {
    const host = new URL(origins[o]!).host;
    const headers: Record<string, string> =
      spec.target === 'eci'
        ? signV3(
            {
              method: 'POST',
              host,
              path: '/v1/ingest',
              query: spec.query ? Object.fromEntries(new URLSearchParams(spec.query)) : {},
              body: r.body,
              action: 'Ingest',
              version: API_VERSION,
              contentType: 'application/json',
            },
            spec.key!.id,
            spec.key!.secret,
          )
        : { 'content-type': 'application/json' };
    const res = await pools[o]!.request({ method: 'POST', path: r.path, headers, body: r.body });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  };

  const more = (i: number): boolean => (spec.seconds === undefined ? i < reqs.count : performance.now() < deadline);
  const worker = async (): Promise<void> => {
    for (let i = next++; more(i); i = next++) {
      sent++;
      const r = reqs.at(i % reqs.count);
      const o = i % origins.length;
      for (;;) {
        const t0 = performance.now();
        let answer;
        try {
          answer = await send(r, o);
        } catch (err) {
          failures.push(`request ${i}: ${(err as Error).message}`);
          break;
        }
        if (answer.status === 429) {
          throttled++;
          const wait = Number(answer.headers['retry-after'] ?? 1);
          await new Promise((resolve) => setTimeout(resolve, wait * 1000));
          continue;
        }
        latencies.push(performance.now() - t0);
        perOrigin[o]!.requests++;
        if (answer.status !== 200) {
          failures.push(`request ${i}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
          break;
        }
        let accepted = 1;
        if (spec.target === 'eci') {
          const body = JSON.parse(answer.text) as { accepted: number; rejected: number; results: Array<{ index: number; ok: boolean }> };
          accepted = body.accepted;
          refused += body.rejected;
          if (acked) for (const x of body.results) if (x.ok) acked[r.events![x.index]!]!++;
        }
        acknowledged += accepted;
        perOrigin[o]!.acknowledged += accepted;
        break;
      }
    }
  };

  const cpu = process.cpuUsage();
  const t0 = performance.now();
  if (spec.seconds !== undefined) deadline = t0 + spec.seconds * 1000;
  await Promise.all(Array.from({ length: spec.inFlight }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  await Promise.all(pools.map((p) => p.close()));
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    seconds,
    acknowledged,
    refused,
    throttled,
    failures: failures.slice(0, 5),
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    cpuSeconds: (used.user + used.system) / 1e6,
    perOrigin,
    laps: sent / reqs.count,
    ...(acked && reqs.workload ? { perEvent: byDedupKey(reqs.workload, acked) } : {}),
  };
}

// Forked with the spec as its one argument; answers with the result.
if (process.send && process.argv[2]) {
  const result = await runLoad(JSON.parse(process.argv[2]) as LoadSpec);
  await new Promise<void>((resolve, reject) => process.send!(result, (err: Error | null) => (err ? reject(err) : resolve())));
}
