import type { Clock } from '../../model/clock.js';
import type { AccessKey, KeyStore } from '../../store/key-store.js';
import { cookieValue, parseToken, SESSION_COOKIE, tokenHolds } from './token.js';

/** Methods that change something: with a session cookie they need the console's header (CSRF guard). */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The header the console sends with every unsafe request; a cross-site form cannot send it. */
export const CONSOLE_HEADER = 'x-eci-console';

/**
 * The access key behind a request's session cookie: 'none' when there is no such cookie,
 * 'invalid' when there is one but it does not hold (malformed, expired, or its key deleted or
 * given another secret since).
 */
export async function sessionKey(cookieHeader: string | undefined, keys: KeyStore, wallClock: Clock): Promise<AccessKey | 'none' | 'invalid'> {
  const value = cookieValue(cookieHeader, SESSION_COOKIE);
  if (value === undefined || value === '') return 'none';
  const token = parseToken(value);
  if (!token) return 'invalid';
  const key = await keys.find(token.accessKeyId);
  if (!key || !tokenHolds(token, key.accessKeySecret, Math.floor(wallClock.now() / 1e6))) return 'invalid';
  return key;
}
