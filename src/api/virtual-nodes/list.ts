// The console's list of virtual nodes: the emulator's nodes of an account in every region, with
// what their events add up to, filtered and paged newest first by a cursor. Pure functions, no
// web framework.
import type { NodeCapacity, VirtualNode, VirtualNodeStatus } from '../../emulator/index.js';
import type { VirtualNodeSummary } from '../../contracts/index.js';
import { toRfc3339 } from '../../model/time.js';
import type { GroupEventSummary } from '../../store/index.js';
import { pageNewestFirst } from '../newest-first-page.js';

export interface VirtualNodeQuery {
  /** Part of the id, the name or the intranet address, any case. */
  q?: string;
  status?: VirtualNodeStatus;
  regionId?: string;
  after?: string;
  limit: number;
}

/**
 * The node's item. Its events are those of its instance: the node records every event with that
 * instance as its container group (node-events.ts), and nothing else does, which is how
 * DescribeVirtualNodes finds them too.
 */
export function virtualNodeItem(n: VirtualNode, capacity: NodeCapacity, events: GroupEventSummary | undefined): VirtualNodeSummary {
  return {
    virtualNodeId: n.id,
    name: n.name,
    status: n.status,
    regionId: n.regionId,
    zoneId: n.zoneId,
    vpcId: n.vpcId,
    vSwitchId: n.vSwitchId,
    securityGroupId: n.securityGroupId,
    intranetIp: n.intranetIp,
    internetIp: n.internetIp,
    creationTime: toRfc3339(n.creationTime),
    eciInstanceId: n.eciInstanceId,
    ...(n.apiServer ? { apiServer: n.apiServer } : {}),
    taints: n.taints.map((t) => ({ ...t })),
    capacity,
    eventCount: events?.events ?? 0,
    warningCount: events?.warnings ?? 0,
    ...(events ? { lastEventAt: toRfc3339(events.lastTimestamp) } : {}),
  };
}

function matches(n: VirtualNode, q: VirtualNodeQuery): boolean {
  if (q.status !== undefined && n.status !== q.status) return false;
  if (q.regionId !== undefined && n.regionId !== q.regionId) return false;
  const text = q.q?.trim().toLowerCase();
  if (!text) return true;
  return [n.id, n.name, n.intranetIp].some((s) => s.toLowerCase().includes(text));
}

export function pageVirtualNodes(nodes: readonly VirtualNode[], q: VirtualNodeQuery): { total: number; page: VirtualNode[]; next?: string } {
  return pageNewestFirst(
    nodes.filter((n) => matches(n, q)),
    q.after,
    q.limit,
  );
}
