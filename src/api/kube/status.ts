// Kubernetes' error shape: a Status object with the HTTP code, a machine reason and a message,
// which kubectl prints as "Error from server (Reason): message". Code, status and reason come
// from the vocabulary (core/errors.ts); only the Status body is this surface's.
import type { FastifyReply } from 'fastify';
import { ApiError, ERRORS, type ErrorCode } from '../core/errors.js';

export interface StatusDetails {
  name?: string;
  kind?: string;
  group?: string;
  retryAfterSeconds?: number;
}

/** An error of the vocabulary with the Status `details` a Kubernetes client reads (the object's name and kind). */
export class KubeError extends ApiError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly statusDetails?: StatusDetails,
  ) {
    super(code, message, undefined, statusDetails?.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: statusDetails.retryAfterSeconds });
  }
}

export function statusBody(err: ApiError) {
  const details: StatusDetails | undefined =
    err instanceof KubeError && err.statusDetails
      ? err.statusDetails
      : err.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: err.retryAfterSeconds }
        : undefined;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: err.message,
    reason: ERRORS[err.code].reason,
    ...(details ? { details } : {}),
    code: err.status,
  };
}

/** Answers with the error: the table's status, Retry-After when it has a wait, a Status. */
export function sendStatus(reply: FastifyReply, err: ApiError): FastifyReply {
  if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds));
  return reply.status(err.status).send(statusBody(err));
}
