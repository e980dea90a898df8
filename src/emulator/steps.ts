// A sequence of lifecycle steps as data (so that a pending one can be stored and resumed in
// another process): each step waits its delay after the previous one ran. A step with no delay
// runs at once (in the same turn), which keeps the events of one instant in their causal order.
// A step returning false ends the sequence (e.g. scheduling failed). What the steps do is the
// lifecycle's (lifecycle.ts, container-run.ts); this file only walks them.
import type { Micros } from '../model/event.js';
import type { CatalogEvent } from './hooks.js';
import type { GroupStatus } from './container-group.js';

/** What the lifecycle converges a group to (lifecycle.ts). */
export interface Convergence {
  /** The status while the sequence runs. */
  status: GroupStatus;
  /** Running containers to stop first (Killing). */
  kill: string[];
  /** Containers to (re)start, in the group's order. */
  start: string[];
  /**
   * The init containers run first, one at a time, each to success, before `start` (a new pod
   * sandbox: the group's creation, a restart, a move to another host).
   */
  init?: boolean;
  /** Platform events recorded once the sequence has brought the group back to Running. */
  then?: CatalogEvent[];
}

/** How a pull that began ends (image-pulls.ts): data, so that a pull in flight survives a restart. */
export type PullOutcome = { ok: true; image: string; layers: string[]; time: Micros } | { ok: false; reason: string; outageRegistry?: string };

export type PullStart = { kind: 'present' } | { kind: 'pulling'; after: Micros; outcome: PullOutcome } | { kind: 'blocked' };

export type StepSpec =
  /** The containers killed have stopped; those to start wait to be created. */
  | { op: 'stop'; killed: string[]; start: string[] }
  /** The platform provisions the group (lifecycle.place). */
  | { op: 'place' }
  /** The init containers run, one at a time; they hold the rest of the sequence back (lifecycle.ts). */
  | { op: 'init' }
  /** A container's pull begins (or its image is present). */
  | { op: 'pull'; name: string }
  /** The pull ends. */
  | { op: 'pulled'; name: string }
  /** The container starts. */
  | { op: 'start'; name: string }
  /** The sequence is over: the group settles. */
  | { op: 'settle' };

/** Where a sequence is: its steps, the next one, and what its steps learned on the way. */
export interface Sequence {
  /** The group's id. */
  g: string;
  plan: Convergence;
  steps: StepSpec[];
  /** The step to run next. */
  i: number;
  /** Each container's pull as it began, and whether its image is there. */
  pulls: Record<string, { pull: PullStart; ready: boolean }>;
  /** A container's own sequence (a restart after a back-off, a pull tried again), not the group's. */
  container?: string;
}

export interface StepRunner {
  /** The wait before the step, read when the previous one has run. */
  delay(seq: Sequence, step: StepSpec): Micros;
  /** Runs the step; false ends the sequence. */
  run(seq: Sequence, step: StepSpec): boolean | void;
  /** Waits `delay`, then resumes the sequence at seq.i (a timer whose payload is the sequence). */
  wait(seq: Sequence, delay: Micros): void;
}

/** Runs the steps from seq.i on: at once while they have no delay, then waits. */
export function walk(runner: StepRunner, seq: Sequence): void {
  for (;;) {
    const step = seq.steps[seq.i];
    if (!step) return;
    const delay = runner.delay(seq, step);
    if (delay > 0) return runner.wait(seq, delay);
    if (!resume(runner, seq)) return;
  }
}

/** Runs the step at seq.i (its wait is over); false when it ended the sequence. */
function resume(runner: StepRunner, seq: Sequence): boolean {
  const step = seq.steps[seq.i]!;
  seq.i += 1;
  return runner.run(seq, step) !== false;
}

/** A waited-for step is due: run it, then walk on. */
export function stepDue(runner: StepRunner, seq: Sequence): void {
  if (resume(runner, seq)) walk(runner, seq);
}
