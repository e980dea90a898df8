import { describe, expect, it } from 'vitest';
import { sharedJoin } from './shared.js';

describe('sharedJoin', () => {
  const a = Buffer.from('a\n');
  const b = Buffer.from('bb\n');
  const c = Buffer.from('ccc\n');

  it('joins the frames in order', () => {
    expect(sharedJoin([a, b, c], 9).toString()).toBe('a\nbb\nccc\n');
  });

  it('gives the same frames joined once to every stream', () => {
    const first = sharedJoin([a, b], 5);
    expect(sharedJoin([a, b], 5)).toBe(first);
  });

  it('joins afresh when any frame differs, even of the same length', () => {
    const first = sharedJoin([a, b, c], 9);
    const other = Buffer.from('xx\n');
    const second = sharedJoin([a, other, c], 9);
    expect(second).not.toBe(first);
    expect(second.toString()).toBe('a\nxx\nccc\n');
    expect(sharedJoin([a, b], 5).toString()).toBe('a\nbb\n');
  });

  it('writes a single frame as it is', () => {
    expect(sharedJoin([c], 4)).toBe(c);
  });
});
