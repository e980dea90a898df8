// A virtual node (CreateVirtualNode): a node of the user's Kubernetes cluster whose pods run as
// ECI instances. ECI runs the node's virtual kubelet in an instance of its own (the "resident
// node" its billing note names: 2 vCPU, 8 GiB); that instance's id is where the node's events
// are kept, as an image cache keeps its events on its intermediate instance.
import type { Micros } from '../../model/event.js';

/**
 * Pending while the node's instance starts and its kubelet registers, Ready once registered,
 * Failed when it could not be (its events say why). ECI publishes no list of values; these are
 * the ones its console shows (docs/WORLD.md).
 */
export const VIRTUAL_NODE_STATUSES = ['Pending', 'Ready', 'Failed'] as const;
export type VirtualNodeStatus = (typeof VIRTUAL_NODE_STATUSES)[number];

export interface NodeTaint {
  key: string;
  value: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface VirtualNode {
  id: string;
  account: string;
  regionId: string;
  zoneId: string;
  /** The node's name in the cluster (VirtualNodeName, or the id when none is given). */
  name: string;
  status: VirtualNodeStatus;
  creationTime: Micros;
  statusTime: Micros;
  vpcId: string;
  vSwitchId: string;
  securityGroupId: string;
  /** The instance's address in the vSwitch, once it has one. */
  intranetIp: string;
  internetIp: string;
  eipInstanceId?: string;
  resourceGroupId: string;
  tags: Array<{ key: string; value: string }>;
  taints: NodeTaint[];
  clusterDns?: string;
  clusterDomain?: string;
  /** CustomResources: `name=count,...`, added to the node's capacity. */
  customResources: Record<string, number>;
  /** The kubeconfig as given (decoded from Base64); read when the kubelet connects. */
  kubeConfig: string;
  /** The API server the kubelet registered with (from the kubeconfig), once Ready. */
  apiServer?: string;
  /** The instance that runs the node's virtual kubelet (CreateEciForVnode names it). */
  eciInstanceId: string;
  /** The virtual kubelet's image, which the instance pulls. */
  image: string;
}
