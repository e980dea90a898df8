// Console sessions: sign in with an access key pair, ask who is signed in, sign out. Outside the
// credentials scope: signing in is how a browser gets credentials, and signing out needs none.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { overHttps } from '../authenticated.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, sendError } from '../errors.js';
import { ErrorBody, Session, SignIn } from '../../contracts/index.js';
import { sessionKey } from '../session/session.js';
import { issueToken, sameSecret, SESSION_SECONDS, sessionCookie } from '../session/token.js';

/** Throttling as every other surface answers it. */
function throttled(reply: FastifyReply, deps: ApiDeps, account: string) {
  return sendError(reply, deps.throttle.refusal(account));
}

export function sessionRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post<{ Body: SignIn }>(
    '/v1/session',
    {
      schema: {
        body: SignIn,
        response: { 200: Session, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const key = await deps.keys.find(req.body.accessKeyId);
      // Every sign-in to a known key, right or wrong, takes a token of its account: secrets are
      // not guessed faster than the account may ask (the answer then says nothing of the secret).
      if (key && !deps.throttle.tryTake(key.account)) return throttled(reply, deps, key.account);
      // One answer for an unknown id and a wrong secret, and nothing stored either way.
      if (!key || !sameSecret(req.body.accessKeySecret, key.accessKeySecret)) {
        return sendError(reply, new ApiError('InvalidAccessKey', 'the access key id or secret is wrong'));
      }
      const expires = Math.floor(deps.wallClock.now() / 1e6) + SESSION_SECONDS;
      reply.header('set-cookie', sessionCookie(issueToken(key.accessKeyId, key.accessKeySecret, expires), overHttps(req)));
      return { account: key.account, accessKeyId: key.accessKeyId };
    },
  );

  app.get('/v1/session', { schema: { response: { 200: Session, 401: ErrorBody, 429: ErrorBody } } }, async (req, reply) => {
    const key = await sessionKey(req.headers.cookie, deps.keys, deps.wallClock);
    if (typeof key === 'string') {
      if (key === 'invalid') reply.header('set-cookie', sessionCookie(undefined, overHttps(req)));
      return sendError(
        reply,
        new ApiError('InvalidSession', key === 'none' ? 'not signed in' : 'the session has ended (it expired, or its access key was deleted); sign in again'),
      );
    }
    if (!deps.throttle.tryTake(key.account)) return throttled(reply, deps, key.account);
    return { account: key.account, accessKeyId: key.accessKeyId };
  });

  // Sessions are stateless: signing out removes the browser's cookie (a copy of its value stays
  // valid until it expires or its key is deleted).
  app.delete('/v1/session', { schema: { response: { 204: { type: 'null' } } } }, async (req, reply) =>
    reply
      .status(204)
      .header('set-cookie', sessionCookie(undefined, overHttps(req)))
      .send(),
  );
}
