// fetch() as the console makes it: a session cookie from POST /v1/session instead of a signature,
// and the X-ECI-Console header on requests that change something (unless told not to send it).
import type { Key } from './eci-sdk.js';

export interface SignIn {
  status: number;
  body: unknown;
  /** `eci_session=<value>`, ready for a Cookie header; undefined when none was set. */
  cookie?: string;
  setCookie: string | null;
}

export async function signIn(url: string, key: Key): Promise<SignIn> {
  const res = await fetch(`${url}/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-eci-console': '1' },
    body: JSON.stringify({ accessKeyId: key.id, accessKeySecret: key.secret }),
  });
  const setCookie = res.headers.get('set-cookie');
  const cookie = setCookie ? /^(eci_session=[^;]*)/.exec(setCookie)?.[1] : undefined;
  return { status: res.status, body: await res.json(), setCookie, ...(cookie ? { cookie } : {}) };
}

export function cookieFetch(
  url: string,
  cookie: string,
  init: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; consoleHeader?: boolean; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { cookie, ...init.headers };
  if (method !== 'GET' && init.consoleHeader !== false) headers['x-eci-console'] = '1';
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(url, {
    method,
    headers,
    ...(init.signal ? { signal: init.signal } : {}),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

/** Reads Server-Sent Events from a fetch body: each message's fields, as they arrive. */
export async function* sse(res: Response): AsyncGenerator<{ id?: string; event?: string; data?: string }> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':') || !line.includes(':')) continue;
        const at = line.indexOf(':');
        message[line.slice(0, at)] = line.slice(at + 1).trimStart();
      }
      if (message.data !== undefined) yield message;
    }
  }
}
