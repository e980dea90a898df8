import type { FastifyInstance } from 'fastify';
import { fromRfc3339 } from '../../model/time.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { callerOf } from '../authenticated.js';
import { toEventJson } from '../event-json.js';

interface EventsQuery {
  containerGroupId?: string;
  namespace?: string;
  source?: string;
  since?: string;
  limit?: number;
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
            containerGroupId: { type: 'string' },
            namespace: { type: 'string' },
            source: { type: 'string' },
            since: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: 5000, default: 500 },
          },
        },
      },
    },
    async (req) => {
      const { containerGroupId, namespace, source, since, limit } = req.query;
      let sinceMicros: number | undefined;
      if (since !== undefined) {
        try {
          sinceMicros = fromRfc3339(since);
        } catch (err) {
          throw new ApiError('InvalidParameter', `since: ${(err as Error).message}`);
        }
      }
      const events = await deps.store.list({ account: callerOf(req).account, containerGroupId, namespace, sourceComponent: source, since: sinceMicros, limit });
      return { items: events.map(toEventJson) };
    },
  );

  app.get<{ Querystring: { after: number; limit: number } }>(
    '/v1/changes',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            after: { type: 'integer', minimum: 0, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 5000, default: 500 },
          },
        },
      },
    },
    async (req) => {
      const changes = await deps.store.changesAfter(req.query.after, req.query.limit, callerOf(req).account);
      const last = changes.at(-1);
      return { items: changes.map(toEventJson), lastVersion: last ? last.resourceVersion : req.query.after };
    },
  );
}
