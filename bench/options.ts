// The benchmark's knobs: argv first (`npm run bench -- --reports 100000`), then ECI_EVENTS_BENCH_*
// environment variables, then these defaults.
import { DEFAULT_MAX_BATCH } from '../src/recorder/index.js';
import { WATCHER_DEFAULTS, type WatcherOptions } from './watchers.js';

/** Reports in the workload (the brief: one million). */
export const DEFAULT_REPORTS = 1_000_000;
/** Distinct involved objects the reports are about. */
export const DEFAULT_OBJECTS = 10_000;
/** Share of reports that repeat an event already reported; the rest are new distinct events. */
export const DEFAULT_REPEAT_SHARE = 0.3;
/** Distinct events in the storm part (`--part storm`), each about an object of its own. */
export const DEFAULT_STORM = 1_000_000;
/** Reports submitted and not yet committed, at most: enough to fill several group commits. */
export const DEFAULT_WINDOW = 10_000;
/** Seed of the workload's generator: the same seed gives the same reports on every machine. */
export const DEFAULT_SEED = 20261128;
/** The ingest part's reports one per request. */
export const DEFAULT_INGEST_REPORTS = 100_000;
/**
 * The replicas part: seconds of requests per phase, requests in flight (split evenly over the
 * replicas), reports per request of its batched round, and how often a request repeats the one
 * before it on the other replica (every 10th: about a tenth of the requests meet their twin's rows).
 */
export const REPLICAS_DEFAULTS = { seconds: 20, inFlight: 64, perBatch: 500, twinEvery: 10 } as const;
/** Server whose `CREATE DATABASE` makes the fresh database each PostgreSQL phase runs in. */
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

const PARTS = ['recorder', 'storm', 'describe', 'agent', 'watchers', 'ingest', 'replicas'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  reports: number;
  objects: number;
  repeatShare: number;
  window: number;
  /** Writes per transaction, for the recorder (its maxBatch) and the anchor alike. */
  batch: number;
  seed: number;
  pgUrl: string;
  skipPostgres: boolean;
  skipSqlite: boolean;
  /** Run only these phases (recorder, anchor); both by default. */
  paths: Array<'recorder' | 'anchor'>;
  /** Distinct events in the storm. */
  storm: number;
  /** Write a V8 CPU profile of each phase into this directory. */
  cpuProfDir: string | undefined;
  /** The recorder and storm parts: SQLite batches written on the request thread (the store's default) or on the write thread. */
  sqliteWrites: 'inline' | 'thread';
  /**
   * Which parts run: the recorder against its anchor, the storm of distinct events,
   * DescribeContainerGroupEvents latency, the host agent, watch fan-out, HTTP ingest; all by default.
   */
  parts: Array<Part>;
  /** The watchers part's watchers, reports per second and seconds per phase. */
  watch: WatcherOptions;
  /** The ingest part: reports sent one per request (five times as many go 500 per request). */
  ingestReports: number;
  /** The ingest part: extra arguments for `serve` (to compare settings against the defaults). */
  serveArgs: string[];
  /** The ingest part: the query string of every ingest request. */
  ingestQuery: string | undefined;
  skipEtcd: boolean;
  /** The replicas part: seconds of requests per phase, requests in flight, reports per batched request, twin spacing. */
  replicas: { seconds: number; inFlight: number; perBatch: number; twinEvery: number };
  /** The describe part: keep its loaded store in this directory (PostgreSQL: a database) and reuse it. */
  describeKeep: string | undefined;
  /** Internal: the phase this process runs, when started by run.ts. */
  child: string | undefined;
}

const USAGE = `usage: npm run bench -- [options]
  --part P            only one part: recorder (the recorder against the anchor, a bare upsert),
                      storm (distinct events with random ids, recorder and anchor), describe
                      (DescribeContainerGroupEvents latency), agent (the host agent's matcher
                      and memory), watchers (watch fan-out), ingest (HTTP ingest against
                      etcd) or replicas (two serve replicas on one PostgreSQL against one); all
                      by default
  --watchers N        watchers part: SSE and Kubernetes watchers, half each (default ${WATCHER_DEFAULTS.watchers})
  --rate N            watchers part: reports per second, one per request (default ${WATCHER_DEFAULTS.rate})
  --seconds N         watchers part: seconds of reports without, then with, the watchers (default ${WATCHER_DEFAULTS.seconds})
  --ingest-reports N  ingest: reports sent one per request (default ${DEFAULT_INGEST_REPORTS}; five times as
                      many are sent 500 per request)
  --serve-arg ARG     ingest, watchers: one more argument for serve (repeat it: --serve-arg
                      --sqlite-writes --serve-arg thread); the parts' point is serve's defaults
  --ingest-query Q    ingest: the query string of every ingest request
  --skip-etcd         ingest: leave etcd out
  --describe-keep DIR describe: keep the loaded store (a SQLite file in DIR, a PostgreSQL database
                      named after the data set) and reuse it in later runs instead of loading again
  --replicas-seconds N      replicas: seconds of requests per phase (default ${REPLICAS_DEFAULTS.seconds})
  --replicas-in-flight N    replicas: requests in flight, split evenly over the replicas (default ${REPLICAS_DEFAULTS.inFlight})
  --replicas-per-request N  replicas: reports per request of the batched round (default ${REPLICAS_DEFAULTS.perBatch})
  --replicas-twin-every N   replicas: every Nth request repeats the one before, on the other replica
                      (default ${REPLICAS_DEFAULTS.twinEvery}; 0: none)
  --reports N         reports in the workload (default ${DEFAULT_REPORTS})
  --storm N           distinct events in the storm part (default ${DEFAULT_STORM})
  --objects N         distinct objects (default ${DEFAULT_OBJECTS})
  --repeat-share F    share of reports repeating an earlier event (default ${DEFAULT_REPEAT_SHARE})
  --window N          reports in flight at most (default ${DEFAULT_WINDOW})
  --batch N           writes per transaction (default ${DEFAULT_MAX_BATCH}, the recorder's)
  --seed N            generator seed (default ${DEFAULT_SEED})
  --pg-url URL        PostgreSQL server (default ${DEFAULT_PG_URL}; env ECI_EVENTS_BENCH_PG)
  --skip-postgres     SQLite only (env ECI_EVENTS_BENCH_SKIP_POSTGRES=1)
  --skip-sqlite       PostgreSQL only
  --only PATH         recorder or anchor
  --sqlite-writes W   recorder, storm: thread (the default, as serve's: large batches on the
                      SQLite store's write thread) or inline (serve --sqlite-writes inline)
  --cpu-prof DIR      write a .cpuprofile per phase (ingest: per serve process; watchers: the
                      server and the watcher process) into DIR`;

