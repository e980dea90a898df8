import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { callerOf } from '../authenticated.js';
import { toEventJson } from '../event-json.js';
import { ChangesPage, ErrorBody, EventsPage } from '../../contracts/index.js';
import { decodeCursor, encodeCursor, eventFilter, filterProperties, timeParam, type FilterParams } from './event-query.js';

interface EventsQuery extends FilterParams {
  namespace?: string;
  source?: string;
  since?: string;
  before?: string;
  limit: number;
}

export function eventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: EventsQuery }>(
    '/v1/events',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...filterProperties,
            namespace: { type: 'string' },
            source: { type: 'string' },
            since: { type: 'string' },
            before: { type: 'string', maxLength: 128 },
            limit: { type: 'integer', minimum: 1, maximum: 5000, default: 500 },
          },
        },
        response: { 200: EventsPage, 400: ErrorBody },
      },
    },
    async (req): Promise<EventsPage> => {
      const { namespace, source, since, before, limit } = req.query;
      const filter = eventFilter(callerOf(req).account, req.query);
      const sinceMicros = timeParam('since', since);
      if (sinceMicros !== undefined) filter.since = Math.max(sinceMicros, filter.since ?? sinceMicros);
      // One more than the page: whether there is a next page is known without another query.
      const events = await deps.store.list({
        ...filter,
        namespace,
        sourceComponent: source,
        before: before === undefined ? undefined : decodeCursor(before),
        limit: limit + 1,
      });
      const page = events.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toEventJson),
        ...(events.length > limit && last ? { next: encodeCursor({ lastTimestamp: last.lastTimestamp, version: last.resourceVersion }) } : {}),
      };
    },
  );

  app.get<{ Querystring: { after?: number; limit: number } }>(
    '/v1/changes',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            // Without `after`: from the beginning of what is kept. With it: resuming, refused
            // (410 ChangesExpired) when retention removed changes after it.
            after: { type: 'integer', minimum: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 5000, default: 500 },
          },
        },
        response: { 200: ChangesPage, 400: ErrorBody, 410: ErrorBody },
      },
    },
    async (req): Promise<ChangesPage> => {
      const { account } = callerOf(req);
      const { after, limit } = req.query;
      // Read before the changes: a reader starting over that found nothing has missed nothing up to it.
      const purged = after === undefined ? await deps.store.purgedUpTo(account) : 0;
      // A position behind retention is answered ChangesExpired (410) by the app's error handler.
      const changes = await deps.store.changesAfter(after ?? 0, limit, { account }, { startOver: after === undefined });
      const last = changes.at(-1);
      const from = after ?? 0;
      // The feed holds each event once, at its latest change: one created after `after` is new
      // to a reader that has read up to `after` (ADDED), one created before is a repeat (MODIFIED).
      const items = changes.map((e) => ({ ...toEventJson(e), change: e.createdVersion > from ? ('ADDED' as const) : ('MODIFIED' as const) }));
      return { items, lastVersion: last ? last.resourceVersion : (after ?? purged) };
    },
  );
}
