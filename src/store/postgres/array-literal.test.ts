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
