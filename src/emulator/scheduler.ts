// When the emulator's lifecycle steps run. Two implementations of one interface: real time
// (the service) and manual time (tests now; a user-controlled virtual clock later), so the
// state machine never knows which clock drives it.
import { clockRangeProblem, ClockRangeError, type Clock, type ManualClock } from '../model/clock.js';
import type { Micros } from '../model/event.js';
import { TimerQueue } from './timer-queue.js';

/** Cancels a timer; calling it again, or after the timer ran, does nothing. */
export type Cancel = () => void;

export interface Scheduler {
  readonly clock: Clock;
  /** Runs `fn` once, `delay` microseconds from now (a negative delay means now). */
  after(delay: Micros, fn: () => void): Cancel;
  /** Runs `fn` once at `when` (microseconds since the epoch); a past time means now. */
  at(when: Micros, fn: () => void): Cancel;
}

/** setTimeout takes at most 2^31-1 ms; longer delays are waited for in hops of this size. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface RealTimeSchedulerOptions {
  /** Gets what a timer throws, so one bad step cannot crash the process (default: a process warning). */
  onError?: (err: unknown) => void;
}

/** Wall-clock timers. They are unref'd: pending lifecycle steps never keep the process alive. */
export class RealTimeScheduler implements Scheduler {
  private readonly live = new Set<NodeJS.Timeout>();
  private closed = false;
  private readonly onError: (err: unknown) => void;

  constructor(
    readonly clock: Clock,
    options: RealTimeSchedulerOptions = {},
  ) {
    this.onError = options.onError ?? ((err) => process.emitWarning(`emulator timer failed: ${String(err)}`));
  }

  after(delay: Micros, fn: () => void): Cancel {
    return this.at(this.clock.now() + Math.max(0, delay), fn);
  }

  at(when: Micros, fn: () => void): Cancel {
    if (this.closed) return () => {};
    let handle: NodeJS.Timeout | undefined;
    const arm = (): void => {
      const waitMs = Math.min(MAX_TIMEOUT_MS, Math.max(0, Math.ceil((when - this.clock.now()) / 1000)));
      handle = setTimeout(() => {
        this.live.delete(handle!);
        // Never before its time: Node counts a timeout from the event loop's cached time, which
        // lags the clock by as long as the turn that armed it had run, so a timer can fire early
        // (an exit would then beat a shortage due just before it); and past the longest timeout.
        if (this.clock.now() < when) return arm();
        try {
          fn();
        } catch (err) {
          this.onError(err);
        }
      }, waitMs);
      handle.unref();
      this.live.add(handle);
    };
    arm();
    return () => {
      if (handle) {
        clearTimeout(handle);
        this.live.delete(handle);
      }
    };
  }

  /** Cancels every pending timer; later calls schedule nothing. */
  close(): void {
    this.closed = true;
    for (const handle of this.live) clearTimeout(handle);
    this.live.clear();
  }
}

/** Timers one step of a stepped advance runs before it yields to the event loop. */
export const ADVANCE_STEP_TIMERS = 1000;

/** What a stepped advance does between steps (default: lets the event loop turn once). */
export type BetweenSteps = () => Promise<void>;

const turn: BetweenSteps = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Time moves only when told. advance() runs every timer that falls due within the span, in time
 * order (ties in the order they were scheduled), each with the clock set to its own time, and
 * including timers that those timers schedule within the span. What a timer throws propagates
 * out of advance() (the timer is already removed, the clock stays at that timer's time).
 *
 * A service uses advanceInSteps(): the same, but in steps of at most ADVANCE_STEP_TIMERS timers
 * with `between` awaited after each, so a long span (a crash loop over a year is ~100,000
 * restarts) never holds the event loop: requests are served and the events written meanwhile.
 */
export class ManualScheduler implements Scheduler {
  private readonly queue = new TimerQueue();
  /** The stepped advance in flight: another one waits for it, so time moves one span at a time. */
  private stepping: Promise<void> = Promise.resolve();
  /** Wraps each step of a stepped advance (the emulator makes a step one turn). */
  aroundStep: (run: () => void) => void = (run) => run();

  constructor(readonly clock: ManualClock) {}

  after(delay: Micros, fn: () => void): Cancel {
    return this.at(this.clock.now() + Math.max(0, delay), fn);
  }

  at(when: Micros, fn: () => void): Cancel {
    return this.queue.add(Math.max(when, this.clock.now()), fn);
  }

  /** Moves the clock forward by `micros`, running what falls due on the way. */
  advance(micros: Micros): void {
    if (micros < 0) throw new RangeError('a clock cannot move backwards');
    this.advanceTo(this.clock.now() + micros);
  }

  /** Moves the clock forward to `when`, running what falls due on the way. */
  advanceTo(when: Micros): void {
    this.checkTarget(when);
    while (this.runOne(when));
    this.clock.set(when);
  }

  /**
   * advance() in bounded steps: resolves once the clock is `micros` further than when this
   * advance began (after any advance in flight). The target is checked before anything runs.
   */
  advanceInSteps(micros: Micros, between: BetweenSteps = turn, stepTimers = ADVANCE_STEP_TIMERS): Promise<void> {
    return this.stepped(() => this.clock.now() + micros, between, stepTimers);
  }

  /** advanceTo() in bounded steps, as advanceInSteps(). */
  advanceToInSteps(when: Micros, between: BetweenSteps = turn, stepTimers = ADVANCE_STEP_TIMERS): Promise<void> {
    return this.stepped(() => when, between, stepTimers);
  }

  private stepped(target: () => Micros, between: BetweenSteps, stepTimers: number): Promise<void> {
    const run = async (): Promise<void> => {
      const when = target();
      this.checkTarget(when);
      for (;;) {
        let ran = 0;
        this.aroundStep(() => {
          while (ran < stepTimers && this.runOne(when)) ran++;
        });
        if (ran < stepTimers) break;
        await between();
      }
      this.clock.set(when);
    };
    const next = this.stepping.then(run);
    // A failed advance does not stop the next one.
    this.stepping = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs the earliest timer due by `limit` (the clock set to its time), and no other; false when
   * none is due. A test that rebuilds the emulator between any two turns steps with it.
   */
  step(limit: Micros): boolean {
    this.checkTarget(limit);
    return this.runOne(limit);
  }

  /** Runs what is due now without moving the clock. */
  runDue(): void {
    this.advanceTo(this.clock.now());
  }

  /** When the next pending timer is due, if any. */
  nextAt(): Micros | undefined {
    return this.queue.peekWhen();
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.queue.size;
  }

  private checkTarget(when: Micros): void {
    if (when < this.clock.now()) throw new ClockRangeError('a clock cannot move backwards');
    const problem = clockRangeProblem(when);
    if (problem) throw new ClockRangeError(problem);
  }

  /** Runs the earliest timer due by `limit`, with the clock at its time; false when none is. */
  private runOne(limit: Micros): boolean {
    const next = this.queue.takeDue(limit);
    if (!next) return false;
    if (next.when > this.clock.now()) this.clock.set(next.when);
    next.fn();
    return true;
  }
}
