// The causes of the VirtualNode rows (src/emulator/virtual-nodes), for docs/EVENTS.md. Kept apart
// from event-causes.ts so that the virtual nodes' causes grow without touching the others.
import type { Cause } from './event-causes.js';

const create = (p = '') =>
  `\`eci-events virtual-nodes create vk --vswitch vsw-bp1emudefaultk000000 --security-group sg-bp1emudefault0000000 --kubeconfig FILE${p}\``;
const node = 'on the node (kind `Node`, `kubectl describe node`; DescribeVirtualNodes `Events`)';

export const VIRTUAL_NODE_CAUSES: Readonly<Record<string, Cause>> = {
  CreateEciForVnode: {
    cause: `CreateVirtualNode creates the instance that runs the node's virtual kubelet, named in the message, and it takes an address of the vSwitch; ${node}; status Pending.`,
    trigger: `${create()} (FILE any kubeconfig, e.g. the one \`eci-events kubeconfig\` writes)`,
  },
  CreateVnodeSuccess: {
    cause: `The instance pulled the virtual kubelet's image (\`registry-vpc.REGION.aliyuncs.com/acs/virtual-nodes-eci\`) through the image model, and the kubelet read a kubeconfig naming a cluster with a server: the node registers, **Ready**, and is a Node of the Kubernetes-style API; ${node}.`,
    trigger: `${create()}, then advance 20s`,
  },
  CreateVnodeFailed: {
    cause: `The node cannot be made: its vSwitch has no free address (at once), or the kubeconfig is not YAML, names no cluster, or gives the cluster no server (when the kubelet starts), or the kubelet's image cannot be pulled (after VnodePullImageFailed). **Failed**, its instance released; ${node}.`,
    trigger: `${create()} with FILE holding \`clusters: []\`, then advance 20s`,
  },
  VnodePullImageFailed: {
    cause: `The virtual kubelet's image cannot be pulled: its registry does not answer (\`reachable: false\`, the fault \`registry-outage\` on \`registry-vpc.REGION.aliyuncs.com\`: after the 30 s dial timeout), or does not resolve; CreateVnodeFailed follows; ${node}.`,
    trigger: `\`eci-events fault inject registry-outage registry-vpc.cn-hangzhou.aliyuncs.com\`, ${create()}, advance 41s`,
  },
};
