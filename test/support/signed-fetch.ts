// fetch() with the V3 signature the service requires on its JSON API, for tests.
import { signV3 } from '../../src/api/core/signature.js';

export const TEST_KEY = { id: 'LTAItestkey0000000001', secret: 'test-secret-000000000000000001' };

/** The serve flags that make TEST_KEY valid. */
export const TEST_KEY_FLAGS = ['--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret];

export async function signedFetch(url: string, init: { method?: 'GET' | 'POST' | 'DELETE'; body?: string } = {}, key = TEST_KEY): Promise<Response> {
  const u = new URL(url);
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const headers = signV3(
    {
      method,
      host: u.host,
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      body: init.body ?? '',
      action: 'Ingest',
      version: '2018-08-08',
      ...(init.body === undefined ? {} : { contentType: 'application/json' }),
    },
    key.id,
    key.secret,
  );
  return fetch(u, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) });
}

/** A signed JSON API call's answer: its status, its text, and that text parsed ({} when empty). */
export interface JsonAnswer {
  status: number;
  text: string;
  body: Record<string, any>;
}

/** A signed call of the JSON API at `base`; a string body goes as it is, anything else as JSON. */
export async function signedJson(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, key = TEST_KEY): Promise<JsonAnswer> {
  const res = await signedFetch(
    `${base}${path}`,
    { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) },
    key,
  );
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : {} };
}
