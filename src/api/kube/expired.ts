// A list or watch from a position behind retention, as the API server answers a compacted one:
// 410 Expired, which makes client-go (and kubectl) list again instead of waiting for ever.
import { ChangesExpiredError } from '../../store/index.js';
import { ApiError } from '../core/errors.js';
import { KubeError, statusBody } from './status.js';

/** The API server's words for a watch from a compacted resourceVersion: client-go relists on it. */
export function expiredWatchStatus(err: ChangesExpiredError) {
  return statusBody(new ApiError('ChangesExpired', `too old resource version: ${err.after} (${err.purgedUpTo})`));
}

/** A list whose position retention overtook between its pages, as the API server answers one past compaction. */
export function expiredList(err: unknown, continued: boolean): unknown {
  if (!(err instanceof ChangesExpiredError)) return err;
  const gone = `retention removed events after it (versions ${err.after + 1}..${err.purgedUpTo})`;
  return new KubeError(
    'ChangesExpired',
    continued
      ? `The provided continue parameter is too old to display a consistent list result: ${gone}. You can start a new list without the continue parameter.`
      : `The list could not be read consistently: while it was read, ${gone.replace('after it', 'not yet listed')}. Start a new list.`,
  );
}
