// The account's virtual nodes as core/v1 Nodes, read-only: a node is in the cluster once its
// virtual kubelet has registered it (Ready), with what ACK's virtual kubelet puts on it (labels
// type=virtual-kubelet and kubernetes.io/role=agent, the virtual-kubelet.io/provider taint) and
// the capacity the world gives the account. `kubectl get nodes` and `kubectl describe node` read it.
import type { Emulator, NodeCapacity, VirtualNode } from '../../emulator/index.js';
import type { Micros } from '../../model/event.js';
import { toRfc3339Seconds } from '../../model/time.js';
import { humanDuration } from './human-duration.js';
import type { IncludeObject } from './table.js';

/** The version a virtual kubelet reports (ACK's virtual nodes list as v1.11.2). */
export const VK_VERSION = 'v1.11.2';
/** The taint the virtual kubelet sets so that only pods tolerating it land on the node. */
export const PROVIDER_TAINT = { key: 'virtual-kubelet.io/provider', value: 'alibabacloud', effect: 'NoSchedule' } as const;

/** The account's registered virtual nodes in every region, oldest first. */
export function listNodes(emulator: Emulator, account: string): VirtualNode[] {
  return emulator.virtualNodes
    .all(account)
    .filter((n) => n.status === 'Ready')
    .sort((a, b) => a.creationTime - b.creationTime || (a.id < b.id ? -1 : 1));
}

function resources(c: NodeCapacity): Record<string, string> {
  return {
    cpu: String(c.cpu),
    memory: `${c.memoryGiB}Gi`,
    pods: String(c.pods),
    'ephemeral-storage': '0',
    ...Object.fromEntries(Object.entries(c.custom).map(([k, v]) => [k, String(v)])),
  };
}

export function toNode(n: VirtualNode, capacity: NodeCapacity) {
  const at = toRfc3339Seconds(n.statusTime);
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name: n.name,
      uid: n.id,
      creationTimestamp: toRfc3339Seconds(n.creationTime),
      labels: {
        type: 'virtual-kubelet',
        'kubernetes.io/role': 'agent',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'beta.kubernetes.io/os': 'linux',
        'topology.kubernetes.io/region': n.regionId,
        'topology.kubernetes.io/zone': n.zoneId,
        ...Object.fromEntries(n.tags.map((t) => [t.key, t.value])),
      },
      annotations: {
        'k8s.aliyun.com/virtual-node-id': n.id,
        'k8s.aliyun.com/eci-instance-id': n.eciInstanceId,
        'k8s.aliyun.com/vswitch-id': n.vSwitchId,
        'k8s.aliyun.com/security-group-id': n.securityGroupId,
      },
    },
    spec: { taints: [{ ...PROVIDER_TAINT }, ...n.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }))] },
    status: {
      capacity: resources(capacity),
      allocatable: resources(capacity),
      conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: at, lastTransitionTime: at, reason: 'KubeletReady', message: 'kubelet is ready.' }],
      addresses: [
        { type: 'InternalIP', address: n.intranetIp },
        { type: 'Hostname', address: n.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: '',
        osImage: '',
        containerRuntimeVersion: '',
        kubeletVersion: VK_VERSION,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export const NODE_COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
  { name: 'Status', type: 'string', format: '', description: 'The status of the node', priority: 0 },
  { name: 'Roles', type: 'string', format: '', description: 'The roles of the node', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: 'Time since the node was created.', priority: 0 },
  { name: 'Version', type: 'string', format: '', description: 'Kubelet Version reported by the node.', priority: 0 },
  {
    name: 'Internal-IP',
    type: 'string',
    format: '',
    description: 'List of addresses reachable to the node. Queried from cloud provider, if available.',
    priority: 1,
  },
  {
    name: 'External-IP',
    type: 'string',
    format: '',
    description: 'List of addresses reachable to the node. Queried from cloud provider, if available.',
    priority: 1,
  },
];

export function nodeRow(n: VirtualNode, capacity: NodeCapacity, now: Micros, include: IncludeObject) {
  const node = toNode(n, capacity);
  const object =
    include === 'None' ? undefined : include === 'Object' ? node : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: node.metadata };
  return {
    cells: [n.name, 'Ready', 'agent', humanDuration((now - n.creationTime) / 1000), VK_VERSION, n.intranetIp || '<none>', n.internetIp || '<none>'],
    ...(object ? { object } : {}),
  };
}
