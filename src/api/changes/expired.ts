// A change-feed read from a position behind retention, as the JSON API answers it: 410
// ChangesExpired, or an `expired` message that ends a Server-Sent Events stream.
import { ChangesExpiredError } from '../../store/index.js';
import { ApiError } from '../errors.js';

/** The JSON API's error for an expired read; any other error as it is. */
export function changesExpired(err: unknown): unknown {
  if (!(err instanceof ChangesExpiredError)) return err;
  return new ApiError('ChangesExpired', err.message, { after: err.after, purgedUpTo: err.purgedUpTo });
}

/** The last message of a Server-Sent Events stream whose position retention overtook. */
export function expiredSse(err: ChangesExpiredError): string {
  const data = { code: 'ChangesExpired', message: err.message, after: err.after, purgedUpTo: err.purgedUpTo };
  return `event: expired\ndata: ${JSON.stringify(data)}\n\n`;
}
