// The one table of errors this HTTP API answers with.
export const API_ERRORS = {
  InvalidRequest: 400,
  InvalidParameter: 400,
  NotFound: 404,
  PayloadTooLarge: 413,
  InternalError: 500,
  ServiceUnavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.status = API_ERRORS[code];
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
