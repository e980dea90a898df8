// The two request signatures the official SDK sends (reference/eci-api.md §4.3, §4.4), verified
// by recomputing them exactly as openapi-util computes them.
import * as crypto from 'node:crypto';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding as openapi-util's encode(): encodeURIComponent plus !'()*. */
export function acsEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * SHA-256 as hex in one call, without a Hash object per digest (two per signed request). Node
 * 20.12 added crypto.hash; the package runs on any Node 20, so older ones build the object.
 */
const sha256Hex: (data: string | Buffer) => string =
  typeof crypto.hash === 'function' ? (data) => crypto.hash('sha256', data, 'hex') : (data) => createHash('sha256').update(data).digest('hex');

export const EMPTY_BODY_SHA256 = sha256Hex('');

export interface SignedRequest {
  method: string;
  /**
   * The path of the request target exactly as it came on the wire (percent-encoded, no query):
   * `/` for the OpenAPI's RPC calls, `/v1/...` for this service's own routes. Both schemes sign it,
   * so a signature made for one route is worthless on another.
   */
  path: string;
  /** Decoded query parameters, one value each. */
  query: Record<string, string>;
  /** Header names lowercase. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type SignatureFailure =
  { code: 'IncompleteSignature'; message: string } | { code: 'SignatureDoesNotMatch'; message: string } | { code: 'InvalidTimeStamp.Format'; message: string };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// ---- V3: ACS3-HMAC-SHA256 in the Authorization header ---------------------------------------

export interface V3Credential {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

const V3_AUTH = /^ACS3-HMAC-SHA256 Credential=([^,\s]+),SignedHeaders=([^,\s]+),Signature=([0-9a-f]{64})$/;

export function parseV3Authorization(header: string): V3Credential | undefined {
  const m = V3_AUTH.exec(header.trim());
  if (!m) return undefined;
  return { accessKeyId: m[1]!, signedHeaders: m[2]!.split(';'), signature: m[3]! };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value)
    ? value
        .map((v) => v.trim())
        .sort()
        .join(',')
    : value.trim();
}

/** The path of a request target (`/v1/world?x=1` → `/v1/world`), as it was sent. */
export function requestPath(target: string): string {
  const end = target.search(/[?#]/);
  return end < 0 ? target : target.slice(0, end);
}

/**
 * The CanonicalURI of a V3 signature: the path, with the three substitutions the official SDK
 * makes (openapi-util getAuthorization, each replacing the first occurrence only, as it does), so
 * that a path the SDK signs is verified as it signed it. The SDK's RPC calls send and sign `/`.
 */
export function canonicalUri(path: string): string {
  return path.replace('+', '%20').replace('*', '%2A').replace('%7E', '~');
}

export function v3StringToSign(req: Omit<SignedRequest, 'body'>, signedHeaders: readonly string[], payloadHash: string): string {
  // Built in one pass, the names sorted once: this runs on every signed request.
  let query = '';
  for (const k of Object.keys(req.query).sort()) query += `${query === '' ? '' : '&'}${k}=${acsEncode(req.query[k]!)}`;
  const names = [...signedHeaders].sort();
  let headers = '';
  for (const h of names) headers += `${h}:${headerValue(req.headers[h]) ?? ''}\n`;
  const canonical = `${req.method}\n${canonicalUri(req.path)}\n${query}\n${headers}\n${names.join(';')}\n${payloadHash}`;
  return 'ACS3-HMAC-SHA256\n' + sha256Hex(canonical);
}

/** The V3 headers every signature must cover. */
const V3_REQUIRED_HEADERS = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce'];

/** Checks a V3 signature; the signed-header list is the one the client declared. */
export function verifyV3(req: SignedRequest, credential: V3Credential, secret: string): SignatureFailure | undefined {
  const signed = credential.signedHeaders.map((h) => h.toLowerCase());
  for (const required of V3_REQUIRED_HEADERS) {
    if (!signed.includes(required))
      return { code: 'IncompleteSignature', message: `The request signature does not conform to Aliyun standards: header ${required} must be signed.` };
  }
  for (const h of signed) {
    if (req.headers[h] === undefined)
      return { code: 'IncompleteSignature', message: `The request signature does not conform to Aliyun standards: signed header ${h} is missing.` };
  }
  const bodyHash = sha256Hex(req.body);
  const declared = headerValue(req.headers['x-acs-content-sha256']);
  if (declared !== undefined && declared !== bodyHash) {
    return { code: 'SignatureDoesNotMatch', message: 'Specified signature is not matched with our calculation: x-acs-content-sha256 does not match the body.' };
  }
  const stringToSign = v3StringToSign(req, signed, declared ?? bodyHash);
  // Compared as bytes: parseV3Authorization let through 64 hex digits only, 32 bytes once decoded.
  const expected = createHmac('sha256', secret).update(stringToSign).digest();
  const given = Buffer.from(credential.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(expected, given)) {
    return { code: 'SignatureDoesNotMatch', message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}` };
  }
  return undefined;
}

// ---- v1: HMAC-SHA1 in the query string (signatureAlgorithm 'v2' in the SDK) ------------------

/**
 * The v1 string to sign. The SDK signs `/` there, the path of every RPC call; a v1 signature on
 * one of this service's own routes must name that route's path instead (a v1 signature covers no
 * body, which is why those routes take it only on requests without one).
 */
export function v1StringToSign(method: string, path: string, params: Record<string, string>): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${acsEncode(k)}=${acsEncode(params[k]!)}`)
    .join('&');
  return `${method}&${acsEncode(path)}&${acsEncode(canonical)}`;
}

export function verifyV1(method: string, path: string, params: Record<string, string>, secret: string): SignatureFailure | undefined {
  if (params.SignatureMethod !== 'HMAC-SHA1') {
    return {
      code: 'IncompleteSignature',
      message: `The request signature does not conform to Aliyun standards: SignatureMethod must be HMAC-SHA1, got ${JSON.stringify(params.SignatureMethod ?? '')}.`,
    };
  }
  if (params.SignatureVersion !== '1.0') {
    return {
      code: 'IncompleteSignature',
      message: `The request signature does not conform to Aliyun standards: SignatureVersion must be 1.0, got ${JSON.stringify(params.SignatureVersion ?? '')}.`,
    };
  }
  const stringToSign = v1StringToSign(method, path, params);
  const expected = createHmac('sha1', secret + '&')
    .update(stringToSign)
    .digest('base64');
  if (!sameText(expected, params.Signature ?? '')) {
    return { code: 'SignatureDoesNotMatch', message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}` };
  }
  return undefined;
}

/** `YYYY-MM-DDTHH:mm:ssZ` (both schemes) to epoch milliseconds, or undefined if malformed. */
export function parseAcsTimestamp(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

// ---- Signing, for this project's own clients (the CLI, the agent) ---------------------------

export interface ClientRequest {
  method: string;
  host: string;
  /** The path the request goes to, as it goes on the wire (`URL.pathname`): it is signed. */
  path: string;
  query: Record<string, string>;
  body: string;
  action: string;
  version: string;
  contentType?: string;
}

/** The headers of a V3-signed request, computed as the official SDK computes them. */
export function signV3(req: ClientRequest, accessKeyId: string, secret: string, now = new Date()): Record<string, string> {
  const headers: Record<string, string> = {
    host: req.host,
    'x-acs-action': req.action,
    'x-acs-version': req.version,
    'x-acs-date': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': randomBytes(16).toString('hex'),
    'x-acs-content-sha256': createHash('sha256').update(req.body).digest('hex'),
    ...(req.contentType ? { 'content-type': req.contentType } : {}),
  };
  const signed = Object.keys(headers).sort();
  const stringToSign = v3StringToSign({ method: req.method, path: req.path, query: req.query, headers }, signed, headers['x-acs-content-sha256']!);
  const signature = createHmac('sha256', secret).update(stringToSign).digest('hex');
  return { ...headers, authorization: `ACS3-HMAC-SHA256 Credential=${accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}` };
}
