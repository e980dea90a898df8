import type { Micros } from './event.js';

/** The one source of "now" for everything that stamps time; tests and the emulator inject their own. */
export interface Clock {
  now(): Micros;
}

export const systemClock: Clock = {
  now: () => Math.round((performance.timeOrigin + performance.now()) * 1000),
};

const DAY: Micros = 86_400_000_000;

/**
 * The furthest a virtual clock goes, 9998-01-01T00:00:00Z: two years below the last time RFC 3339
 * writes, so that whatever the service dates ahead of its clock (a fault's end, at most 400 days
 * on) still renders. Events are stamped with the clock, so none is ever dated past it.
 */
export const CLOCK_CEILING: Micros = Date.UTC(9998, 0, 1) * 1000;

/** The most one request may move a virtual clock: a year and a month, in bounded steps. */
export const MAX_ADVANCE_MICROS: Micros = 400 * DAY;

/** Why a virtual clock cannot be at `at`, or undefined when it can. */
export function clockRangeProblem(at: Micros): string | undefined {
  if (!Number.isFinite(at) || at < 0) return 'a virtual clock starts at 1970-01-01T00:00:00Z at the earliest';
  if (at > CLOCK_CEILING) return `a virtual clock goes no further than ${new Date(CLOCK_CEILING / 1000).toISOString().replace('.000Z', 'Z')}`;
  return undefined;
}

/** A virtual clock asked to go backwards, before the epoch or past CLOCK_CEILING. */
export class ClockRangeError extends RangeError {
  override name = 'ClockRangeError';
}

/** A clock that moves only when told: for tests and the emulator's virtual time. */
export class ManualClock implements Clock {
  private current: Micros;
  constructor(start: Micros = Date.UTC(2026, 0, 1) * 1000) {
    this.current = ManualClock.checked(start);
  }
  now(): Micros {
    return this.current;
  }
  advance(micros: Micros): void {
    if (micros < 0) throw new ClockRangeError('a clock cannot move backwards');
    this.set(this.current + micros);
  }
  set(at: Micros): void {
    this.current = ManualClock.checked(at);
  }
  private static checked(at: Micros): Micros {
    const problem = clockRangeProblem(at);
    if (problem) throw new ClockRangeError(problem);
    return at;
  }
}
