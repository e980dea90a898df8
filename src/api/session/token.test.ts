import { describe, expect, it } from 'vitest';
import { cookieValue, issueToken, parseToken, sameSecret, SESSION_SECONDS, sessionCookie, tokenHolds } from './token.js';

const NOW = 1_800_000_000;

describe('session tokens', () => {
  it('hold for their key and secret until they expire', () => {
    const value = issueToken('LTAI id;with=odd chars', 'secret-1', NOW + 60);
    expect(value).toMatch(/^[A-Za-z0-9._-]+$/);
    const token = parseToken(value)!;
    expect(token.accessKeyId).toBe('LTAI id;with=odd chars');
    expect(tokenHolds(token, 'secret-1', NOW)).toBe(true);
    expect(tokenHolds(token, 'secret-1', NOW + 59)).toBe(true);
    expect(tokenHolds(token, 'secret-1', NOW + 60)).toBe(false);
    expect(tokenHolds(token, 'secret-2', NOW)).toBe(false);
  });

  it('refuse a changed expiry, id or mac, and values that are not tokens', () => {
    const [format, id, expires, mac] = issueToken('LTAIa', 's', NOW + 60).split('.');
    const longer = parseToken([format, id, String(Number(expires) + 3600), mac].join('.'))!;
    expect(tokenHolds(longer, 's', NOW)).toBe(false);
    const other = parseToken([format, Buffer.from('LTAIb').toString('base64url'), expires, mac].join('.'))!;
    expect(tokenHolds(other, 's', NOW)).toBe(false);
    for (const bad of ['', 'x', 'v2.a.1.b', `v1.${id}.${expires}`, `v1.${id}.soon.${mac}`, `v1.${id}.${expires}.${mac}x`])
      expect(parseToken(bad), bad).toBeUndefined();
  });

  it('compare secrets whatever their lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'x')).toBe(false);
  });

  it('read and write the cookie', () => {
    expect(cookieValue('a=1; eci_session=v1.x.2.y; b=2', 'eci_session')).toBe('v1.x.2.y');
    expect(cookieValue('xeci_session=1', 'eci_session')).toBeUndefined();
    expect(cookieValue(undefined, 'eci_session')).toBeUndefined();
    expect(sessionCookie('v', false)).toBe(`eci_session=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}`);
    expect(sessionCookie(undefined, true)).toBe('eci_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure');
  });
});
