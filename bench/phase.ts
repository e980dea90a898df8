// One phase (backend × path) in a process of its own, so that its peak RSS is its own.
import type { BenchOptions } from './options.js';
import { postgresCeiling, postgresRecorder } from './postgres.js';
import { sqliteCeiling, sqliteRecorder, type PhaseOutcome } from './sqlite.js';
import { checkTotals } from './verify.js';
import { generateWorkload } from './workload.js';

export const PHASES = ['sqlite:recorder', 'sqlite:ceiling', 'postgres:recorder', 'postgres:ceiling'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseResult extends PhaseOutcome {
  phase: Phase;
  reports: number;
  distinct: number;
  generateSeconds: number;
  countsOk: boolean;
}

export async function runPhase(phase: Phase, o: BenchOptions): Promise<PhaseResult> {
  const t0 = performance.now();
  const workload = generateWorkload(o);
  const generateSeconds = (performance.now() - t0) / 1000;
  let outcome: PhaseOutcome;
  switch (phase) {
    case 'sqlite:recorder': outcome = await sqliteRecorder(workload, o.window, o.batch); break;
    case 'sqlite:ceiling': outcome = await sqliteCeiling(workload, o.batch); break;
    case 'postgres:recorder': outcome = await postgresRecorder(o.pgUrl, workload, o.window, o.batch); break;
    case 'postgres:ceiling': outcome = await postgresCeiling(o.pgUrl, workload, o.batch); break;
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
