import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

/** A random source that gives these numbers in turn. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('Backoff: full jitter under a capped exponential', () => {
  it('draws each pause between 0 and min·2^n, capped at max', () => {
    const b = new Backoff(100, 1000, () => 0.999);
    expect(Array.from({ length: 7 }, () => Math.round(b.next()))).toEqual([100, 200, 400, 799, 999, 999, 999]);
  });

  it('scales the ceiling by what the random source gives, down to no pause at all', () => {
    const b = new Backoff(100, 1000, sequence(0.5, 0, 0.25, 1 - 2 ** -53));
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([50, 0, 100, 800 * (1 - 2 ** -53)]);
  });

  it('starts again from min after reset()', () => {
    const b = new Backoff(250, 30_000, () => 0.5);
    b.next();
    b.next();
    expect(b.ceiling()).toBe(1000);
    b.reset();
    expect([b.ceiling(), b.next()]).toEqual([250, 125]);
  });

  it('stays at max however long it fails (no overflow to Infinity or NaN)', () => {
    const b = new Backoff(1, 60_000, () => 0.5);
    for (let i = 0; i < 5000; i++) b.next();
    expect([b.ceiling(), b.next()]).toEqual([60_000, 30_000]);
  });

  it('uses Math.random by default: pauses differ and stay under the ceiling', () => {
    const b = new Backoff(1000, 1000);
    const pauses = Array.from({ length: 50 }, () => b.next());
    expect(pauses.every((p) => p >= 0 && p < 1000)).toBe(true);
    expect(new Set(pauses).size).toBeGreaterThan(1);
  });
});
