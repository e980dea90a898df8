// Kubernetes' error shape: a Status object with the HTTP code, a machine reason and a message,
// which kubectl prints as "Error from server (Reason): message".

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

export class KubeError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly details?: { name?: string; kind?: string; group?: string; retryAfterSeconds?: number },
  ) {
    super(message);
  }
}

export function statusBody(code: number, message: string, details?: KubeError['details']) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: REASONS[code] ?? 'Unknown',
    ...(details ? { details } : {}),
    code,
  };
}
