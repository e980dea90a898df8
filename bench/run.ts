// `npm run bench`: the recorder path against a bare upsert of the same rows (the anchor) on SQLite
// and PostgreSQL, a storm of distinct events, DescribeContainerGroupEvents latency and the host
// agent. Prints figures and goals; fails only when counts or stored rows are wrong.
import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { agentBench } from './agent.js';
import { DESCRIBE_DEFAULTS, describeEventsBench } from './describe-events.js';
import { INGEST_DEFAULTS, ingestBench } from './ingest.js';
import { parseOptions, toArgv, type BenchOptions } from './options.js';
import { PHASES, runPhase, type Phase, type PhaseResult } from './phase.js';
import { probe } from './postgres.js';
import { replicasBench } from './replicas.js';
import { sqliteVersion } from './sqlite.js';
import { watchersBench } from './watchers.js';
import { checkSameRows } from './verify.js';
import { stormSpans } from './written.js';

/** Issue 15's goals, each a ratio of figures measured in the same run. */
const GOAL_BATCHED = 0.5;
const GOAL_STORM_SPANS = 0.8;
const GOAL_STORM_BYTES = 2;
const GOAL_STORM_HEAP = 256 * 2 ** 20;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number): string => `${int(bytes / 2 ** 20)} MiB`;
const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');

