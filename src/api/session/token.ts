// Console sessions without server-side state, so that every replica accepts the same cookie: the
// cookie names the access key and when the session ends, and carries an HMAC-SHA256 of both keyed
// by the key's secret. Checking it reads the key from the key store each time, so deleting the
// key (or giving its id another secret) ends every session made with it. Pure functions, no I/O.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'eci_session';
/** How long a session lasts: the cookie's Max-Age and the expiry the token carries. */
export const SESSION_SECONDS = 30 * 24 * 3600;
const FORMAT = 'v1';

export interface SessionToken {
  accessKeyId: string;
  /** Unix seconds. */
  expires: number;
  mac: Buffer;
}

function mac(accessKeyId: string, expires: number, secret: string): Buffer {
  // The format tag and purpose are signed too: no other HMAC made with a key's secret (the
  // OpenAPI's request signatures) can pass for a session.
  return createHmac('sha256', secret).update(`eci-events session ${FORMAT}\n${accessKeyId}\n${expires}`).digest();
}

/** `v1.<base64url id>.<expiry>.<base64url mac>`: only cookie-safe characters, whatever the id holds. */
export function issueToken(accessKeyId: string, secret: string, expires: number): string {
  return [FORMAT, Buffer.from(accessKeyId).toString('base64url'), String(expires), mac(accessKeyId, expires, secret).toString('base64url')].join('.');
}

/** The token's parts, or undefined when the value is not one of ours. */
export function parseToken(value: string): SessionToken | undefined {
  const m = /^v1\.([A-Za-z0-9_-]{1,400})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return undefined;
  return { accessKeyId: Buffer.from(m[1]!, 'base64url').toString('utf8'), expires: Number(m[2]), mac: Buffer.from(m[3]!, 'base64url') };
}

/** True when the token was made with this secret and has not expired at `nowSeconds`. */
export function tokenHolds(token: SessionToken, secret: string, nowSeconds: number): boolean {
  if (token.expires <= nowSeconds) return false;
  const expected = mac(token.accessKeyId, token.expires, secret);
  return token.mac.length === expected.length && timingSafeEqual(token.mac, expected);
}

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(given: string, actual: string): boolean {
  // Digests have one length, so even the length of the secret does not show in the timing.
  const a = createHmac('sha256', 'compare').update(given).digest();
  const b = createHmac('sha256', 'compare').update(actual).digest();
  return timingSafeEqual(a, b);
}

/** One cookie's value from a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    return part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** The Set-Cookie header that stores a session (or, with no value, removes it). */
export function sessionCookie(value: string | undefined, secure: boolean): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${value === undefined ? 0 : SESSION_SECONDS}`];
  // Secure only over HTTPS: the service's default is plain HTTP on 127.0.0.1, where a Secure
  // cookie would never be sent back.
  if (secure) attributes.push('Secure');
  return [`${SESSION_COOKIE}=${value ?? ''}`, ...attributes].join('; ');
}
