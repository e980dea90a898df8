// The official ECI SDK (@alicloud/eci20180808, CommonJS) against a started `eci-events serve`,
// and hand-made requests for what the SDK cannot send (replays, stale dates, unknown actions).
import type { ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import * as Eci from '@alicloud/eci20180808';
import * as $OpenApi from '@alicloud/openapi-client';
import { acsEncode, signV3, v1StringToSign } from '../../src/api/rpc/signature.js';
import { runCli, startServe } from './cli.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './signed-fetch.js';

export * as $Eci from '@alicloud/eci20180808';
export { $OpenApi };

type ClientClass = typeof Eci.default.default;
export type EciClient = InstanceType<ClientClass>;
// Interop differs between runners: the default import is the class (vitest) or module.exports.
const loaded = Eci.default as unknown as ClientClass | { default: ClientClass };
export const Client: ClientClass = typeof loaded === 'function' ? loaded : loaded.default;

export type Scheme = 'v3' | 'v1';
export const SCHEMES: Scheme[] = ['v3', 'v1'];
export const REGION = 'cn-hangzhou';
export const API_VERSION = '2018-08-08';

export interface Key {
  id: string;
  secret: string;
}

/** An SDK client: V3 (the SDK's default) or v1 (signatureAlgorithm 'v2', HMAC-SHA1 in the query). */
export function sdkClient(host: string, scheme: Scheme, key: Key = TEST_KEY, extra: Record<string, unknown> = {}): EciClient {
  return new Client(
    new $OpenApi.Config({
      accessKeyId: key.id,
      accessKeySecret: key.secret,
      regionId: REGION,
      endpoint: host,
      protocol: 'http',
      // The SDK's default read timeout is 3 s; a loaded 2-core machine can be slower than that.
      readTimeout: 20_000,
      connectTimeout: 5_000,
      ...(scheme === 'v1' ? { signatureAlgorithm: 'v2' } : {}),
      ...extra,
    }),
  );
}

export interface SdkFailure {
  code: string;
  statusCode: number;
  message: string;
  data: Record<string, unknown>;
}

/** The error an SDK call throws (fails the test if it succeeds). */
export async function sdkError(call: Promise<unknown>): Promise<SdkFailure> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: string; statusCode?: number; message?: string; data?: Record<string, unknown> };
    return { code: String(e.code), statusCode: Number(e.statusCode), message: String(e.message), data: e.data ?? {} };
  }
  throw new Error('the call was expected to fail but succeeded');
}

export interface Server {
  url: string;
  /** host:port, the SDK's endpoint. */
  host: string;
  db: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

/** `eci-events serve` with TEST_KEY for the default account; stop() kills it (SIGKILL after 5 s). */
export async function startServer(db: string, extra: string[] = []): Promise<Server> {
  const s = await startServe(['--db', db, ...TEST_KEY_FLAGS, ...extra]);
  const child = s.child;
  return {
    url: s.url,
    host: new URL(s.url).host,
    db,
    child,
    stderr: s.stderr,
    stop: () => stopChild(child),
  };
}

export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A new key pair for another account, in the running service's database. */
export function createKey(db: string, account: string): Key {
  const r = runCli(['keys', 'create', '--account', account, '--db', db, '--json']);
  if (r.status !== 0) throw new Error(`keys create failed (${r.status}): ${r.stderr}`);
  const k = JSON.parse(r.stdout) as { accessKeyId: string; accessKeySecret: string; account: string };
  if (k.account !== account) throw new Error(`keys create made a key for ${k.account}, not ${account}`);
  return { id: k.accessKeyId, secret: k.accessKeySecret };
}

/** Polls until `check` returns a value other than undefined, or fails after the deadline. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// ---- Hand-made requests -------------------------------------------------------------------

export interface RawAnswer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

export async function answer(res: Response): Promise<RawAnswer> {
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = {};
  }
  return { status: res.status, body, text };
}

export function queryString(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${acsEncode(k)}=${acsEncode(v)}`)
    .join('&');
}

export interface V3Options {
  action: string;
  params?: Record<string, string>;
  version?: string;
  method?: string;
  key?: Key;
  date?: Date;
  /** Replaces or adds headers after signing (null removes one). */
  headers?: Record<string, string | null>;
  body?: string;
  contentType?: string;
}

/** The headers of a V3-signed request as the SDK would send it. */
export function v3Headers(host: string, o: V3Options): Record<string, string> {
  const headers = signV3(
    {
      method: o.method ?? 'POST',
      host,
      query: o.params ?? {},
      body: o.body ?? '',
      action: o.action,
      version: o.version ?? API_VERSION,
      ...(o.contentType ? { contentType: o.contentType } : {}),
    },
    (o.key ?? TEST_KEY).id,
    (o.key ?? TEST_KEY).secret,
    o.date,
  );
  for (const [k, v] of Object.entries(o.headers ?? {})) {
    if (v === null) delete headers[k];
    else headers[k] = v;
  }
  return headers;
}

/** A V3-signed request made by hand; returns the status and the parsed JSON body. */
export async function v3Request(server: Pick<Server, 'url' | 'host'>, o: V3Options): Promise<RawAnswer> {
  const headers = v3Headers(server.host, o);
  const qs = queryString(o.params ?? {});
  const method = o.method ?? 'POST';
  const res = await fetch(`${server.url}/${qs ? '?' + qs : ''}`, {
    method,
    headers,
    ...(o.body !== undefined && method !== 'GET' ? { body: o.body } : {}),
  });
  return answer(res);
}

/** The query parameters of a v1 (HMAC-SHA1) signed request, exactly as the SDK computes them. */
export function v1Params(action: string, params: Record<string, string>, o: { key?: Key; version?: string; date?: Date; nonce?: string; method?: string } = {}): Record<string, string> {
  const key = o.key ?? TEST_KEY;
  const all: Record<string, string> = {
    Action: action,
    Format: 'json',
    Version: o.version ?? API_VERSION,
    Timestamp: (o.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    SignatureNonce: o.nonce ?? randomBytes(16).toString('hex'),
    ...params,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    AccessKeyId: key.id,
  };
  all.Signature = createHmac('sha1', key.secret + '&')
    .update(v1StringToSign(o.method ?? 'POST', all))
    .digest('base64');
  return all;
}

export async function v1Request(server: Pick<Server, 'url'>, params: Record<string, string>, method = 'POST'): Promise<RawAnswer> {
  const res = await fetch(`${server.url}/?${queryString(params)}`, { method, headers: { 'x-acs-version': API_VERSION } });
  return answer(res);
}
