import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, requestedAction, type Caller } from './core/credentials.js';
import type { CoreDeps } from './core/deps.js';
import { decodeQuery } from './core/query.js';
import { requestPath, type SignedRequest } from './core/signature.js';
import type { Charge } from './core/throttle.js';
import { ApiError, sendError } from './errors.js';
import { CONSOLE_HEADER, sessionKey, UNSAFE_METHODS } from './session/session.js';
import { sessionCookie } from './session/token.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
    rawBody?: Buffer;
  }
}

/** The caller of a route inside an authenticated scope (set by the scope's hook). */
export function callerOf(req: FastifyRequest): Caller {
  if (!req.caller) throw new Error('route is outside an authenticated scope');
  return req.caller;
}

/** Whether the request came over TLS (directly or, as its proxy says, to the proxy). */
export function overHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
}

/**
 * Takes the console's session cookie in place of a signature. Answers (and returns true) when the
 * request must stop here: a cookie that does not hold (401, and the cookie is removed), or a
 * change without the console's header (403). Sets the caller when the session holds.
 */
async function sessionCaller(req: FastifyRequest, reply: FastifyReply, deps: CoreDeps): Promise<boolean> {
  const key = await sessionKey(req.headers.cookie, deps.keys, deps.wallClock);
  if (key === 'none') return false;
  if (key === 'invalid') {
    await sendError(
      reply.header('set-cookie', sessionCookie(undefined, overHttps(req))),
      new ApiError('InvalidSession', 'the session has ended (it expired, or its access key was deleted); sign in again'),
    );
    return true;
  }
  if (UNSAFE_METHODS.has(req.method) && req.headers[CONSOLE_HEADER] !== '1') {
    await sendError(reply, new ApiError('MissingConsoleHeader', `a ${req.method} request on a session cookie must carry the header X-ECI-Console: 1`));
    return true;
  }
  req.caller = { account: key.account, accessKeyId: key.accessKeyId, action: '', version: '' };
  return false;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * How flow control counts this route's requests: 'reports' charges the producer's report
     * budget one token per item of the body's `reports` (POST /v1/ingest), not a request token.
     */
    flowControl?: 'reports';
  }
}

/** What a request costs in flow control: its reports on a route that counts them, else one request. */
function chargeOf(req: FastifyRequest): Charge {
  if (req.routeOptions.config.flowControl !== 'reports') return undefined;
  const reports = (req.body as { reports?: unknown } | undefined)?.reports;
  // A body without a list still costs one report: it is refused by validation next, but a
  // producer's malformed requests must not be free.
  return { reports: Array.isArray(reports) ? Math.max(1, reports.length) : 1 };
}

const UNAUTHENTICATED_MESSAGE =
  'the request carries no credentials: sign it with an access key (ACS3-HMAC-SHA256, as the SDK and the CLI do) or sign in to the console for a session cookie (POST /v1/session)';

/** Methods whose requests carry a body on this API. */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Makes every route of this scope take the OpenAPI's credentials (a V3 or v1 signature, keys of
 * an account) or the console's session cookie, and flow control, before its body is validated:
 * a request without valid credentials changes nothing and learns nothing. A signature, when the
 * request has one, decides alone. Bodies are JSON only (anything else is 415 before any check),
 * and a v1 signature, which covers no body, is refused on a request that carries one.
 */
export function requireCredentials(scope: FastifyInstance, deps: CoreDeps): void {
  // The signature covers the raw body: keep it, then parse JSON ourselves.
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer;
    if ((body as Buffer).length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch (err) {
      done(Object.assign(new Error(`the body is not valid JSON: ${(err as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
  scope.addContentTypeParser('*', (req, _payload, done) => {
    const type = req.headers['content-type'];
    done(
      new ApiError(
        'UnsupportedMediaType',
        `the body must be JSON (Content-Type: application/json), not ${type ? JSON.stringify(String(type).slice(0, 100)) : 'a body without a Content-Type'}`,
      ),
      undefined,
    );
  });
  scope.addHook('preValidation', async (req, reply) => {
    try {
      const signed: SignedRequest = {
        method: req.method,
        path: requestPath(req.url),
        query: decodeQuery(req.url),
        headers: req.headers as SignedRequest['headers'],
        body: req.rawBody ?? Buffer.alloc(0),
      };
      const scheme = requestedAction(signed).scheme;
      if (scheme === 'none' && (await sessionCaller(req, reply, deps))) return reply;
      if (scheme === 'none' && !req.caller) throw new ApiError('Unauthenticated', UNAUTHENTICATED_MESSAGE);
      if (scheme === 'v1' && (BODY_METHODS.has(req.method) || signed.body.length > 0)) {
        throw new ApiError(
          'InvalidSignatureMethod',
          `a v1 (HMAC-SHA1) signature does not cover a request body, so ${req.method} ${signed.path.slice(0, 200)} does not take it: sign with ACS3-HMAC-SHA256 (the SDK's default), whose x-acs-content-sha256 covers the body`,
        );
      }
      const charge = chargeOf(req);
      if (req.caller) {
        if (!deps.throttle.tryTake(req.caller.account, charge)) throw deps.throttle.refusal(req.caller.account, charge);
      } else {
        req.caller = await authenticate(signed, deps, charge);
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Each refusal with the vocabulary's status: the gateway's for a signature, 401 for none at all.
      return sendError(reply, err);
    }
  });
}
