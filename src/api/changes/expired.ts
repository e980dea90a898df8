// A change-feed stream whose position retention overtook ends with an `expired` message, whose
// data is the JSON API's ChangesExpired error (a plain read gets it as a 410: core/domain-errors.ts).
import type { ChangesExpiredError } from '../../store/index.js';
import { toApiError } from '../core/domain-errors.js';
import { errorBody } from '../errors.js';

/** The last message of a Server-Sent Events stream whose position retention overtook. */
export function expiredSse(err: ChangesExpiredError): string {
  const data = errorBody(toApiError(err)).error;
  return `event: expired\ndata: ${JSON.stringify(data)}\n\n`;
}
