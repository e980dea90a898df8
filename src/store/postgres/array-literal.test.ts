import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal.js';

describe('arrayLiteral', () => {
  it('quotes every text element and escapes only quotes and backslashes', () => {
    expect(arrayLiteral(['a', 'say "hi"', 'C:\\dir', '{x,y}', 'NULL', ''])).toBe('{"a","say \\"hi\\"","C:\\\\dir","{x,y}","NULL",""}');
  });

  it('writes numbers, bigints and booleans bare, and null or undefined as NULL', () => {
    expect(arrayLiteral([1, -2.5, 12345678901234567890n, true, false, null, undefined])).toBe('{1,-2.5,12345678901234567890,true,false,NULL,NULL}');
  });

  it('writes an empty array as {}', () => {
    expect(arrayLiteral([])).toBe('{}');
  });
});

describe('arrayLiteral through JSON', () => {
  // The element-by-element encoder, as the reference the JSON path must match byte for byte.
  const reference = (values: readonly unknown[]): string =>
    `{${values.map((v) => (typeof v === 'string' ? `"${v.replace(/["\\]/g, '\\$&')}"` : v === null || v === undefined ? 'NULL' : String(v))).join(',')}}`;

  it('writes what the element encoder writes, for every text a store may hold', () => {
    const texts = ['', ' ', 'a b', 'x,y', '{z}', '"', '\\', '\\"', '"\\', 'C:\\n', '\\u0041', 'é', '中文', '😀', '\u2028', 'NULL', 'null', '1e21'];
    for (let n = 0; n < 200; n++) {
      const values = Array.from({ length: 1 + (n % 7) }, (_, i) => texts[(n * 7 + i * 13) % texts.length]!);
      expect(arrayLiteral(values)).toBe(reference(values));
    }
    expect(arrayLiteral([0, -2.5, 1764547200000000, true, false])).toBe('{0,-2.5,1764547200000000,true,false}');
  });

  it('keeps control characters as they are, where JSON would escape them', () => {
    const values = ['line\nbreak', 'tab\there', 'bell\u0007', 'cr\r'];
    expect(arrayLiteral(values)).toBe(reference(values));
    expect(arrayLiteral(values)).toContain('line\nbreak');
  });
});
