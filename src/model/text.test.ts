import { describe, expect, it } from 'vitest';
import { firstUnstorable, storableText, truncateText, unstorableText } from './text.js';

describe('unstorableText', () => {
  it.each([
    ['plain text', 'Started container nginx', undefined],
    ['a paired surrogate (an emoji)', 'ok \u{1F600} ok', undefined],
    ['a NUL', 'ab\u0000c', 'holds a NUL character (U+0000) at offset 2, which cannot be stored'],
    ['a lone high surrogate', 'x\uD83D', 'holds an unpaired UTF-16 surrogate (U+D83D) at offset 1, which is not text'],
    ['a lone low surrogate', '\uDE00x', 'holds an unpaired UTF-16 surrogate (U+DE00) at offset 0, which is not text'],
    ['a high surrogate before a non-surrogate', '\uD83Dx', 'holds an unpaired UTF-16 surrogate (U+D83D) at offset 0, which is not text'],
  ])('%s', (_name, value, problem) => {
    expect(unstorableText(value)).toBe(problem);
  });
});

describe('firstUnstorable', () => {
  it('names the field path of the first bad string, in document order', () => {
    expect(firstUnstorable({ a: 'ok', b: [{ c: 'ok' }, { d: 'x\u0000' }], e: '\u0000' })).toEqual({
      path: 'b[1].d',
      problem: 'holds a NUL character (U+0000) at offset 1, which cannot be stored',
    });
    expect(firstUnstorable(['ok', 'b\uD800'])?.path).toBe('[1]');
  });

  it('checks names as well as values', () => {
    expect(firstUnstorable({ tags: { 'k\u0000': 'v' } })).toEqual({
      path: 'tags.k\\u0000',
      problem: 'its name holds a NUL character (U+0000) at offset 1, which cannot be stored',
    });
  });

  it('passes clean values, numbers, null and what is not a plain object', () => {
    expect(firstUnstorable({ a: 1, b: null, c: true, d: ['x', { e: 'y' }] })).toBeUndefined();
    expect(firstUnstorable(Buffer.from([0, 0]))).toBeUndefined();
    expect(firstUnstorable(Object.assign(Object.create(null), { q: 'a\u0000' }))?.path).toBe('q');
  });

  it('walks nesting deeper than the call stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(firstUnstorable(deep)?.problem).toMatch(/NUL/);
  });
});

describe('storableText and truncateText', () => {
  it('replaces what cannot be stored and keeps the rest', () => {
    expect(storableText('a\u0000b\uD800c\u{1F600}')).toBe('a\uFFFDb\uFFFDc\u{1F600}');
  });

  it('never cuts a surrogate pair in two', () => {
    expect(truncateText('ab\u{1F600}', 3)).toBe('ab');
    expect(truncateText('ab\u{1F600}', 4)).toBe('ab\u{1F600}');
    expect(truncateText('abcd', 3)).toBe('abc');
  });
});
