// The /v1 JSON API's error body: `{"error": {"code", "message", ...details}}` with the
// vocabulary's status (core/errors.ts). The field at fault, when the emulator names one, leads
// the message, as the schema's refusals do (`target: ...`).
import type { FastifyReply } from 'fastify';
import { ApiError } from './core/errors.js';

// The routes raise the vocabulary's errors from here.
export { ApiError };

/** `Container.2.Name` as this API names fields: `container.2.Name`. */
const fieldName = (parameter: string) => parameter[0]!.toLowerCase() + parameter.slice(1);

export function errorBody(err: ApiError) {
  const message = err.parameter ? `${fieldName(err.parameter)}: ${err.message}` : err.message;
  return { error: { code: err.code, message, ...err.details } };
}

/** Answers with the error: the table's status, Retry-After when it has a wait, the /v1 body. */
export function sendError(reply: FastifyReply, err: ApiError): FastifyReply {
  if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds));
  return reply.status(err.status).send(errorBody(err));
}
