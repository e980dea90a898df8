import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('formatDuration', () => {
  it.each([
    ['10m', '10m'],
    ['48h', '48h'],
    ['2d', '48h'],
    ['90m', '1h30m'],
    ['90s', '1m30s'],
    ['250ms', '250ms'],
    ['1.5s', '1s500ms'],
  ])('writes %s as %s, which parseDuration reads back', (text, written) => {
    expect(formatDuration(parseDuration(text))).toBe(written);
    expect(parseDuration(written)).toBe(parseDuration(text));
  });

  it('writes no time as 0s', () => expect(formatDuration(0)).toBe('0s'));
});
