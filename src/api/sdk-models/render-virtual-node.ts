// Virtual nodes as the official SDK reads them: DescribeVirtualNodes' VirtualNodes[] items, their
// keys exactly the names() of DescribeVirtualNodesResponseBodyVirtualNodes (@alicloud/eci20180808
// 2.0.3). Events[] has a group's event keys. Times are RFC 3339 UTC to the second.
import type { VirtualNode } from '../../emulator/index.js';
import type { EventView } from '../../model/event.js';
import { toRfc3339Seconds } from '../../model/time.js';
import { renderGroupEvent } from './render-container-group.js';

export function renderVirtualNode(n: VirtualNode, events: readonly EventView[]): Record<string, unknown> {
  return {
    CreationTime: toRfc3339Seconds(n.creationTime),
    Events: events.map(renderGroupEvent),
    InternetIp: n.internetIp,
    IntranetIp: n.intranetIp,
    RegionId: n.regionId,
    ResourceGroupId: n.resourceGroupId,
    Status: n.status,
    Tags: n.tags.map((t) => ({ Key: t.key, Value: t.value })),
    VirtualNodeId: n.id,
    VirtualNodeName: n.name,
    VirtualNodeSecurityGroupId: n.securityGroupId,
    VirtualNodeVSwitchId: n.vSwitchId,
    VpcId: n.vpcId,
  };
}