function runChild(phase: Phase, o: BenchOptions): Promise<PhaseResult | undefined> {
  const execArgv = [...process.execArgv];
  if (o.cpuProfDir) {
    mkdirSync(o.cpuProfDir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`, `--cpu-prof-name=${phase.replace(':', '-')}.cpuprofile`);
  }
  const child = fork(fileURLToPath(import.meta.url), [...toArgv(o), '--child', phase], { execArgv, stdio: 'inherit' });
  return new Promise((resolve) => {
    let result: PhaseResult | undefined;
    child.on('message', (m) => (result = m as PhaseResult));
    child.on('exit', (code, signal) => {
      if (!result) console.error(`!!!!!!!! ${phase} failed (exit code ${code ?? signal}) !!!!!!!!`);
      resolve(result);
    });
  });
}

function line(label: string, r: PhaseResult): string {
  const rate = r.reports / r.seconds;
  return [
    `  ${label.padEnd(15)}`,
    `${r.seconds.toFixed(2).padStart(8)} s`,
    `(cpu ${r.cpuSeconds.toFixed(1).padStart(6)} s)`,
    `${int(rate).padStart(10)} events/s`,
    `${int(r.totals.rows).padStart(10)} rows`,
    `${int(r.totals.sumCount).padStart(10)} sum(count)${r.countsOk ? '' : ' <-- WRONG'}`,
    r.writtenBytes === undefined ? '' : `${int(r.writtenBytes / r.reports).padStart(7)} B written/report`,
    `${mib(r.peakRssBytes).padStart(10)} peak RSS`,
    r.totals.digest ? `digest ${r.totals.digest}` : '',
    `keys ${r.totals.keyDigest}`,
  ]
    .filter(Boolean)
    .join('  ');
}

/** Rows per second over a span of the storm, from the marks the phase took. */
function spans(r: PhaseResult): { first: number; last: number } | undefined {
  const { first, lastFrom } = stormSpans(r.reports);
  const at = new Map(r.marks);
  const t1 = at.get(first);
  const t2 = at.get(lastFrom);
  if (t1 === undefined || t2 === undefined) return undefined;
  return { first: first / t1, last: (r.reports - lastFrom) / (r.seconds - t2) };
}

/** The batched goal, and whether the recorder stored what the anchor did. */
function summary(title: string, recorder: PhaseResult | undefined, anchor: PhaseResult | undefined): boolean {
  console.log(`\n${title}`);
  if (recorder) console.log(line('recorder', recorder));
  if (anchor) console.log(line('anchor', anchor) + (anchor.statements ? `  (${int(anchor.statements)} rows upserted)` : ''));
  if (!recorder || !anchor) return true;
  const ratio = anchor.seconds / recorder.seconds;
  console.log(`  recorder / anchor throughput = ${ratio.toFixed(2)}  (goal: at least ${GOAL_BATCHED.toFixed(2)}: ${verdict(ratio >= GOAL_BATCHED)})`);
  if (recorder.writtenBytes !== undefined && anchor.writtenBytes) {
    console.log(`  bytes written: recorder / anchor = ${(recorder.writtenBytes / anchor.writtenBytes).toFixed(2)} (${recorder.writtenHow})`);
  }
  const same = checkSameRows(title, recorder.totals, anchor.totals);
  if (same) console.log("  stored rows: the same keys, counts and times as the anchor's");
  return same;
}

function stormSummary(title: string, recorder: PhaseResult | undefined, anchor: PhaseResult | undefined): boolean {
  console.log(`\n${title}`);
  for (const [label, r] of [
    ['recorder', recorder],
    ['anchor', anchor],
  ] as const) {
    if (!r) continue;
    console.log(line(label, r));
    const s = spans(r);
    const { first, lastFrom } = stormSpans(r.reports);
    if (s) {
      const ratio = s.last / s.first;
      console.log(
        `    first ${int(first)} rows ${int(s.first)}/s, last ${int(r.reports - lastFrom)} rows ${int(s.last)}/s: ratio ${ratio.toFixed(2)}` +
          (label === 'recorder' ? `  (goal: at least ${GOAL_STORM_SPANS}: ${verdict(ratio >= GOAL_STORM_SPANS)})` : ''),
      );
    }
    const sizes = [
      r.fileBytes !== undefined ? `database file ${mib(r.fileBytes)}` : '',
      r.relationBytes !== undefined ? `table with indexes ${mib(r.relationBytes)} (${int(r.relationBytes / r.totals.rows)} B/row)` : '',
      r.mmapSize !== undefined ? `mmap_size ${mib(r.mmapSize)}` : '',
    ].filter(Boolean);
    console.log(
      `    at the end: heap used ${mib(r.memory.heapUsedBytes)}, RSS ${mib(r.memory.rssBytes)}` +
        (label === 'recorder' ? ` (heap goal: at most ${mib(GOAL_STORM_HEAP)}: ${verdict(r.memory.heapUsedBytes <= GOAL_STORM_HEAP)})` : '') +
        (sizes.length ? `; ${sizes.join(', ')}` : ''),
    );
  }
  if (!recorder || !anchor) return true;
  if (recorder.writtenBytes !== undefined && anchor.writtenBytes) {
    const ratio = recorder.writtenBytes / anchor.writtenBytes;
    console.log(
      `  bytes written per event: recorder ${int(recorder.writtenBytes / recorder.reports)}, anchor ${int(anchor.writtenBytes / anchor.reports)}, ` +
        `ratio ${ratio.toFixed(2)}  (goal: at most ${GOAL_STORM_BYTES}: ${verdict(ratio <= GOAL_STORM_BYTES)}; ${recorder.writtenHow})`,
    );
  }
  console.log(`  recorder / anchor throughput = ${(anchor.seconds / recorder.seconds).toFixed(2)}`);
  return checkSameRows(title, recorder.totals, anchor.totals);
}

async function parent(o: BenchOptions): Promise<number> {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  console.log('eci-events benchmark: the recorder path against a bare upsert of the same rows (the anchor)');
  console.log(
    `machine: ${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ` +
      `${os.platform()} ${os.release()}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  if (o.parts.includes('recorder')) {
    console.log(
      `workload: ${int(o.reports)} reports over ${int(o.objects)} objects, ${Math.round(o.repeatShare * 100)}% repeats, seed ${o.seed}; ` +
        `${int(o.batch)} writes per transaction, ${int(o.window)} reports in flight`,
    );
  }
  if (o.parts.includes('storm')) console.log(`storm: ${int(o.storm)} distinct events, each about an object with random ids, seed ${o.seed}`);

  const backends: Array<'sqlite' | 'postgres'> = [];
  if (o.skipSqlite) console.log('SQLite: skipped (--skip-sqlite)');
  else {
    console.log(`SQLite ${sqliteVersion()} (better-sqlite3), a temporary file in ${os.tmpdir()}, WAL, synchronous=FULL`);
    backends.push('sqlite');
  }
  if (o.skipPostgres) console.log('PostgreSQL: skipped (--skip-postgres)');
  else {
    const server = await probe(o.pgUrl);
    if ('problem' in server) console.log(`PostgreSQL: SKIPPED, ${o.pgUrl} is unreachable (${server.problem}); set ECI_EVENTS_BENCH_PG or --pg-url`);
    else {
      console.log(`PostgreSQL: ${server.version} at ${o.pgUrl}, a fresh database per phase`);
      backends.push('postgres');
    }
  }

  const wanted = (p: Phase): boolean => {
    const [backend, path] = p.split(':') as [string, string];
    const storm = path.startsWith('storm-');
    return backends.includes(backend as 'sqlite' | 'postgres') && o.parts.includes(storm ? 'storm' : 'recorder') && o.paths.some((x) => path.endsWith(x));
  };
  const results = new Map<Phase, PhaseResult>();
  let failed = false;
  for (const phase of PHASES.filter(wanted)) {
    console.log(`\n-- ${phase} --`);
    const r = await runChild(phase, o);
    if (!r) {
      failed = true;
      continue;
    }
    results.set(phase, r);
    if (!phase.includes('storm')) console.log(`workload generated in ${r.generateSeconds.toFixed(1)} s (${int(r.distinct)} distinct events)`);
    console.log(line(phase.split(':')[1]!, r));
    if (!r.countsOk) failed = true;
  }

  const names = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;
  if (o.parts.includes('recorder')) {
    console.log(`\n===== results: ${int(o.reports)} reports =====`);
    for (const b of backends) {
      if (!summary(names[b], results.get(`${b}:recorder`), results.get(`${b}:anchor`))) failed = true;
    }
  }
  if (o.parts.includes('storm')) {
    console.log(`\n===== storm: ${int(o.storm)} distinct events =====`);
    for (const b of backends) {
      if (!stormSummary(names[b], results.get(`${b}:storm-recorder`), results.get(`${b}:storm-anchor`))) failed = true;
    }
  }
  if (o.parts.includes('describe')) {
    try {
      await describeEventsBench({ ...DESCRIBE_DEFAULTS, keepDir: o.describeKeep }, backends.includes('postgres') ? o.pgUrl : undefined, !o.skipSqlite);
    } catch (err) {
      console.error(`DescribeContainerGroupEvents benchmark failed: ${(err as Error).message}`);
      failed = true;
    }
  }
  if (o.parts.includes('agent')) {
    try {
      if (!(await agentBench())) failed = true;
    } catch (err) {
      console.error(`agent benchmark failed: ${(err as Error).message}`);
      failed = true;
    }
  }
  if (o.parts.includes('watchers')) {
    try {
      if (!(await watchersBench({ ...o.watch, cpuProfDir: o.cpuProfDir, serveArgs: o.serveArgs }))) failed = true;
    } catch (err) {
      console.error(`watchers benchmark failed: ${(err as Error).stack ?? (err as Error).message}`);
      failed = true;
    }
  }
  if (o.parts.includes('ingest')) {
    try {
      const ingest = {
        ...INGEST_DEFAULTS,
        singleReports: o.ingestReports,
        batchedReports: 5 * o.ingestReports,
        cpuProfDir: o.cpuProfDir,
        serveArgs: o.serveArgs,
        query: o.ingestQuery,
        skipEtcd: o.skipEtcd,
      };
      if (!(await ingestBench(ingest))) failed = true;
    } catch (err) {
      console.error(`ingest benchmark failed: ${(err as Error).message}`);
      failed = true;
    }
  }
  if (o.parts.includes('replicas')) {
    try {
      if (!backends.includes('postgres')) console.log('\n===== Replicas: SKIPPED, they need PostgreSQL (see above) =====');
      else if (!(await replicasBench({ ...o.replicas, pgUrl: o.pgUrl, serveArgs: o.serveArgs, cpuProfDir: o.cpuProfDir }))) failed = true;
    } catch (err) {
      console.error(`replicas benchmark failed: ${(err as Error).stack ?? (err as Error).message}`);
      failed = true;
    }
  }
  if (failed) console.error('\n!!!!!!!! THE BENCHMARK FAILED: see the errors above !!!!!!!!');
  return failed ? 1 : 0;
}

async function child(phase: Phase, o: BenchOptions): Promise<number> {
  const r = await runPhase(phase, o);
  await new Promise<void>((resolve, reject) => process.send!(r, (err: Error | null) => (err ? reject(err) : resolve())));
  return r.countsOk ? 0 : 1;
}

const options = parseOptions(process.argv.slice(2));
if (options.child !== undefined && !(PHASES as readonly string[]).includes(options.child)) {
  throw new Error(`--child takes one of ${PHASES.join(', ')}`);
}
// A child run by hand (`node dist/bench/run.js --child sqlite:recorder`) prints its result instead.
if (options.child !== undefined && !process.send) {
  const r = await runPhase(options.child as Phase, options);
  console.log(line(r.phase, r));
  process.exitCode = r.countsOk ? 0 : 1;
} else {
  process.exitCode = await (options.child !== undefined ? child(options.child as Phase, options) : parent(options));
}
