import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';

export function healthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/healthz',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' }, store: { type: 'string' }, version: { type: 'string' }, latestVersion: { type: 'integer' } },
          },
        },
      },
    },
    async () => ({ status: 'ok', store: deps.store.kind, version: deps.version, latestVersion: await deps.store.latestVersion() }),
  );
}
