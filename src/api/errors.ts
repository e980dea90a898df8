// The one table of errors this HTTP API answers with.
export const API_ERRORS = {
  InvalidRequest: 400,
  InvalidParameter: 400,
  /** A field holding text no store can hold (a NUL, an unpaired surrogate); `field` names it. */
  InvalidField: 400,
  /** A world change the emulator refused; `problems` lists each, by where it is. */
  InvalidWorld: 400,
  /** A virtual clock asked to move more than one request may (the answer's `maximum`). */
  ClockAdvanceTooLarge: 400,
  /** A virtual clock asked to go past the furthest time it goes (the answer's `ceiling`). */
  ClockCeilingReached: 400,
  /** Sign-in with an access key id or secret that is wrong (which of the two is not told). */
  InvalidAccessKey: 401,
  /** No session cookie, or one that no longer holds (expired, or its key deleted). */
  InvalidSession: 401,
  /** A request that changes something on a session cookie, without the console's header (CSRF guard). */
  MissingConsoleHeader: 403,
  /** A change of the emulator's world, faults, spot market or clock by an account other than the operator. */
  'Forbidden.Operator': 403,
  NotFound: 404,
  PayloadTooLarge: 413,
  /** A body that is not JSON, on a route that takes JSON. */
  UnsupportedMediaType: 415,
  /** Flow control: the account's requests come faster than --throttle-rate; Retry-After says when to try again. */
  Throttling: 429,
  /**
   * A change-feed position behind retention: changes after it were removed before the reader read
   * them. The body says `after` and `purgedUpTo`, the oldest position still complete.
   */
  ChangesExpired: 410,
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
