// `npm run bench`: the recorder path against a bare upsert loop (the ceiling) on SQLite and
// PostgreSQL, one million reports each. Prints figures; asserts only that every report was counted.
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
import { sqliteVersion } from './sqlite.js';
import { watchersBench } from './watchers.js';

/** The project's goal: the recorder reaches at least this share of the ceiling on SQLite. */
const GOAL_SHARE = 0.5;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number): string => `${int(bytes / 2 ** 20)} MiB`;

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
    `  ${label.padEnd(9)}`,
    `${r.seconds.toFixed(2).padStart(8)} s`,
    `(cpu ${r.cpuSeconds.toFixed(1).padStart(6)} s)`,
    `${int(rate).padStart(10)} events/s`,
    `${int(r.totals.rows).padStart(10)} rows`,
    `${int(r.totals.sumCount).padStart(10)} sum(count)${r.countsOk ? '' : ' <-- WRONG'}`,
    `${mib(r.peakRssBytes).padStart(10)} peak RSS`,
    `digest ${r.totals.digest}`,
  ].join('  ');
}

function summary(title: string, recorder: PhaseResult | undefined, ceiling: PhaseResult | undefined, goal?: number): void {
  console.log(`\n${title}`);
  if (recorder) console.log(line('recorder', recorder));
  if (ceiling) console.log(line('ceiling', ceiling) + (ceiling.statements ? `  (${int(ceiling.statements)} rows upserted)` : ''));
  if (recorder && ceiling) {
    const ratio = ceiling.seconds / recorder.seconds;
    console.log(`  recorder / ceiling = ${ratio.toFixed(2)}${goal ? `  (goal: at least ${goal.toFixed(2)}: ${ratio >= goal ? 'met' : 'NOT met'})` : ''}`);
    console.log(
      recorder.totals.digest === ceiling.totals.digest
        ? '  stored rows: identical to the ceiling (no similar-event aggregation happened)'
        : `  stored rows: ${int(ceiling.totals.rows - recorder.totals.rows)} fewer than the ceiling's, combined by similar-event aggregation`,
    );
  }
}

async function parent(o: BenchOptions): Promise<number> {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  console.log('eci-events benchmark: the recorder path against a bare upsert loop (the ceiling)');
  console.log(`machine: ${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`workload: ${int(o.reports)} reports over ${int(o.objects)} objects, ${Math.round(o.repeatShare * 100)}% repeats, seed ${o.seed}; ` +
    `${int(o.batch)} writes per transaction, ${int(o.window)} reports in flight`);

  const phases: Phase[] = [];
  if (o.skipSqlite) console.log('SQLite: skipped (--skip-sqlite)');
  else {
    console.log(`SQLite ${sqliteVersion()} (better-sqlite3), a temporary file in ${os.tmpdir()}, WAL, synchronous=FULL`);
    phases.push(...PHASES.filter((p) => p.startsWith('sqlite:')));
  }
  if (o.skipPostgres) console.log('PostgreSQL: skipped (--skip-postgres)');
  else {
    const server = await probe(o.pgUrl);
    if ('problem' in server) console.log(`PostgreSQL: SKIPPED, ${o.pgUrl} is unreachable (${server.problem}); set ECI_EVENTS_BENCH_PG or --pg-url`);
    else {
      console.log(`PostgreSQL: ${server.version} at ${o.pgUrl}, a fresh database per phase`);
      phases.push(...PHASES.filter((p) => p.startsWith('postgres:')));
    }
  }

  const results = new Map<Phase, PhaseResult>();
  let failed = false;
  for (const phase of phases.filter((p) => o.parts.includes('recorder') && o.paths.some((path) => p.endsWith(`:${path}`)))) {
    console.log(`\n-- ${phase} --`);
    const r = await runChild(phase, o);
    if (!r) { failed = true; continue; }
    results.set(phase, r);
    console.log(`workload generated in ${r.generateSeconds.toFixed(1)} s (${int(r.distinct)} distinct events)`);
    console.log(line(phase.split(':')[1]!, r));
    if (!r.countsOk) failed = true;
  }

  if (o.parts.includes('recorder')) {
    console.log(`\n===== results: ${int(o.reports)} reports =====`);
    if (!o.skipSqlite) summary('SQLite', results.get('sqlite:recorder'), results.get('sqlite:ceiling'), GOAL_SHARE);
    if (results.has('postgres:recorder') || results.has('postgres:ceiling')) {
      summary('PostgreSQL', results.get('postgres:recorder'), results.get('postgres:ceiling'));
    }
  }
  if (o.parts.includes('describe')) {
    try {
      await describeEventsBench(DESCRIBE_DEFAULTS, o.skipPostgres || !phases.some((p) => p.startsWith('postgres:')) ? undefined : o.pgUrl, !o.skipSqlite);
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
      if (!(await watchersBench(o.watch))) failed = true;
    } catch (err) {
      console.error(`watchers benchmark failed: ${(err as Error).stack ?? (err as Error).message}`);
      failed = true;
    }
  }
  if (o.parts.includes('ingest')) {
    try {
      const ingest = {
        ...INGEST_DEFAULTS, singleReports: o.ingestReports, batchedReports: 5 * o.ingestReports,
        cpuProfDir: o.cpuProfDir, serveArgs: o.serveArgs, query: o.ingestQuery, skipEtcd: o.skipEtcd,
      };
      if (!(await ingestBench(ingest))) failed = true;
    } catch (err) {
      console.error(`ingest benchmark failed: ${(err as Error).message}`);
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
