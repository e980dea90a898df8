import type { Micros } from './event.js';

/**
 * The last instant RFC 3339 writes (a four-digit year), 9999-12-31T23:59:59Z. Later, or before
 * the epoch, a time cannot be rendered (Date writes +010000-... or throws) and is never stored.
 */
export const LAST_RENDERABLE_MICROS: Micros = Date.UTC(9999, 11, 31, 23, 59, 59) * 1000;

/** Whether a time can be stored and rendered: whole microseconds from the epoch to LAST_RENDERABLE_MICROS. */
export function renderable(at: number): boolean {
  return Number.isFinite(at) && at >= 0 && at <= LAST_RENDERABLE_MICROS;
}

/** RFC 3339 UTC with the sub-second digits kept (trailing zeros dropped). */
export function toRfc3339(at: Micros): string {
  const ms = Math.floor(at / 1000);
  const base = new Date(ms).toISOString().slice(0, 19);
  const frac = String(((at % 1_000_000) + 1_000_000) % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${base}${frac ? '.' + frac : ''}Z`;
}

// Answers render hundreds of timestamps, mostly of a few recent seconds: remember those.
const SECONDS_CACHE_SIZE = 4096;
const secondsCache = new Map<number, string>();

/** RFC 3339 UTC to whole seconds, as Kubernetes' metav1.Time and the ECI API render it. */
export function toRfc3339Seconds(at: Micros): string {
  const second = Math.floor(at / 1_000_000);
  let text = secondsCache.get(second);
  if (text === undefined) {
    text = new Date(second * 1000).toISOString().slice(0, 19) + 'Z';
    if (secondsCache.size >= SECONDS_CACHE_SIZE) secondsCache.clear();
    secondsCache.set(second, text);
  }
  return text;
}

export function fromRfc3339(text: string): Micros {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) throw new RangeError(`not an RFC 3339 time: ${JSON.stringify(text)}`);
  const seconds = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(seconds)) throw new RangeError(`not an RFC 3339 time: ${JSON.stringify(text)}`);
  const micros = Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
  return seconds * 1000 + micros;
}
