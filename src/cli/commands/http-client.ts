import { UsageError } from '../io.js';

/** Calls the service's JSON API; a failure becomes one readable line. */
export async function callApi<T>(endpoint: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let url: URL;
  try {
    url = new URL(path, endpoint.endsWith('/') ? endpoint : endpoint + '/');
  } catch {
    throw new UsageError(`--endpoint must be a URL such as http://127.0.0.1:8080, got ${JSON.stringify(endpoint)}`);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (err) {
    throw new UsageError(`cannot reach ${url.origin}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`);
  }
  const body = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!res.ok) throw new UsageError(`${res.status} ${body?.error?.code ?? res.statusText}: ${body?.error?.message ?? ''}`.trim());
  return body as T;
}
