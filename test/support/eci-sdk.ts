// The official ECI SDK (@alicloud/eci20180808, CommonJS) against a started `eci-events serve`,
// and hand-made requests for what the SDK cannot send (replays, stale dates, unknown actions).
import { execFile, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import * as Eci from '@alicloud/eci20180808';
import * as $OpenApi from '@alicloud/openapi-client';
import { acsEncode, signV3, v1StringToSign, v3StringToSign } from '../../src/api/core/signature.js';
import { BIN, ensureBuilt, startServe } from './cli.js';
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
  // Should the test process die before afterAll, take the server with it.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  child.once('exit', () => process.off('exit', orphan));
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

/** A new key pair for another account, with `eci-events keys create` on the running service's database. */
export async function createKey(db: string, account: string): Promise<Key> {
  ensureBuilt();
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [BIN, 'keys', 'create', '--account', account, '--db', db, '--json'], { timeout: 60_000 }, (err, out, errOut) =>
      err ? reject(new Error(`keys create --account ${account} failed: ${err.message} ${errOut}`)) : resolve(out),
    );
  });
  const k = JSON.parse(stdout) as { accessKeyId: string; accessKeySecret: string; account: string };
  if (k.account !== account) throw new Error(`keys create made a key for ${k.account}, not ${account}`);
  return { id: k.accessKeyId, secret: k.accessKeySecret };
}

/** Keys for several accounts at once (one CLI process each, in parallel). */
export async function createKeys<A extends string>(db: string, accounts: readonly A[]): Promise<Record<A, Key>> {
  const keys = await Promise.all(accounts.map((a) => createKey(db, a)));
  return Object.fromEntries(accounts.map((a, i) => [a, keys[i]!])) as Record<A, Key>;
}

/** Polls until `check` returns a value other than undefined, or fails after the deadline. */
export async function until<T>(what: string | (() => string), check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}${last ? `: ${String(last)}` : ''}`);
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
  let body: Record<string, unknown>;
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
  /** The path to sign (default `/`, where v3Request sends; this service's own routes sign theirs). */
  path?: string;
  params?: Record<string, string>;
  version?: string;
  method?: string;
  key?: Key;
  /** The x-acs-date: a time, or any text (signed as given). */
  date?: Date | string;
  /** The x-acs-signature-nonce (default: 32 random hex digits, as the SDK). */
  nonce?: string;
  /** More headers to send and sign (x-acs-*, content-type...). */
  signed?: Record<string, string>;
  /** Which headers to list in SignedHeaders (default: every header signed). */
  signedHeaders?: string[];
  /** Replaces or adds headers after signing (null removes one): tampering. */
  headers?: Record<string, string | null>;
  body?: string;
  contentType?: string;
}

const acsDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The headers of a V3-signed (ACS3-HMAC-SHA256) request as the SDK would send them. Without
 * options beyond the action, version, query and body this is src's signV3 itself; with a fixed
 * date, nonce or extra headers the same canonical request is signed here (v3StringToSign).
 */
export function v3Headers(host: string, o: V3Options): Record<string, string> {
  const key = o.key ?? TEST_KEY;
  const method = o.method ?? 'POST';
  const body = o.body ?? '';
  let headers: Record<string, string>;
  if (o.date === undefined && o.nonce === undefined && o.signed === undefined && o.signedHeaders === undefined) {
    headers = signV3(
      {
        method,
        host,
        path: o.path ?? '/',
        query: o.params ?? {},
        body,
        action: o.action,
        version: o.version ?? API_VERSION,
        ...(o.contentType ? { contentType: o.contentType } : {}),
      },
      key.id,
      key.secret,
    );
  } else {
    headers = {
      host,
      'x-acs-action': o.action,
      'x-acs-version': o.version ?? API_VERSION,
      'x-acs-date': typeof o.date === 'string' ? o.date : acsDate(o.date ?? new Date()),
      'x-acs-signature-nonce': o.nonce ?? randomBytes(16).toString('hex'),
      'x-acs-content-sha256': createHash('sha256').update(body).digest('hex'),
      ...(o.contentType ? { 'content-type': o.contentType } : {}),
      ...o.signed,
    };
    const names = (o.signedHeaders ?? Object.keys(headers)).map((h) => h.toLowerCase()).sort();
    const stringToSign = v3StringToSign({ method, path: o.path ?? '/', query: o.params ?? {}, headers }, names, headers['x-acs-content-sha256']!);
    const signature = createHmac('sha256', key.secret).update(stringToSign).digest('hex');
    headers.authorization = `ACS3-HMAC-SHA256 Credential=${key.id},SignedHeaders=${names.join(';')},Signature=${signature}`;
  }
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
export function v1Params(
  action: string,
  params: Record<string, string>,
  o: { key?: Key; version?: string; date?: Date; nonce?: string; method?: string; path?: string; overrides?: Record<string, string | null> } = {},
): Record<string, string> {
  const key = o.key ?? TEST_KEY;
  const all: Record<string, string> = {
    Action: action,
    Format: 'json',
    Version: o.version ?? API_VERSION,
    Timestamp: acsDate(o.date ?? new Date()),
    SignatureNonce: o.nonce ?? randomBytes(16).toString('hex'),
    ...params,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    AccessKeyId: key.id,
  };
  for (const [k, v] of Object.entries(o.overrides ?? {})) {
    if (v === null) delete all[k];
    else all[k] = v;
  }
  all.Signature = createHmac('sha1', key.secret + '&')
    .update(v1StringToSign(o.method ?? 'POST', o.path ?? '/', all))
    .digest('base64');
  return all;
}

/** Sends v1 parameters in the query string, with the headers the SDK adds (unsigned). */
export async function v1Request(server: Pick<Server, 'url'>, params: Record<string, string>, method = 'POST'): Promise<RawAnswer> {
  const res = await fetch(`${server.url}/?${queryString(params)}`, {
    method,
    headers: { 'x-acs-version': params.Version ?? API_VERSION, ...(params.Action ? { 'x-acs-action': params.Action } : {}) },
  });
  return answer(res);
}
