// GET /v1/catalog: the seed's event rows in its order, for the console's Catalog page and the
// descriptions it shows beside events. Public: the catalog is documentation, not anyone's data.
import type { FastifyInstance } from 'fastify';
import { AGENT_ROWS, rowJson, seedRows } from '../../catalog/index.js';

const rowSchema = {
  type: 'object',
  required: ['group', 'reason', 'type', 'message', 'description'],
  properties: {
    group: { type: 'string' },
    resource: { type: 'string' },
    reason: { type: 'string' },
    type: { type: 'string' },
    message: { type: 'string' },
    description: { type: 'string' },
  },
} as const;


export function catalogRoutes(app: FastifyInstance): void {
  const answer = { rows: seedRows.map(rowJson), agentRows: AGENT_ROWS.map(rowJson) };
  app.get(
    '/v1/catalog',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            required: ['rows', 'agentRows'],
            properties: {
              // The seed's rows, in its order.
              rows: { type: 'array', items: rowSchema },
              // The Kubernetes agent's events the emulator records beside them (not in the seed).
              agentRows: { type: 'array', items: rowSchema },
            },
          },
        },
      },
    },
    async () => answer,
  );
}
