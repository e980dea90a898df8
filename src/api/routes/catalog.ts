// GET /v1/catalog: the seed's event rows in its order, for the console's Catalog page and the
// descriptions it shows beside events. Public: the catalog is documentation, not anyone's data.
import type { FastifyInstance } from 'fastify';
import { AGENT_ROWS, rowJson, seedRows } from '../../catalog/index.js';
import { CatalogAnswer } from '../../contracts/index.js';

export function catalogRoutes(app: FastifyInstance): void {
  const answer: CatalogAnswer = { rows: seedRows.map(rowJson), agentRows: AGENT_ROWS.map(rowJson) };
  app.get('/v1/catalog', { schema: { response: { 200: CatalogAnswer } } }, async () => answer);
}
