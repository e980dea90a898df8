// A sequence of lifecycle steps on a scheduler: each waits its delay after the previous one ran.
// A step with no delay runs at once (in the same turn), which keeps the events of one instant
// in their causal order. A step returning false ends the sequence (e.g. scheduling failed).
import type { Micros } from '../model/event.js';

export interface Step {
  /** Wait before this step; a function is read when the previous step has run. */
  delay: Micros | (() => Micros);
  run: () => boolean | void;
}

export function runSteps(after: (delay: Micros, fn: () => void) => void, steps: readonly Step[]): void {
  const go = (i: number): void => {
    const step = steps[i];
    if (!step) return;
    const fire = (): void => {
      if (step.run() === false) return;
      go(i + 1);
    };
    const delay = typeof step.delay === 'function' ? step.delay() : step.delay;
    if (delay <= 0) fire();
    else after(delay, fire);
  };
  go(0);
}
