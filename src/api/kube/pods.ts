// The emulator's container groups as core/v1 Pods, read-only: what a virtual kubelet shows of an
// ECI instance, so that `kubectl get pods` lists them and `kubectl events --for pod/NAME` can map
// its argument. Groups known only through reported events are not pods.
import { podNodeName, POD_PHASES, type Container, type ContainerGroup, type ContainerState, type Emulator } from '../../emulator/index.js';
import type { Micros } from '../../model/event.js';
import { toRfc3339Seconds } from '../../model/time.js';
import { selectorTerms } from './field-selector.js';
import { humanDuration } from './human-duration.js';
import { GROUP_ANNOTATION } from './render.js';
import { printPod, podRowConditions } from './pod-print.js';
import { KubeError } from './status.js';
import type { IncludeObject } from './table.js';

/** The node a group's pod was assigned to when placed (the kubelet's host, group-events.ts); '' before placement. */
const nodeName = (g: ContainerGroup) => (g.startTime === undefined ? '' : podNodeName(g));

/**
 * The pod's status.reason: ECI's final statuses that say more than the phase (a group the
 * platform could not place, a spot instance taken back), as a provider sets the reason of a pod
 * it failed (virtual-kubelet's ProviderFailed, the node's Evicted).
 */
const REASONS: Partial<Record<ContainerGroup['status'], string>> = { ScheduleFailed: 'ScheduleFailed', Expired: 'Expired' };

/**
 * The pod's conditions as kubelet sets them (pkg/kubelet/status/generate.go): scheduled once
 * placed; initialized once every init container has exited 0 (GeneratePodInitializedCondition:
 * ContainersNotInitialized, "containers with incomplete status: [NAMES]" until then); ready when
 * every container is.
 */
function conditions(g: ContainerGroup) {
  if (g.startTime === undefined) return [];
  const at = toRfc3339Seconds(g.startTime);
  const allReady = POD_PHASES[g.status] === 'Running' && g.containers.every((c) => c.ready);
  const when = toRfc3339Seconds(g.statusTime);
  const incomplete = g.initContainers.filter((c) => !(c.currentState.state === 'Terminated' && c.currentState.exitCode === 0)).map((c) => c.name);
  const lastInit = Math.max(g.startTime, ...g.initContainers.map((c) => c.currentState.finishTime ?? 0));
  const initialized =
    incomplete.length === 0
      ? { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: toRfc3339Seconds(lastInit) }
      : {
          type: 'Initialized',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: at,
          reason: 'ContainersNotInitialized',
          message: `containers with incomplete status: [${incomplete.join(' ')}]`,
        };
  return [
    initialized,
    { type: 'Ready', status: allReady ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: when },
    { type: 'ContainersReady', status: allReady ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: when },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at },
  ];
}

function containerState(s: ContainerState) {
  const at = (t: Micros | undefined) => (t === undefined ? undefined : toRfc3339Seconds(t));
  if (s.state === 'Running') return { running: { startedAt: at(s.startTime) } };
  if (s.state === 'Terminated') {
    return { terminated: { exitCode: s.exitCode ?? 0, reason: s.reason, message: s.message, startedAt: at(s.startTime), finishedAt: at(s.finishTime) } };
  }
  return { waiting: { reason: s.reason, message: s.message } };
}

/** The group as a Pod; `resourceVersion` is the pod change feed's version of its last change. */
export function toPod(g: ContainerGroup, resourceVersion?: number) {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: g.name,
      namespace: g.namespace,
      uid: g.id,
      ...(resourceVersion !== undefined ? { resourceVersion: String(resourceVersion) } : {}),
      creationTimestamp: toRfc3339Seconds(g.creationTime),
      annotations: { [GROUP_ANNOTATION]: g.id, 'k8s.aliyun.com/eci-region-id': g.regionId, 'k8s.aliyun.com/eci-instance-type': g.instanceType },
      ...(g.status === 'Terminating' ? { deletionTimestamp: toRfc3339Seconds(g.statusTime) } : {}),
    },
    spec: {
      ...(g.initContainers.length ? { initContainers: g.initContainers.map(containerSpec) } : {}),
      containers: g.containers.map(containerSpec),
      restartPolicy: g.restartPolicy,
      ...(nodeName(g) ? { nodeName: nodeName(g) } : {}),
    },
    status: {
      phase: POD_PHASES[g.status],
      ...(REASONS[g.status] ? { reason: REASONS[g.status] } : {}),
      conditions: conditions(g),
      ...(g.intranetIp ? { podIP: g.intranetIp, podIPs: [{ ip: g.intranetIp }] } : {}),
      ...(g.startTime !== undefined ? { startTime: toRfc3339Seconds(g.startTime) } : {}),
      // kubelet reports containers once the pod is on its node; before, a pod has none.
      ...(g.initContainers.length ? { initContainerStatuses: (g.startTime === undefined ? [] : g.initContainers).map(containerStatus) } : {}),
      containerStatuses: (g.startTime === undefined ? [] : g.containers).map(containerStatus),
    },
  };
}

