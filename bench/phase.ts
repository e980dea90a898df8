// One phase (backend × path) in a process of its own, so that its peak RSS is its own.
import { stormBatches, workloadBatches } from './anchor-batches.js';
import type { BenchOptions } from './options.js';
import { postgresAnchor, postgresRecorder } from './postgres.js';
import { sqliteAnchor, sqliteRecorder, type PhaseOutcome } from './sqlite.js';
import { checkTotals } from './verify.js';
import { generateWorkload, Storm } from './workload.js';
import { stormSpans } from './written.js';

export const PHASES = [
  'sqlite:recorder',
  'sqlite:anchor',
  'postgres:recorder',
  'postgres:anchor',
  'sqlite:storm-recorder',
  'sqlite:storm-anchor',
  'postgres:storm-recorder',
  'postgres:storm-anchor',
] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseResult extends PhaseOutcome {
  phase: Phase;
  reports: number;
  distinct: number;
  generateSeconds: number;
  countsOk: boolean;
}

async function runStorm(phase: Phase, o: BenchOptions): Promise<PhaseOutcome> {
  const { first, lastFrom } = stormSpans(o.storm);
  const marks = [first, lastFrom];
  const storm = new Storm(o.seed);
  const report = () => storm.next();
  switch (phase) {
    case 'sqlite:storm-recorder':
      return sqliteRecorder(o.storm, report, o.window, o.batch, marks, o.sqliteWrites === 'thread');
    case 'sqlite:storm-anchor':
      return sqliteAnchor(stormBatches(o.storm, o.seed, o.batch, false), marks);
    case 'postgres:storm-recorder':
      return postgresRecorder(o.pgUrl, o.storm, report, o.window, o.batch, marks);
    default:
      return postgresAnchor(o.pgUrl, stormBatches(o.storm, o.seed, o.batch, true), marks);
  }
}

export async function runPhase(phase: Phase, o: BenchOptions): Promise<PhaseResult> {
  if (phase.includes(':storm-')) {
    const outcome = await runStorm(phase, o);
    return { ...outcome, phase, reports: o.storm, distinct: o.storm, generateSeconds: 0, countsOk: checkTotals(phase, outcome.totals, o.storm) };
  }
  const t0 = performance.now();
  const workload = generateWorkload(o);
  const generateSeconds = (performance.now() - t0) / 1000;
  const report = (i: number) => workload.events[workload.sequence[i]!]!;
  const n = workload.sequence.length;
  let outcome: PhaseOutcome;
  switch (phase) {
    case 'sqlite:recorder':
      outcome = await sqliteRecorder(n, report, o.window, o.batch, [], o.sqliteWrites === 'thread');
      break;
    case 'sqlite:anchor':
      outcome = await sqliteAnchor(workloadBatches(workload, o.batch, false));
      break;
    case 'postgres:recorder':
      outcome = await postgresRecorder(o.pgUrl, n, report, o.window, o.batch);
      break;
    default:
      outcome = await postgresAnchor(o.pgUrl, workloadBatches(workload, o.batch, true));
      break;
  }
  return {
    ...outcome,
    phase,
    reports: o.reports,
    distinct: workload.events.length,
    generateSeconds,
    countsOk: checkTotals(phase, outcome.totals, o.reports),
  };
}
