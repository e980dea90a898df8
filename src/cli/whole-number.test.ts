import { describe, expect, it } from 'vitest';
import { UsageError } from './io.js';
import { wholeNumber } from './whole-number.js';

describe('wholeNumber: the one reader of counts, ports and sizes on the command line', () => {
  it('reads digits within the bounds', () => {
    expect(wholeNumber('--port', '8080', { max: 65535 })).toBe(8080);
    expect(wholeNumber('--port', '0', { max: 65535 })).toBe(0);
    expect(wholeNumber('--count', '1', { min: 1 })).toBe(1);
    expect(wholeNumber('the stock', '007')).toBe(7);
  });

  const refused: Array<[string, string | undefined, { min?: number; max?: number }, string]> = [
    ['a word', 'eighty', { max: 65535 }, '--port must be a whole number from 0 to 65535, got "eighty"'],
    ['above the most', '65536', { max: 65535 }, '--port must be a whole number from 0 to 65535, got "65536"'],
    ['a sign', '-1', {}, '--port must be a whole number, got "-1"'],
    ['below the least', '0', { min: 1 }, '--port must be a whole number of at least 1, got "0"'],
    ['a fraction', '1.5', { min: 1 }, '--port must be a whole number of at least 1, got "1.5"'],
    ['an exponent', '1e3', {}, '--port must be a whole number, got "1e3"'],
    ['spaces', ' 5', {}, '--port must be a whole number, got " 5"'],
    ['hex', '0x10', {}, '--port must be a whole number, got "0x10"'],
    ['nothing', undefined, {}, '--port must be a whole number, got ""'],
    ['more digits than a safe integer', '99999999999999999999', {}, '--port must be a whole number, got "99999999999999999999"'],
  ];
  for (const [what, text, bounds, message] of refused) {
    it(`refuses ${what}, naming the flag`, () => {
      expect(() => wholeNumber('--port', text, bounds)).toThrow(new UsageError(message));
    });
  }
});