function containerSpec(c: Container) {
  return {
    name: c.name,
    image: c.image,
    ...(c.commands.length ? { command: c.commands } : {}),
    ...(c.args.length ? { args: c.args } : {}),
    imagePullPolicy: c.imagePullPolicy,
    ...(c.cpu || c.memory ? { resources: { requests: { ...(c.cpu ? { cpu: String(c.cpu) } : {}), ...(c.memory ? { memory: `${c.memory}Gi` } : {}) } } } : {}),
  };
}

function containerStatus(c: Container) {
  return {
    name: c.name,
    image: c.image,
    ready: c.ready,
    restartCount: c.restartCount,
    started: c.currentState.state === 'Running',
    state: containerState(c.currentState),
    ...(c.previousState ? { lastState: containerState(c.previousState) } : {}),
  };
}

/** Pod fields a selector may name, and how to read each. */
const POD_FIELDS: Record<string, (g: ContainerGroup) => string> = {
  'metadata.name': (g) => g.name,
  'metadata.namespace': (g) => g.namespace,
  'spec.nodeName': nodeName,
  'spec.restartPolicy': (g) => g.restartPolicy,
  'status.phase': (g) => POD_PHASES[g.status],
  'status.podIP': (g) => g.intranetIp,
};

/** What a pod field selector keeps (metadata.name, status.phase...): a 400 for a field pods do not support. */
export function podSelector(fieldSelector: string | undefined): (g: ContainerGroup) => boolean {
  const conditions = selectorTerms(fieldSelector).map((t) => {
    const read = Object.hasOwn(POD_FIELDS, t.field) ? POD_FIELDS[t.field]! : undefined;
    if (!read) throw new KubeError('InvalidParameter', `field label not supported: ${t.field}`);
    return (g: ContainerGroup) => (read(g) === t.value) === t.equals;
  });
  return (g) => conditions.every((c) => c(g));
}

/** The account's groups in every region (in one namespace, if given) that the field selector keeps, oldest first. */
export function listPods(emulator: Emulator, account: string, namespace: string | undefined, fieldSelector: string | undefined): ContainerGroup[] {
  const keep = podSelector(fieldSelector);
  return emulator
    .regions()
    .flatMap((r) => emulator.list(account, r.regionId, {}, { limit: Number.MAX_SAFE_INTEGER }).groups)
    .filter((g) => (namespace === undefined || g.namespace === namespace) && keep(g))
    .sort(oldestFirst);
}

export const oldestFirst = (a: ContainerGroup, b: ContainerGroup) => a.creationTime - b.creationTime || (a.id < b.id ? -1 : 1);

export const POD_COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
  { name: 'Ready', type: 'string', format: '', description: 'The aggregate readiness state of this pod for accepting traffic.', priority: 0 },
  { name: 'Status', type: 'string', format: '', description: 'The aggregate status of the containers in this pod.', priority: 0 },
  {
    name: 'Restarts',
    type: 'string',
    format: '',
    description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    priority: 0,
  },
  { name: 'Age', type: 'string', format: '', description: 'Time since the container group was created.', priority: 0 },
  { name: 'IP', type: 'string', format: '', description: 'The IP address assigned to the pod', priority: 1 },
  { name: 'Node', type: 'string', format: '', description: 'Name of the node the pod is assigned to', priority: 1 },
  { name: 'Nominated Node', type: 'string', format: '', description: 'Name of the node nominated by the scheduler', priority: 1 },
  { name: 'Readiness Gates', type: 'string', format: '', description: 'The pod readiness gates', priority: 1 },
];

export function podRow(g: ContainerGroup, now: Micros, include: IncludeObject, resourceVersion?: number) {
  const pod = toPod(g, resourceVersion);
  const cells = printPod(pod, now / 1000);
  const object =
    include === 'None' ? undefined : include === 'Object' ? pod : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata };
  const rowConditions = podRowConditions(pod.status.phase);
  return {
    cells: [
      g.name,
      cells.ready,
      cells.status,
      cells.restarts,
      humanDuration((now - g.creationTime) / 1000),
      g.intranetIp || '<none>',
      nodeName(g) || '<none>',
      '<none>',
      '<none>',
    ],
    ...(rowConditions ? { conditions: rowConditions } : {}),
    ...(object ? { object } : {}),
  };
}
