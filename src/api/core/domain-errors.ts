// The one place where what the layers below refuse (the emulator, the world, the catalog, the
// recorder, the store's change feed) and what the web framework refuses become the API's
// vocabulary. Every surface's error handler starts here and only renders what it gets.
import { CatalogError } from '../../catalog/index.js';
import { EmulatorError, WorldError } from '../../emulator/index.js';
import { ReportError } from '../../recorder/index.js';
import { ChangesExpiredError } from '../../store/index.js';
import { ApiError, type ErrorCode } from './errors.js';

/** The answer to a failure nobody foresaw: nothing more is told (it is logged, with its cause). */
export const INTERNAL_ERROR_MESSAGE = 'the request could not be completed; nothing it carried was acknowledged';

/** What the web framework refuses, by the status it gives, in the vocabulary. */
const FRAMEWORK_CODES: Partial<Record<number, ErrorCode>> = {
  // The console's static files refuse a path that climbs out of their folder (..%2f) with 403.
  403: 'Forbidden',
  404: 'NotFound',
  405: 'UnsupportedHTTPMethod',
  406: 'NotAcceptable',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
};

/** Whether an error is one no rule foresaw (a bug, a failed store): the surface logs it. */
export function isUnexpected(err: ApiError): boolean {
  return err.code === 'InternalError' && err.cause !== undefined;
}

/** Any error a request ends with, as an ApiError: its code, status and message for every surface. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof EmulatorError) return new ApiError(err.code, err.message, undefined, err.parameter === undefined ? {} : { parameter: err.parameter });
  if (err instanceof WorldError) return new ApiError('InvalidWorld', 'the world change is not valid; nothing was changed', { problems: err.problems });
  if (err instanceof ReportError) return new ApiError(err.code, err.message, { field: err.field });
  if (err instanceof CatalogError) return new ApiError(err.code, err.message);
  if (err instanceof ChangesExpiredError) return new ApiError('ChangesExpired', err.message, { after: err.after, purgedUpTo: err.purgedUpTo });
  const e = err as { validation?: unknown; statusCode?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // Fastify's own refusals: a schema it validated, a body it could not take.
  if (e?.validation) return new ApiError('InvalidParameter', message);
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return new ApiError(FRAMEWORK_CODES[e.statusCode] ?? 'InvalidRequest', message);
  return new ApiError('InternalError', INTERNAL_ERROR_MESSAGE, undefined, { cause: err ?? 'undefined' });
}
