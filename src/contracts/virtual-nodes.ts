// GET /v1/virtual-nodes and GET /v1/virtual-nodes/:id.
import { Type, type Static } from '@sinclair/typebox';
import { DetailPage, ListPage } from './resource-page.js';

/** One node as the list and its page show it. */
export const VirtualNodeSummary = Type.Object({
  virtualNodeId: Type.String(),
  /** Its name in the cluster: the involved object's name of its events (kind Node). */
  name: Type.String(),
  status: Type.String(),
  regionId: Type.String(),
  zoneId: Type.String(),
  vpcId: Type.String(),
  vSwitchId: Type.String(),
  securityGroupId: Type.String(),
  intranetIp: Type.String(),
  internetIp: Type.String(),
  creationTime: Type.String(),
  /** The instance that runs its virtual kubelet, where its events are kept. */
  eciInstanceId: Type.String(),
  apiServer: Type.Optional(Type.String()),
  taints: Type.Array(Type.Object({ key: Type.String(), value: Type.String(), effect: Type.String() })),
  capacity: Type.Object({
    cpu: Type.Number(),
    memoryGiB: Type.Number(),
    pods: Type.Integer(),
    /** Extended resources (nvidia.com/gpu...), by name. */
    custom: Type.Record(Type.String(), Type.Number()),
  }),
  eventCount: Type.Integer(),
  warningCount: Type.Integer(),
  lastEventAt: Type.Optional(Type.String()),
});
export type VirtualNodeSummary = Static<typeof VirtualNodeSummary>;

export const VirtualNodesPage = ListPage(VirtualNodeSummary);
export type VirtualNodesPage = Static<typeof VirtualNodesPage>;
export const VirtualNodePage = DetailPage(VirtualNodeSummary);
export type VirtualNodePage = Static<typeof VirtualNodePage>;
