// The OpenAPI's error body (reference/eci-api.md §4.6): RequestId, HostId, Code, Message and
// Recommend, with the vocabulary's status (core/errors.ts), which the SDK raises as its error.
import type { FastifyReply } from 'fastify';
import { openApiCode, type ApiError } from '../core/errors.js';

/** What the OpenAPI says of a failure nobody foresaw, in Alibaba Cloud's words. */
const INTERNAL_MESSAGE = 'The request processing has failed due to some unknown error.';

export function errorBody(requestId: string, hostId: string, err: ApiError) {
  const code = openApiCode(err.code);
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: code,
    Message: err.code === 'InternalError' ? INTERNAL_MESSAGE : err.message,
    Recommend: `https://error-center.aliyun.com/status/search?Keyword=${encodeURIComponent(code)}&source=PopGw`,
  };
}

/** Answers with the error: the table's status, Retry-After when it has a wait, the OpenAPI's body. */
export function sendError(reply: FastifyReply, requestId: string, hostId: string, err: ApiError): FastifyReply {
  if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds));
  return reply.status(err.status).send(errorBody(requestId, hostId, err));
}
