// The service's HTTP API as the console uses it: same origin, the session cookie (HttpOnly, set
// by POST /v1/session), and the X-ECI-Console header on every unsafe method.
import type { AccountDiagnoses, Diagnosis } from '../../../src/diagnosis/shape.js';
import type {
  CatalogAnswer,
  CatalogRow,
  ClockState,
  DataCachePage,
  DataCachesPage,
  ErrorBody,
  EventsPage,
  GroupPage,
  GroupsPage,
  Histogram,
  ImageCachePage,
  ImageCachesPage,
  Session,
  SignIn,
  VirtualNodePage,
  VirtualNodesPage,
} from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let unauthorized: () => void = () => {};

/** Called when a request other than the sign-in itself is answered 401 (the session ended). */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

export function withQuery(path: string, query: Record<string, string | number | undefined> = {}): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') s.set(k, String(v));
  const qs = s.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-eci-console'] = '1';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(signal ? { signal } : {}),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    // This API's error body, the OpenAPI's (Code, Message), or whatever a proxy on the way said.
    const err = (json as (Partial<ErrorBody> & { Code?: string; Message?: string }) | undefined) ?? {};
    const code = err.error?.code ?? err.Code ?? `HTTP${res.status}`;
    const message = err.error?.message ?? err.Message ?? (text.slice(0, 200) || res.statusText);
    if (res.status === 401 && path !== '/v1/session') unauthorized();
    throw new ApiError(res.status, code, message);
  }
  return json as T;
}

export const api = {
  session: () => request<Session>('GET', '/v1/session'),
  signIn: (accessKeyId: string, accessKeySecret: string) => request<Session>('POST', '/v1/session', { accessKeyId, accessKeySecret } satisfies SignIn),
  signOut: () => request<void>('DELETE', '/v1/session'),
  groups: (params: Record<string, string>, signal?: AbortSignal) => request<GroupsPage>('GET', withQuery('/v1/groups', params), undefined, signal),
  group: (id: string, signal?: AbortSignal) => request<GroupPage>('GET', `/v1/groups/${encodeURIComponent(id)}`, undefined, signal),
  imageCaches: (params: Record<string, string>, signal?: AbortSignal) =>
    request<ImageCachesPage>('GET', withQuery('/v1/image-caches', params), undefined, signal),
  imageCache: (id: string, signal?: AbortSignal) => request<ImageCachePage>('GET', `/v1/image-caches/${encodeURIComponent(id)}`, undefined, signal),
  dataCaches: (params: Record<string, string>, signal?: AbortSignal) => request<DataCachesPage>('GET', withQuery('/v1/data-caches', params), undefined, signal),
  dataCache: (id: string, signal?: AbortSignal) => request<DataCachePage>('GET', `/v1/data-caches/${encodeURIComponent(id)}`, undefined, signal),
  virtualNodes: (params: Record<string, string>, signal?: AbortSignal) =>
    request<VirtualNodesPage>('GET', withQuery('/v1/virtual-nodes', params), undefined, signal),
  virtualNode: (id: string, signal?: AbortSignal) => request<VirtualNodePage>('GET', `/v1/virtual-nodes/${encodeURIComponent(id)}`, undefined, signal),
  diagnosis: (id: string, signal?: AbortSignal) => request<Diagnosis>('GET', `/v1/groups/${encodeURIComponent(id)}/diagnosis`, undefined, signal),
  diagnoses: (params: Record<string, string>, signal?: AbortSignal) => request<AccountDiagnoses>('GET', withQuery('/v1/diagnoses', params), undefined, signal),
  events: (params: Record<string, string>, signal?: AbortSignal) => request<EventsPage>('GET', withQuery('/v1/events', params), undefined, signal),
  histogram: (params: Record<string, string>, signal?: AbortSignal) => request<Histogram>('GET', withQuery('/v1/events/histogram', params), undefined, signal),
  clock: () => request<ClockState>('GET', '/v1/clock'),
  health: () => request<{ latestVersion?: number | string }>('GET', '/healthz'),
  catalog: (() => {
    let cached: Promise<CatalogRow[]> | undefined;
    return () => {
      // The seed's rows, then the Kubernetes agent's (which explain the lifecycle's own events).
      cached ??= request<CatalogAnswer>('GET', '/v1/catalog').then(
        (r) => [...r.rows, ...r.agentRows],
        (err: unknown) => {
          cached = undefined;
          throw err;
        },
      );
      return cached;
    };
  })(),
};

/** The service's clock now, in ms (it may be a virtual clock): the origin of "Last hour" and the like. */
export async function serviceNow(): Promise<number> {
  try {
    const c = await api.clock();
    const ms = Date.parse(c.now);
    return Number.isNaN(ms) ? Date.now() : ms;
  } catch {
    return Date.now();
  }
}
