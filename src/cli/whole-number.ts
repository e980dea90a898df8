import { UsageError } from './io.js';

/**
 * A whole number from a command-line word (digits only: no sign, no exponent, no spaces), within
 * [min, max]; else a UsageError naming the flag and what it got. Every command reads counts,
 * ports and sizes with this one, so they refuse alike.
 */
export function wholeNumber(flag: string, text: string | undefined, bounds: { min?: number; max?: number } = {}): number {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = bounds;
  const n = text !== undefined && /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    const range = bounds.max !== undefined ? ` from ${min} to ${max}` : min > 0 ? ` of at least ${min}` : '';
    throw new UsageError(`${flag} must be a whole number${range}, got ${JSON.stringify(text ?? '')}`);
  }
  return n;
}
