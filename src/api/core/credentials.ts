import type { Clock } from '../../model/clock.js';
import type { KeyStore } from '../../store/key-store.js';
import { ApiError } from './errors.js';
import { parseAcsTimestamp, parseV3Authorization, verifyV1, verifyV3, type SignedRequest } from './signature.js';
import type { AccountThrottle, Charge } from './throttle.js';

/** How far a request's timestamp may be from ours; a nonce stays used until its timestamp is this far behind. */
export const TIMESTAMP_TOLERANCE_MICROS = 15 * 60 * 1_000_000;

/** The query parameters of a v1-signed request that are protocol, not the action's. */
export const V1_PROTOCOL_PARAMS = [
  'AccessKeyId',
  'Action',
  'Format',
  'Version',
  'Timestamp',
  'SignatureNonce',
  'SignatureMethod',
  'SignatureVersion',
  'Signature',
  'SecurityToken',
];

export interface Caller {
  account: string;
  accessKeyId: string;
  action: string;
  version: string;
}

/** Which action a request names, by either signature scheme (before it is authenticated). */
export function requestedAction(req: SignedRequest): { action?: string; version?: string; scheme: 'v3' | 'v1' | 'none' } {
  if (req.query.Signature !== undefined || req.query.AccessKeyId !== undefined) {
    return { scheme: 'v1', action: req.query.Action, version: req.query.Version };
  }
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('ACS3-')) {
    const h = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    return { scheme: 'v3', action: h('x-acs-action'), version: h('x-acs-version') };
  }
  return {
    scheme: 'none',
    action: req.query.Action ?? (req.headers['x-acs-action'] as string | undefined),
    version: req.query.Version ?? (req.headers['x-acs-version'] as string | undefined),
  };
}

/** What authenticate() needs: the keys, real time (signatures are dated by it), flow control. */
export interface AuthDeps {
  keys: KeyStore;
  wallClock: Clock;
  throttle: AccountThrottle;
}

/**
 * Authenticates a request signed either way; throws the OpenAPI error a real gateway would.
 * The order is signature, then flow control, then the nonce: a forged request cannot burn a real
 * nonce, and a throttled one leaves its nonce unused, to be sent again once the bucket refills. A
 * bad signature for a known key still takes a token from that key's account, so guessing is as
 * rate-limited as asking (once the bucket is empty, guesses are answered Throttling alone).
 * `charge` is what the request costs (an ingest request: its reports); one request by default.
 */
export async function authenticate(req: SignedRequest, deps: AuthDeps, charge?: Charge): Promise<Caller> {
  const { scheme, action, version } = requestedAction(req);
  let accessKeyId: string;
  let timestamp: string | undefined;
  let nonce: string | undefined;
  let check: (secret: string) => ReturnType<typeof verifyV1>;

  if (scheme === 'v3') {
    const credential = parseV3Authorization(req.headers.authorization as string);
    if (!credential)
      throw new ApiError(
        'IncompleteSignature',
        'The request signature does not conform to Aliyun standards: the Authorization header must read "ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>".',
      );
    accessKeyId = credential.accessKeyId;
    timestamp = req.headers['x-acs-date'] as string | undefined;
    nonce = req.headers['x-acs-signature-nonce'] as string | undefined;
    check = (secret) => verifyV3(req, credential, secret);
  } else if (scheme === 'v1') {
    for (const p of ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp']) {
      if (!req.query[p]) throw new ApiError('MissingParameter', `The input parameter "${p}" that is mandatory for processing this request is not supplied.`);
    }
    accessKeyId = req.query.AccessKeyId!;
    timestamp = req.query.Timestamp;
    nonce = req.query.SignatureNonce;
    check = (secret) => verifyV1(req.method, req.path, req.query, secret);
  } else {
    throw new ApiError(
      'IncompleteSignature',
      'The request is not signed: send an ACS3-HMAC-SHA256 Authorization header or a v1 query Signature (the official SDK does either).',
    );
  }

  if (!timestamp)
    throw new ApiError(
      'MissingParameter',
      `The input parameter "${scheme === 'v3' ? 'x-acs-date' : 'Timestamp'}" that is mandatory for processing this request is not supplied.`,
    );
  if (!nonce)
    throw new ApiError(
      'MissingParameter',
      `The input parameter "${scheme === 'v3' ? 'x-acs-signature-nonce' : 'SignatureNonce'}" that is mandatory for processing this request is not supplied.`,
    );
  if (nonce.length > 128) throw new ApiError('InvalidParameter', 'The signature nonce is longer than 128 characters.');
  const at = parseAcsTimestamp(timestamp);
  if (at === undefined)
    throw new ApiError(
      'InvalidTimeStamp.Format',
      `Specified time stamp or date value is not well formatted: ${JSON.stringify(timestamp.slice(0, 64))} (expected YYYY-MM-DDTHH:mm:ssZ, UTC).`,
    );
  const now = deps.wallClock.now();
  const signedAt = at * 1000;
  if (Math.abs(signedAt - now) > TIMESTAMP_TOLERANCE_MICROS) {
    throw new ApiError(
      'InvalidTimeStamp.Expired',
      `Specified time stamp or date value is expired: ${timestamp} is more than 15 minutes from the server's time ${new Date(now / 1000).toISOString()}.`,
    );
  }

  const key = await deps.keys.find(accessKeyId);
  if (!key) throw new ApiError('InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  const failure = check(key.accessKeySecret);
  if (!deps.throttle.tryTake(key.account, charge)) throw deps.throttle.refusal(key.account, charge);
  if (failure) throw new ApiError(failure.code, failure.message);
  // Kept until the request's own timestamp leaves the window: until then it could be sent again,
  // after that the timestamp alone refuses it.
  if (!(await deps.keys.useNonce(`${accessKeyId}:${nonce}`, now, signedAt + TIMESTAMP_TOLERANCE_MICROS))) {
    throw new ApiError('SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
  return { account: key.account, accessKeyId, action: action ?? '', version: version ?? '' };
}
