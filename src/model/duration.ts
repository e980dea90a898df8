import type { Micros } from './event.js';

const UNITS: Record<string, number> = { ms: 1e3, s: 1e6, m: 60e6, h: 3600e6, d: 86400e6 };

/** "90s", "10m", "48h", "7d", "1h30m", "250ms" to microseconds. */
export function parseDuration(text: string): Micros {
  const parts = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(text) ? text.match(/\d+(?:\.\d+)?(?:ms|s|m|h|d)/g) : null;
  if (!parts) throw new RangeError(`not a duration: ${JSON.stringify(text)} (use forms like 90s, 10m, 48h, 7d)`);
  return Math.round(
    parts.reduce((sum, part) => {
      const [, n, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(part)!;
      return sum + Number(n) * UNITS[unit!]!;
    }, 0),
  );
}

const FORMAT_UNITS: Array<[string, number]> = [
  ['h', 3600e6],
  ['m', 60e6],
  ['s', 1e6],
  ['ms', 1e3],
];

/** Microseconds as parseDuration reads them back: "10m", "48h", "1h30m", "250ms" (to the millisecond). */
export function formatDuration(micros: Micros): string {
  let left = Math.round(micros / 1e3) * 1e3;
  const parts: string[] = [];
  for (const [unit, size] of FORMAT_UNITS) {
    const n = Math.floor(left / size);
    if (n > 0) parts.push(`${n}${unit}`);
    left -= n * size;
  }
  return parts.join('') || '0s';
}
