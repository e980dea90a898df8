// GET /v1/events/histogram: occurrences (the sum of events' counts, each event's spread over its
// span) by bucket and by type, counted by the database, for the console's chart of events over time.
import type { FastifyInstance } from 'fastify';
import { toRfc3339 } from '../../model/time.js';
import { callerOf } from '../authenticated.js';
import type { ApiDeps } from '../deps.js';
import { ErrorBody, Histogram } from '../../contracts/index.js';
import { eventFilter, filterProperties, type FilterParams } from './event-query.js';

/** The range without from and to when no event matches: the last hour on the service's clock. */
export const DEFAULT_HISTOGRAM_RANGE_MICROS = 3600e6;
/**
 * The ranges a chart without from and to picks from, shortest first (the console's presets): the
 * first that holds the earliest occurrence, so that a few minutes of events are not squeezed into
 * the last bar of a day; events older than all of them are charted from their first second.
 */
export const FITTED_RANGES_MICROS = [900e6, 3600e6, 6 * 3600e6, 86_400e6, 7 * 86_400e6] as const;
export const MAX_BUCKETS = 500;
const SECOND = 1e6;

/** Where a chart without a range starts: the shortest fitted range that holds every matching occurrence. */
async function fittedFrom(deps: ApiDeps, filter: Omit<ReturnType<typeof eventFilter>, 'since' | 'until'>, to: number): Promise<number> {
  const earliest = await deps.store.earliestOccurrence(filter);
  if (earliest === undefined) return to - DEFAULT_HISTOGRAM_RANGE_MICROS;
  const range = FITTED_RANGES_MICROS.find((r) => to - r <= earliest);
  return range !== undefined ? to - range : Math.floor(earliest / SECOND) * SECOND;
}

export function histogramRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: FilterParams & { buckets: number } }>(
    '/v1/events/histogram',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...filterProperties, buckets: { type: 'integer', minimum: 1, maximum: MAX_BUCKETS, default: 60 } },
        },
        response: { 200: Histogram, 400: ErrorBody },
      },
    },
    async (req): Promise<Histogram> => {
      const { since, until, ...filter } = eventFilter(callerOf(req).account, req.query);
      // The end of the current second: the range is half-open, and an event stamped this very
      // microsecond (a virtual clock often sits on a whole second) must be in it; the default
      // range's buckets start on whole seconds.
      const now = (Math.floor(deps.clock.now() / SECOND) + 1) * SECOND;
      const to = until ?? (since !== undefined ? Math.max(now, since + SECOND) : now);
      const from = since ?? (until === undefined ? await fittedFrom(deps, filter, to) : to - DEFAULT_HISTOGRAM_RANGE_MICROS);
      // Whole seconds, at least one: the range is covered by `buckets` buckets or fewer.
      const bucketMicros = Math.max(SECOND, Math.ceil((to - from) / req.query.buckets / SECOND) * SECOND);
      const cells = await deps.store.histogram({ ...filter, from, to, bucketMicros });
      const buckets = Array.from({ length: Math.ceil((to - from) / bucketMicros) }, (_, i) => ({
        start: toRfc3339(from + i * bucketMicros),
        Normal: 0,
        Warning: 0,
      }));
      for (const c of cells) {
        const b = buckets[c.bucket];
        if (b) b[c.type] += c.occurrences;
      }
      return { from: toRfc3339(from), to: toRfc3339(to), bucketSeconds: bucketMicros / SECOND, buckets };
    },
  );
}
