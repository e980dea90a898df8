// The load generator of the ingest part, a process of its own (forked by bench/ingest.ts): a fixed
// number of requests, `inFlight` at a time over as many keep-alive connections (undici), each
// request timed from its send to its answer. The same shape drives eci-events' POST /v1/ingest
// and etcd's put-with-lease, so the two figures of one run compare like with like. A 429 waits its
// Retry-After, then the same reports go again (a new signature and nonce), as a producer does.
import { Pool } from 'undici';
import { API_VERSION } from '../src/api/api-version.js';
import { signV3 } from '../src/api/rpc/signature.js';
import type { ReportInput } from '../src/recorder/index.js';
import { generateWorkload } from './workload.js';

export interface LoadSpec {
  target: 'eci' | 'etcd';
  /** http://host:port */
  origin: string;
  requests: number;
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
}

interface Req {
  path: string;
  body: string;
  /** Items in the body. */
  items: number;
}

function eciRequests(spec: LoadSpec): Req[] {
  const total = spec.requests * spec.perRequest;
  // Mostly new events, some repeats (a crash loop), about as many objects as a busy cluster's.
  const w = generateWorkload({ reports: total, objects: 10_000, repeatShare: 0.3, seed: spec.seed });
  const reqs: Req[] = [];
  for (let at = 0; at < total; at += spec.perRequest) {
    const reports: unknown[] = [];
    for (let i = at; i < Math.min(total, at + spec.perRequest); i++) reports.push(asItem(w.events[w.sequence[i]!]!));
    reqs.push({ path: `/v1/ingest${spec.query ? `?${spec.query}` : ''}`, body: JSON.stringify({ reports }), items: reports.length });
  }
  return reqs;
}

/** A report as the ingest API's item (ReportInput keeps its options apart). */
function asItem(r: ReportInput): unknown {
  return { object: r.object, reason: r.reason, args: r.args, ...(r.options?.source ? { source: r.options.source } : {}) };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

function etcdRequests(spec: LoadSpec): Req[] {
  const value = b64(JSON.stringify({ reason: 'NoStock', message: 'Create ECI failed because the specified instance is out of stock.', count: 1 }));
  return Array.from({ length: spec.requests }, (_, i) => ({
    path: '/v3/kv/put',
    body: JSON.stringify({ key: b64(`${spec.prefix}${String(i).padStart(9, '0')}`), value, lease: spec.lease }),
    items: 1,
  }));
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const reqs = spec.target === 'eci' ? eciRequests(spec) : etcdRequests(spec);
  const url = new URL(spec.origin);
  const pool = new Pool(spec.origin, { connections: spec.inFlight, pipelining: 1, keepAliveTimeout: 60_000 });
  const latencies = new Float64Array(reqs.length);
  const failures: string[] = [];
  let acknowledged = 0;
  let refused = 0;
  let throttled = 0;
  let next = 0;

  const send = async (r: Req): Promise<{ status: number; headers: Record<string, unknown>; text: string }> => {
    const headers: Record<string, string> =
      spec.target === 'eci'
        ? signV3({ method: 'POST', host: url.host, path: '/v1/ingest', query: spec.query ? Object.fromEntries(new URLSearchParams(spec.query)) : {}, body: r.body, action: 'Ingest', version: API_VERSION, contentType: 'application/json' }, spec.key!.id, spec.key!.secret)
        : { 'content-type': 'application/json' };
    const res = await pool.request({ method: 'POST', path: r.path, headers, body: r.body });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  };

  const worker = async (): Promise<void> => {
    for (let i = next++; i < reqs.length; i = next++) {
      const r = reqs[i]!;
      for (;;) {
        const t0 = performance.now();
        let answer;
        try {
          answer = await send(r);
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
        latencies[i] = performance.now() - t0;
        if (answer.status !== 200) {
          failures.push(`request ${i}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
          break;
        }
        if (spec.target === 'etcd') {
          acknowledged++;
        } else {
          const body = JSON.parse(answer.text) as { accepted: number; rejected: number };
          acknowledged += body.accepted;
          refused += body.rejected;
        }
        break;
      }
    }
  };

  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: spec.inFlight }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  await pool.close();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return {
    seconds, acknowledged, refused, throttled, failures: failures.slice(0, 5),
    p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]!,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

// Forked with the spec as its one argument; answers with the result.
if (process.send && process.argv[2]) {
  const result = await runLoad(JSON.parse(process.argv[2]) as LoadSpec);
  await new Promise<void>((resolve, reject) => process.send!(result, (err: Error | null) => (err ? reject(err) : resolve())));
}
