import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, requestedAction, V1_PROTOCOL_PARAMS } from '../core/credentials.js';
import { API_VERSION } from '../api-version.js';
import { ACTIONS } from './actions/index.js';
import type { CoreDeps } from '../core/deps.js';
import { isUnexpected, toApiError } from '../core/domain-errors.js';
import { ApiError } from '../core/errors.js';
import { sendError } from './errors.js';
import { Params } from './params.js';
import { JsonMembers } from './deps.js';
import { decodeQuery } from '../core/query.js';
import { requestPath, type SignedRequest } from '../core/signature.js';

/** Actions that change nothing (they need not wait for the emulator's state to be committed). */
const READ_ONLY = /^(Describe|List)/;

function requestId(): string {
  return randomUUID().toUpperCase();
}

function hostOf(req: FastifyRequest): string {
  return String(req.headers.host ?? 'eci.aliyuncs.com').slice(0, 255);
}

/** Form-encoded parameters in the body (v1 clients may send them there); other bodies carry none. */
function bodyParams(req: FastifyRequest, body: Buffer): Record<string, string> {
  const type = String(req.headers['content-type'] ?? '');
  if (!body.length || !type.startsWith('application/x-www-form-urlencoded')) return {};
  return decodeQuery('?' + body.toString('utf8'));
}

/**
 * The ECI OpenAPI: `POST /` (or GET) with the action named by the x-acs-action header (V3
 * signature) or the Action parameter (v1 signature). Every answer is JSON; errors carry
 * RequestId, HostId, Code, Message and Recommend with a 4xx/5xx status.
 */
export interface RpcRouteOptions {
  /**
   * Answers a GET of `/` that is not an OpenAPI call (a browser opening the console), or returns
   * undefined to leave the request to the OpenAPI.
   */
  page?: (req: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;
}

export async function rpcRoutes(app: FastifyInstance, deps: CoreDeps, options: RpcRouteOptions = {}): Promise<void> {
  // The signature covers the raw body, so this scope takes every body as bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const handle = async (req: FastifyRequest, reply: FastifyReply) => {
    const id = requestId();
    const hostId = hostOf(req);
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const query = decodeQuery(req.url);
      const signed: SignedRequest = {
        method: req.method,
        path: requestPath(req.url),
        query: { ...query, ...bodyParams(req, body) },
        headers: req.headers as SignedRequest['headers'],
        body,
      };
      const { action, version } = requestedAction(signed);
      if (!action)
        throw new ApiError(
          'MissingParameter',
          'The input parameter "Action" (or the x-acs-action header) that is mandatory for processing this request is not supplied.',
        );
      const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
      if (!handler)
        throw new ApiError(
          'InvalidAction.NotFound',
          `Specified api is not found, please check your url and method: ${JSON.stringify(action.slice(0, 128))} is not an action of ECI ${API_VERSION}.`,
        );
      if (version !== API_VERSION)
        throw new ApiError(
          'InvalidVersion',
          `Specified parameter Version is not valid: ${JSON.stringify(String(version ?? '').slice(0, 64))} (this service speaks ${API_VERSION}).`,
        );

      const caller = await authenticate(signed, deps);

      const actionParams = { ...signed.query };
      for (const p of V1_PROTOCOL_PARAMS) delete actionParams[p];
      const origin = `${req.protocol}://${req.headers.host ?? hostId}`;
      const result = await handler({ caller, params: Params.from(actionParams), deps, requestId: id, origin });
      // Nothing acknowledged is lost: a change answers once its turn (state and events) is committed.
      if (!READ_ONLY.test(action)) await deps.emulator.committed();
      if (result instanceof JsonMembers) {
        const members = result.text ? `,${result.text}` : '';
        return reply
          .status(200)
          .type('application/json; charset=utf-8')
          .send(`{"RequestId":${JSON.stringify(id)}${members}}`);
      }
      return reply.status(200).send({ RequestId: id, ...result });
    } catch (err) {
      const e = toApiError(err);
      if (isUnexpected(e)) req.log.error({ err }, 'OpenAPI request failed');
      return sendError(reply, id, hostId, e);
    }
  };
  // decodeQuery() refuses text no store can hold, as an InvalidParameter naming the parameter.
  const config = { checksTextItself: true };
  app.post('/', { config }, handle);
  app.get('/', { config }, async (req, reply) => options.page?.(req, reply) ?? handle(req, reply));
  app.route({
    method: ['PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    url: '/',
    config,
    handler: async (req, reply) =>
      sendError(reply, requestId(), hostOf(req), new ApiError('UnsupportedHTTPMethod', `The OpenAPI takes POST (or GET), not ${req.method}.`)),
  });
  // What fails before the handler (an unparsable content type, a body over the limit) still
  // gets the OpenAPI's error body, which is all the SDK can read.
  app.setErrorHandler((err, req, reply) => {
    const e = toApiError(err);
    if (isUnexpected(e)) req.log.error({ err }, 'OpenAPI request failed');
    return sendError(reply, requestId(), hostOf(req), e);
  });
}
