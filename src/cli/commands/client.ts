import { API_VERSION } from '../../api/api-version.js';
import { signV3 } from '../../api/core/signature.js';
import { UsageError } from '../io.js';

/** The service answered with an error: its status, code and the body's other fields, for callers that act on them. */
export class ServiceError extends UsageError {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** How a client command reaches the service: the endpoint and an access key pair. */
export interface ClientOptions {
  endpoint: string;
  accessKeyId?: string;
  accessKeySecret?: string;
}

export function base(options: ClientOptions): URL {
  let url: URL;
  try {
    url = new URL(options.endpoint.includes('://') ? options.endpoint : `http://${options.endpoint}`);
  } catch {
    throw new UsageError(`--endpoint must be a URL such as http://127.0.0.1:8080, got ${JSON.stringify(options.endpoint)}`);
  }
  if (!options.accessKeyId || !options.accessKeySecret) {
    throw new UsageError(
      "an access key is needed: give --access-key-id and --access-key-secret (or ECI_EVENTS_ACCESS_KEY_ID and ECI_EVENTS_ACCESS_KEY_SECRET); `eci-events keys create` prints a pair ready to paste as these variables (run it on the service's database: the same --db as serve's)",
    );
  }
  return url;
}

/** How many times a refused request is sent again, and the longest single wait between tries. */
const RETRIES = 5;
const MAX_WAIT_S = 10;

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}

/**
 * Sends a request, signed afresh for each try (a signature's nonce is spent by its first use).
 * A 503 or 429 that carries Retry-After said that nothing was done and when to try again (a
 * replica set electing its leader, flow control): the request is sent again after that wait, a
 * few times, as client-go does for the API server; any other answer is returned at once.
 */
async function send(url: URL, init: () => RequestInit): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, init());
    } catch (err) {
      throw new UsageError(`cannot reach ${url.origin}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`);
    }
    const wait = Number(res.headers.get('retry-after') ?? Number.NaN);
    if ((res.status === 503 || res.status === 429) && Number.isFinite(wait) && wait >= 0 && attempt < RETRIES) {
      await res.body?.cancel();
      await new Promise((r) => setTimeout(r, Math.min(wait, MAX_WAIT_S) * 1000));
      continue;
    }
    return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined };
  }
}

/** Calls an OpenAPI action (V3-signed, parameters in the query string, as the SDK does). */
export async function callAction<T>(options: ClientOptions, action: string, params: Record<string, string | undefined>): Promise<T> {
  const url = base(options);
  const query = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  url.pathname = '/';
  url.search = new URLSearchParams(query).toString().replace(/\+/g, '%20');
  const sign = () =>
    signV3(
      { method: 'POST', host: url.host, path: url.pathname, query, body: '', action, version: API_VERSION },
      options.accessKeyId!,
      options.accessKeySecret!,
    );
  const { status, body } = await send(url, () => ({ method: 'POST', headers: sign() }));
  if (status >= 400 || !body) throw new UsageError(`${status} ${String(body?.Code ?? 'error')}: ${String(body?.Message ?? '')}`.trim());
  return body as T;
}

/** Calls this service's JSON API (/v1/...) with a V3 signature over the body. */
export async function callJson<T>(options: ClientOptions, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const url = new URL(path, base(options));
  const text = body === undefined ? '' : JSON.stringify(body);
  const query = Object.fromEntries(url.searchParams);
  const sign = () =>
    signV3(
      {
        method,
        host: url.host,
        path: url.pathname,
        query,
        body: text,
        action: 'Ingest',
        version: API_VERSION,
        ...(body === undefined ? {} : { contentType: 'application/json' }),
      },
      options.accessKeyId!,
      options.accessKeySecret!,
    );
  const answer = await send(url, () => ({ method, headers: sign(), ...(body === undefined ? {} : { body: text }) }));
  const error = answer.body?.error as { code?: string; message?: string; problems?: unknown } | undefined;
  if (answer.status >= 400 || !answer.body) {
    // A refused world change lists every problem; print each on its own line, as serve --world does.
    const problems = Array.isArray(error?.problems) ? error.problems.map((p) => `\n  - ${String(p)}`).join('') : '';
    const head = `${answer.status} ${error?.code ?? 'error'}: ${error?.message ?? ''}`.trim();
    throw new ServiceError(head + problems, answer.status, error?.code, error ?? {});
  }
  return answer.body as T;
}
