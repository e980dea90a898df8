// CreateVirtualNode, DescribeVirtualNodes, UpdateVirtualNode and DeleteVirtualNode: parse, hand
// to the emulator's virtual nodes, render as the SDK's models read them.
import { VIRTUAL_NODE_STATUSES, type VirtualNodeStatus } from '../../../emulator/index.js';
import type { ActionContext } from '../deps.js';
import { invalid } from '../../core/errors.js';
import { requireRegion } from '../region.js';
import { MAX_GROUP_EVENTS } from '../../sdk-models/render-container-group.js';
import { renderVirtualNode } from '../../sdk-models/render-virtual-node.js';
import type { OperationDoc } from './operation-doc.js';
import { createNodeRequest, nodeId, updateNodeRequest } from './virtual-node-params.js';

/** DescribeVirtualNodes' Limit: "20 by default, at most 20"; VirtualNodeIds: "up to 20". */
export const MAX_NODES_PER_PAGE = 20;

export async function createVirtualNode(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const node = ctx.deps.emulator.virtualNodes.create(createNodeRequest(ctx.params, ctx.caller.account, regionId));
  return { VirtualNodeId: node.id };
}

export async function describeVirtualNodes(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const { params } = ctx;
  const ids = params.jsonStrings('VirtualNodeIds', { max: MAX_NODES_PER_PAGE });
  if (ids?.some((id) => !/^vnd-[a-z0-9]+$/.test(id))) throw invalid('VirtualNodeIds', 'give virtual node ids (vnd-...) as a JSON array.');
  params.str('ClientToken', { max: 64 });
  const status = params.str('Status', { oneOf: VIRTUAL_NODE_STATUSES }) as VirtualNodeStatus | undefined;
  const name = params.str('VirtualNodeName', { max: 128 });
  const resourceGroupId = params.str('ResourceGroupId', { max: 64 });
  const tags = params.list('Tag').length ? params.tags() : undefined;
  const filter = {
    ...(ids ? { ids } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(status ? { status } : {}),
    ...(resourceGroupId !== undefined ? { resourceGroupId } : {}),
    ...(tags ? { tags } : {}),
  };
  const limit = params.int('Limit', { min: 1, max: MAX_NODES_PER_PAGE }) ?? MAX_NODES_PER_PAGE;
  const nextToken = params.str('NextToken', { max: 256 });
  const result = ctx.deps.emulator.virtualNodes.list(ctx.caller.account, regionId, filter, { limit, ...(nextToken ? { nextToken } : {}) });
  // A node's events are kept on its instance: read per node like a group's.
  const events = await ctx.deps.store.newestPerGroup(
    result.nodes.map((n) => n.eciInstanceId),
    MAX_GROUP_EVENTS,
    { account: ctx.caller.account },
  );
  return {
    TotalCount: result.totalCount,
    ...(result.nextToken ? { NextToken: result.nextToken } : {}),
    VirtualNodes: result.nodes.map((n) => renderVirtualNode(n, events.get(n.eciInstanceId) ?? [])),
  };
}

export async function updateVirtualNode(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const id = nodeId(ctx.params);
  ctx.deps.emulator.virtualNodes.update(ctx.caller.account, id, updateNodeRequest(ctx.params), regionId);
  return {};
}

export async function deleteVirtualNode(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const id = nodeId(ctx.params);
  ctx.params.str('ClientToken', { max: 64 });
  ctx.deps.emulator.virtualNodes.delete(ctx.caller.account, id, regionId);
  return {};
}

/** The rows of docs/OPERATIONS.md for the virtual-node actions. */
export const VIRTUAL_NODE_OPERATIONS: OperationDoc[] = [
  {
    action: 'CreateVirtualNode',
    does: 'Creates a virtual node in a vSwitch and security group of the world: its instance takes an address (CreateEciForVnode), pulls the virtual kubelet image through the image model, reads the Base64 KubeConfig and registers (CreateVnodeSuccess, Ready) or fails (VnodePullImageFailed, CreateVnodeFailed); the node is a Node of the Kubernetes-style API.',
    doesNot:
      'No real cluster is joined (the kubeconfig is read, its server is not dialled); the resident instance (2 vCPU, 8 GiB) is not counted against the vCPU quota or stock, nor charged; TlsBootstrapEnabled, EnablePublicNetwork and EipInstanceId are accepted and change nothing; no service-linked role is created.',
  },
  {
    action: 'DescribeVirtualNodes',
    does: "Lists the account's nodes in the region, newest first, by VirtualNodeIds, VirtualNodeName, Status, ResourceGroupId and Tag, 20 a page with NextToken, each with its events.",
    doesNot: '—',
  },
  {
    action: 'UpdateVirtualNode',
    does: "Changes a node's name, tags, ClusterDNS, ClusterDomain and CustomResources (the Node's capacity).",
    doesNot: 'The kubelet is not restarted: no event is recorded.',
  },
  {
    action: 'DeleteVirtualNode',
    does: 'Removes the node at once: it leaves the Kubernetes-style API and its instance releases its address; its events stay.',
    doesNot: '—',
  },
];
