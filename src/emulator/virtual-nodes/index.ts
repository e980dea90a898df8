export { VirtualNodes, virtualNodeNotFound, type VirtualNodesOptions, type NodeCapacity, type NodeList, type NodePage } from './virtual-nodes.js';
export { VIRTUAL_NODE_STATUSES, type VirtualNode, type VirtualNodeStatus, type NodeTaint } from './virtual-node.js';
export type { CreateVirtualNodeRequest, UpdateVirtualNodeRequest, VirtualNodeFilter } from './requests.js';
export { nodeRef } from './node-events.js';
export { readKubeconfig, type KubeconfigCheck } from './kubeconfig.js';
export { VNODE_TIMINGS, vkImage, type VnodeTimings } from './timings.js';
