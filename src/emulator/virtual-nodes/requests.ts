// What CreateVirtualNode, UpdateVirtualNode and DescribeVirtualNodes ask of the emulator, parsed
// and range-checked by the RPC layer; checks against the world are the emulator's.
import type { NodeTaint, VirtualNodeStatus } from './virtual-node.js';

export interface CreateVirtualNodeRequest {
  account: string;
  regionId: string;
  vSwitchId: string;
  securityGroupId: string;
  zoneId?: string;
  name?: string;
  kubeConfig?: string;
  resourceGroupId?: string;
  clientToken?: string;
  eipInstanceId?: string;
  enablePublicNetwork?: boolean;
  tags?: Array<{ key: string; value: string }>;
  taints?: NodeTaint[];
  clusterDns?: string;
  clusterDomain?: string;
  customResources?: Record<string, number>;
}

export interface UpdateVirtualNodeRequest {
  name?: string;
  tags?: Array<{ key: string; value: string }>;
  clusterDns?: string;
  clusterDomain?: string;
  customResources?: Record<string, number>;
}

export interface VirtualNodeFilter {
  ids?: string[];
  name?: string;
  status?: VirtualNodeStatus;
  resourceGroupId?: string;
  tags?: Array<{ key: string; value: string }>;
}
