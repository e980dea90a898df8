import type { Micros } from './event.js';

/** The one source of "now" for everything that stamps time; tests and the emulator inject their own. */
export interface Clock {
  now(): Micros;
}

export const systemClock: Clock = {
  now: () => Math.round((performance.timeOrigin + performance.now()) * 1000),
};

/** A clock that moves only when told: for tests and the emulator's virtual time. */
export class ManualClock implements Clock {
  constructor(private current: Micros = Date.UTC(2026, 0, 1) * 1000) {}
  now(): Micros {
    return this.current;
  }
  advance(micros: Micros): void {
    if (micros < 0) throw new RangeError('a clock cannot move backwards');
    this.current += micros;
  }
  set(at: Micros): void {
    this.current = at;
  }
}
