import { describe, expect, it } from 'vitest';
import { CLOCK_CEILING, ClockRangeError, ManualClock, systemClock } from '../model/clock.js';
import { ManualScheduler, RealTimeScheduler } from './scheduler.js';

const T0 = Date.UTC(2026, 0, 1) * 1000;
const S = 1_000_000;

describe('ManualScheduler', () => {
  it('runs due timers in time order, ties in insertion order, each at its own time', () => {
    const clock = new ManualClock(T0);
    const s = new ManualScheduler(clock);
    const log: string[] = [];
    const note = (name: string) => () => log.push(`${name}@${clock.now() - T0}`);
    s.after(300, note('c'));
    s.after(100, note('a1'));
    s.at(T0 + 100, note('a2'));
    s.after(200, note('b'));
    s.after(1000, note('late'));
    s.advance(500);
    expect(log).toEqual(['a1@100', 'a2@100', 'b@200', 'c@300']);
    expect(clock.now()).toBe(T0 + 500);
    expect(s.pending).toBe(1);
    expect(s.nextAt()).toBe(T0 + 1000);
  });

  it('runs timers scheduled by timers when they fall within the span, and not those beyond it', () => {
    const clock = new ManualClock(T0);
    const s = new ManualScheduler(clock);
    const log: number[] = [];
    const chain = () => {
      log.push(clock.now() - T0);
      s.after(40, chain);
    };
    s.after(0, chain);
    s.advance(100);
    expect(log).toEqual([0, 40, 80]);
    expect(s.nextAt()).toBe(T0 + 120);
    // A zero-delay timer set by a timer runs in the same advance, at the same time.
    const zero: number[] = [];
    s.after(10, () => s.after(0, () => zero.push(clock.now() - T0)));
    s.advance(10);
    expect(zero).toEqual([110]);
  });

  it('cancels, and a cancel after the run or twice is harmless', () => {
    const clock = new ManualClock(T0);
    const s = new ManualScheduler(clock);
    const log: string[] = [];
    const cancelA = s.after(10, () => log.push('a'));
    const cancelB = s.after(20, () => log.push('b'));
    cancelA();
    cancelA();
    expect(s.pending).toBe(1);
    s.advance(30);
    cancelB();
    expect(log).toEqual(['b']);
    expect(s.pending).toBe(0);
  });

  it('runs past-due timers now, runDue runs what is due without moving, and never goes backwards', () => {
    const clock = new ManualClock(T0);
    const s = new ManualScheduler(clock);
    const log: number[] = [];
    s.at(T0 - 50, () => log.push(clock.now()));
    s.runDue();
    expect(log).toEqual([T0]);
    expect(() => s.advance(-1)).toThrow(RangeError);
    expect(() => s.advanceTo(T0 - 1)).toThrow(RangeError);
  });

  it('propagates what a timer throws, leaving the rest queued', () => {
    const clock = new ManualClock(T0);
    const s = new ManualScheduler(clock);
    s.after(10, () => {
      throw new Error('boom');
    });
    s.after(20, () => {});
    expect(() => s.advance(100)).toThrow('boom');
    expect(clock.now()).toBe(T0 + 10);
    expect(s.pending).toBe(1);
  });
});

