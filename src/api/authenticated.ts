import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, type Caller } from './rpc/auth.js';
import type { RpcDeps } from './rpc/deps.js';
import { RpcError } from './rpc/errors.js';
import { decodeQuery } from './rpc/query.js';
import { errorBody } from './errors.js';

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

/**
 * Makes every route of this scope take the OpenAPI's credentials (a V3 or v1 signature, keys of
 * an account) and flow control, before its body is validated: a request without valid
 * credentials changes nothing and learns nothing.
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
      req.caller = await authenticate(
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
