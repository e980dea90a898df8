// The one table of errors this HTTP API answers with.
export const API_ERRORS = {
  InvalidRequest: 400,
  InvalidParameter: 400,
  /** A world change the emulator refused; `problems` lists each, by where it is. */
  InvalidWorld: 400,
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
    /** More fields of the error body, beside code and message (e.g. `problems`). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = API_ERRORS[code];
  }
}

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...details } };
}
