import { describe, expect, it } from 'vitest';
import { fromRfc3339, toRfc3339, toRfc3339Seconds } from './time.js';

const bySeconds = (micros: number) => new Date(Math.floor(micros / 1_000_000) * 1000).toISOString().slice(0, -5) + 'Z';

describe('toRfc3339Seconds', () => {
  it('writes what Date writes, to the second, over a wide range of instants', () => {
    let seed = 3;
    const next = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    const instants = [
      0,
      -1,
      1,
      999_999,
      1_000_000,
      Date.UTC(2026, 10, 29, 23, 59, 59, 999) * 1000,
      Date.UTC(2028, 1, 29) * 1000,
      Date.UTC(1969, 11, 31, 23, 59, 59) * 1000,
    ];
    for (let i = 0; i < 20_000; i++) instants.push(next(2 ** 31) * 2 * 1_000_000 + next(1_000_000)); // 1970 to 2106
    for (const at of instants) expect(toRfc3339Seconds(at), String(at)).toBe(bySeconds(at));
  });

  it('alternates between days without mixing their dates', () => {
    const a = Date.UTC(2026, 10, 29, 0, 0, 1) * 1000;
    const b = Date.UTC(2026, 10, 30, 23, 0, 2) * 1000;
    expect([a, b, a, b].map(toRfc3339Seconds)).toEqual(['2026-11-29T00:00:01Z', '2026-11-30T23:00:02Z', '2026-11-29T00:00:01Z', '2026-11-30T23:00:02Z']);
  });

  it('reads back to the same second', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5, 678) * 1000 + 9;
    expect(fromRfc3339(toRfc3339Seconds(at))).toBe(Math.floor(at / 1_000_000) * 1_000_000);
    expect(fromRfc3339(toRfc3339(at))).toBe(at);
  });
});
