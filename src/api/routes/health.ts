import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { describeRole } from '../replicas/replica-view.js';

export function healthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/healthz',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              store: { type: 'string' },
              version: { type: 'string' },
              latestVersion: { type: 'integer' },
              // Who runs the emulator: this replica (leader), another (follower, and which), or
              // nobody yet (electing). A single process on SQLite is always the leader.
              replica: { type: 'string' },
              emulator: {
                type: 'object',
                properties: { role: { type: 'string', enum: ['leader', 'follower', 'electing'] }, leader: { type: 'string' }, epoch: { type: 'integer' } },
              },
            },
          },
        },
      },
    },
    async () => ({
      status: 'ok',
      store: deps.store.kind,
      version: deps.version,
      latestVersion: await deps.store.latestVersion(),
      ...(deps.replicas ? { replica: deps.replicas.name, emulator: describeRole(deps.replicas.role()) } : { emulator: { role: 'leader' } }),
    }),
  );
}