describe('ManualScheduler.advanceInSteps', () => {
  it('runs at most a step of timers between two awaits of `between`, in order, and ends at the target', async () => {
    const clock = new ManualClock(T0);
    const s = new ManualScheduler(clock);
    const log: string[] = [];
    // A crash loop in miniature: every timer sets the next one.
    const loop = () => {
      log.push(`t${clock.now() - T0}`);
      s.after(10, loop);
    };
    s.after(10, loop);
    const advancing = s.advanceInSteps(
      95,
      async () => {
        log.push('|');
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
      3,
    );
    // Nothing runs in the caller's turn: an advance starts after any in flight.
    expect(clock.now()).toBe(T0);
    await advancing;
    expect(log).toEqual(['t10', 't20', 't30', '|', 't40', 't50', 't60', '|', 't70', 't80', 't90', '|']);
    expect(clock.now()).toBe(T0 + 95);
  });

  it('lets other work run while it steps, and runs timers that work schedules within the span', async () => {
    const clock = new ManualClock(T0);
    const s = new ManualScheduler(clock);
    const loop = () => s.after(1, loop);
    s.after(1, loop);
    let servedAt: number | undefined;
    const advancing = s.advanceInSteps(10_000, undefined, 100);
    setImmediate(() => {
      servedAt = clock.now() - T0;
      s.after(5, () => undefined);
    });
    await advancing;
    expect(servedAt).toBeGreaterThan(0);
    expect(servedAt).toBeLessThan(10_000);
    expect(s.pending).toBe(1); // only the loop's next timer, beyond the span
  });

  it('runs advances one after another, the second from where the first ended', async () => {
    const clock = new ManualClock(T0);
    const s = new ManualScheduler(clock);
    const loop = () => s.after(1, loop);
    s.after(1, loop);
    const first = s.advanceInSteps(5000, undefined, 10);
    const second = s.advanceToInSteps(T0 + 6000, undefined, 10);
    const third = s.advanceInSteps(1000, undefined, 10);
    await Promise.all([first, second, third]);
    expect(clock.now()).toBe(T0 + 7000);
  });

  it('refuses a target behind the clock or past the ceiling before running anything, and the next advance still runs', async () => {
    // Times up there are multiples of 32 µs (doubles): steps of seconds are exact.
    const clock = new ManualClock(CLOCK_CEILING - 2 * S);
    const s = new ManualScheduler(clock);
    let ran = 0;
    s.after(S, () => ran++);
    await expect(s.advanceInSteps(3 * S)).rejects.toThrow(ClockRangeError);
    await expect(s.advanceToInSteps(CLOCK_CEILING - 3 * S)).rejects.toThrow(/backwards/);
    expect(() => s.advance(1e22)).toThrow(/no further than 9998-01-01T00:00:00Z/);
    expect([ran, clock.now()]).toEqual([0, CLOCK_CEILING - 2 * S]);
    await s.advanceInSteps(2 * S);
    expect([ran, clock.now()]).toEqual([1, CLOCK_CEILING]);
    expect(() => new ManualClock(CLOCK_CEILING + S)).toThrow(ClockRangeError);
    expect(() => new ManualClock(-1)).toThrow(/1970-01-01T00:00:00Z at the earliest/);
  });
});

describe('RealTimeScheduler', () => {
  it('runs timers on the wall clock, and close() cancels what is pending', async () => {
    const s = new RealTimeScheduler(systemClock);
    const log: string[] = [];
    s.after(1_000, () => log.push('soon'));
    s.after(5_000_000, () => log.push('never'));
    const cancelled = s.after(2_000, () => log.push('cancelled'));
    cancelled();
    await new Promise((r) => setTimeout(r, 30));
    s.close();
    s.after(0, () => log.push('after close'));
    await new Promise((r) => setTimeout(r, 10));
    expect(log).toEqual(['soon']);
  });

  it('never runs a timer before its time on its clock, however early the timeout fires', async () => {
    // A clock behind the event loop's: what a turn that ran long before arming does to a timer.
    const clock = new ManualClock();
    const s = new RealTimeScheduler(clock);
    let ran = 0;
    s.at(clock.now() + 20_000, () => ran++);
    await new Promise((r) => setTimeout(r, 60));
    expect(ran).toBe(0);
    clock.advance(20_000);
    for (const deadline = Date.now() + 2_000; ran === 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 5));
    expect(ran).toBe(1);
    s.close();
  });

  it('hands what a timer throws to onError', async () => {
    const errors: unknown[] = [];
    const s = new RealTimeScheduler(systemClock, { onError: (e) => errors.push(e) });
    s.after(0, () => {
      throw new Error('bad step');
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(errors.map(String)).toEqual(['Error: bad step']);
    s.close();
  });
});