function env(name: string): string | undefined {
  const v = process.env[`ECI_EVENTS_BENCH_${name}`];
  return v === undefined || v === '' ? undefined : v;
}

function int(text: string, flag: string, min: number): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer of at least ${min}, got ${JSON.stringify(text)}`);
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = {
    reports: int(env('REPORTS') ?? String(DEFAULT_REPORTS), 'ECI_EVENTS_BENCH_REPORTS', 1),
    objects: DEFAULT_OBJECTS,
    repeatShare: DEFAULT_REPEAT_SHARE,
    window: DEFAULT_WINDOW,
    batch: DEFAULT_MAX_BATCH,
    seed: DEFAULT_SEED,
    pgUrl: env('PG') ?? DEFAULT_PG_URL,
    skipPostgres: env('SKIP_POSTGRES') === '1',
    skipSqlite: false,
    paths: ['recorder', 'anchor'],
    storm: DEFAULT_STORM,
    parts: [...PARTS],
    watch: { ...WATCHER_DEFAULTS },
    ingestReports: DEFAULT_INGEST_REPORTS,
    serveArgs: [],
    ingestQuery: undefined,
    skipEtcd: false,
    replicas: { ...REPLICAS_DEFAULTS },
    cpuProfDir: undefined,
    describeKeep: undefined,
    sqliteWrites: 'thread',
    child: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--reports':
        o.reports = int(value(), flag, 1);
        break;
      case '--storm':
        o.storm = int(value(), flag, 10);
        break;
      case '--objects':
        o.objects = int(value(), flag, 1);
        break;
      case '--repeat-share': {
        o.repeatShare = Number(value());
        if (!(o.repeatShare >= 0 && o.repeatShare < 1)) throw new Error('--repeat-share must be in [0, 1)');
        break;
      }
      case '--window':
        o.window = int(value(), flag, 1);
        break;
      case '--batch':
        o.batch = int(value(), flag, 1);
        break;
      case '--seed':
        o.seed = int(value(), flag, 0);
        break;
      case '--pg-url':
        o.pgUrl = value();
        break;
      case '--skip-postgres':
        o.skipPostgres = true;
        break;
      case '--skip-sqlite':
        o.skipSqlite = true;
        break;
      case '--only': {
        const p = value();
        if (p !== 'recorder' && p !== 'anchor') throw new Error('--only takes recorder or anchor');
        o.paths = [p];
        break;
      }
      case '--cpu-prof':
        o.cpuProfDir = value();
        break;
      case '--sqlite-writes': {
        const w = value();
        if (w !== 'inline' && w !== 'thread') throw new Error(`--sqlite-writes takes inline or thread, got ${JSON.stringify(w)}`);
        o.sqliteWrites = w;
        break;
      }
      case '--part': {
        const p = value();
        if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--part takes ${PARTS.join(', ')}`);
        o.parts = [p as Part];
        break;
      }
      case '--watchers':
        o.watch.watchers = int(value(), flag, 2);
        break;
      case '--rate':
        o.watch.rate = int(value(), flag, 1);
        break;
      case '--seconds':
        o.watch.seconds = int(value(), flag, 1);
        break;
      case '--ingest-reports':
        o.ingestReports = int(value(), flag, 1);
        break;
      case '--serve-arg':
        o.serveArgs.push(value());
        break;
      case '--ingest-query':
        o.ingestQuery = value();
        break;
      case '--describe-keep':
        o.describeKeep = value();
        break;
      case '--skip-etcd':
        o.skipEtcd = true;
        break;
      case '--replicas-seconds':
        o.replicas.seconds = int(value(), flag, 1);
        break;
      case '--replicas-in-flight':
        o.replicas.inFlight = int(value(), flag, 2);
        break;
      case '--replicas-per-request':
        o.replicas.perBatch = int(value(), flag, 2);
        break;
      case '--replicas-twin-every': {
        const n = int(value(), flag, 0);
        if (n === 1) throw new Error(`${flag} must be 0 (no twins) or at least 2: a request cannot repeat itself`);
        o.replicas.twinEvery = n;
        break;
      }
      case '--child':
        o.child = value();
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        return process.exit(0);
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return o;
}

/** The argv that makes a child process see the same options. */
export function toArgv(o: BenchOptions): string[] {
  return [
    '--reports',
    String(o.reports),
    '--objects',
    String(o.objects),
    '--storm',
    String(o.storm),
    '--repeat-share',
    String(o.repeatShare),
    '--window',
    String(o.window),
    '--batch',
    String(o.batch),
    '--seed',
    String(o.seed),
    '--pg-url',
    o.pgUrl,
    '--sqlite-writes',
    o.sqliteWrites,
  ];
}
