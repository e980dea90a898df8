import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, requestedAction, type Caller } from './rpc/auth.js';
import type { RpcDeps } from './rpc/deps.js';
import { RpcError } from './rpc/errors.js';
import { decodeQuery } from './rpc/query.js';
import { errorBody } from './errors.js';
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
async function sessionCaller(req: FastifyRequest, reply: FastifyReply, deps: RpcDeps): Promise<boolean> {
  const key = await sessionKey(req.headers.cookie, deps.keys, deps.wallClock);
  if (key === 'none') return false;
  if (key === 'invalid') {
    await reply
      .status(401)
      .header('set-cookie', sessionCookie(undefined, overHttps(req)))
      .send(errorBody('InvalidSession', 'the session has ended (it expired, or its access key was deleted); sign in again'));
    return true;
  }
  if (UNSAFE_METHODS.has(req.method) && req.headers[CONSOLE_HEADER] !== '1') {
    await reply.status(403).send(errorBody('MissingConsoleHeader', `a ${req.method} request on a session cookie must carry the header X-ECI-Console: 1`));
    return true;
  }
  req.caller = { account: key.account, accessKeyId: key.accessKeyId, action: '', version: '' };
  return false;
}

/**
 * Makes every route of this scope take the OpenAPI's credentials (a V3 or v1 signature, keys of
 * an account) or the console's session cookie, and flow control, before its body is validated:
 * a request without valid credentials changes nothing and learns nothing. A signature, when the
 * request has one, decides alone.
 */
export function requireCredentials(scope: FastifyInstance, deps: RpcDeps): void {
  // The signature covers the raw body: keep it, then parse JSON ourselves.
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer;
    if ((body as Buffer).length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch (err) {
      done(Object.assign(new Error(`the body is not valid JSON: ${(err as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
  scope.addHook('preValidation', async (req, reply) => {
    try {
      const query = decodeQuery(req.url);
      const signed = requestedAction({ method: req.method, query, headers: req.headers as Record<string, string>, body: Buffer.alloc(0) }).scheme !== 'none';
      if (!signed && (await sessionCaller(req, reply, deps))) return reply;
      req.caller ??= await authenticate(
        { method: req.method, query, headers: req.headers as Record<string, string>, body: req.rawBody ?? Buffer.alloc(0) },
        deps.keys,
        deps.wallClock,
      );
      if (!deps.throttle.tryTake(req.caller.account)) throw new RpcError('Throttling', 'Request was denied due to request throttling.');
    } catch (err) {
      if (!(err instanceof RpcError)) throw err;
      // A query string that cannot be read is the request's fault (400); anything authenticate()
      // refuses is a credential problem (401); flow control is 429.
      const status = err.code === 'Throttling' ? 429 : err.code === 'InvalidParameter' ? 400 : 401;
      return reply.status(status).send(errorBody(err.code, err.message));
    }
  });
}
