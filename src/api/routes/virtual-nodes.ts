// The console's virtual nodes: GET /v1/virtual-nodes (searchable, filtered, paged by cursor) and
// GET /v1/virtual-nodes/:id, the caller's account only. A node's events come from GET /v1/events
// with kind=Node&name=<its name>&containerGroupId=<its instance> (the involved object, as
// src/emulator/virtual-nodes/node-events.ts records it; the instance tells apart two nodes of one
// name in two regions), as its Events tab reads them.
import type { FastifyInstance } from 'fastify';
import { VIRTUAL_NODE_STATUSES, type VirtualNode } from '../../emulator/index.js';
import { type VirtualNodePage, VirtualNodeSummary, type VirtualNodesPage } from '../../contracts/index.js';
import { callerOf } from '../authenticated.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { renderVirtualNode } from '../sdk-models/render-virtual-node.js';
import { resourceDetailSchema, resourceListSchema } from './resource-list-schema.js';
import { pageVirtualNodes, virtualNodeItem, type VirtualNodeQuery } from '../virtual-nodes/list.js';

/** Nodes on one page at most (as GET /v1/image-caches). */
export const MAX_VIRTUAL_NODES_PAGE = 500;

export function virtualNodeRoutes(app: FastifyInstance, deps: ApiDeps): void {
  // Read at each request: a replica that becomes the emulator's leader brings its own emulator up.
  const nodes = () => deps.emulator.virtualNodes;
  const item = async (account: string, page: readonly VirtualNode[]) => {
    const summaries = page.length
      ? await deps.store.groupSummaries(
          account,
          page.map((n) => n.eciInstanceId),
        )
      : [];
    const byGroup = new Map(summaries.map((s) => [s.containerGroupId, s]));
    return page.map((n) => virtualNodeItem(n, nodes().capacity(n), byGroup.get(n.eciInstanceId)));
  };

  app.get<{ Querystring: VirtualNodeQuery }>(
    '/v1/virtual-nodes',
    {
      schema: resourceListSchema(VIRTUAL_NODE_STATUSES, MAX_VIRTUAL_NODES_PAGE, VirtualNodeSummary),
    },
    async (req): Promise<VirtualNodesPage> => {
      const { account } = callerOf(req);
      const { total, page, next } = pageVirtualNodes(nodes().all(account), req.query);
      return { total, items: await item(account, page), ...(next ? { next } : {}) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/virtual-nodes/:id',
    {
      schema: resourceDetailSchema(VirtualNodeSummary),
    },
    async (req): Promise<VirtualNodePage> => {
      const { account } = callerOf(req);
      const node = nodes().get(account, req.params.id);
      if (!node) throw new ApiError('NotFound', `no virtual node ${JSON.stringify(req.params.id)} in this account`);
      const [summary] = await item(account, [node]);
      const { Events: _events, ...detail } = renderVirtualNode(node, []);
      return { summary: summary!, detail };
    },
  );
}
