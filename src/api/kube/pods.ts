// The emulator's container groups as core/v1 Pods, read-only: what a virtual kubelet shows of an
// ECI instance, so that `kubectl get pods` lists them and `kubectl events --for pod/NAME` can map
// its argument. Groups known only through reported events are not pods.
import { POD_PHASES, type ContainerGroup, type ContainerState, type Emulator } from '../../emulator/index.js';
import type { Micros } from '../../model/event.js';
import { toRfc3339Seconds } from '../../model/time.js';
import { selectorTerms } from './field-selector.js';
import { humanDuration } from './human-duration.js';
import { GROUP_ANNOTATION } from './render.js';
import { KubeError } from './status.js';
import type { IncludeObject } from './table.js';

/**
 * The node a group's pod was assigned to when placed: the account's Ready virtual node in its
 * region, else the node ACK's virtual kubelet names after the zone; '' before placement.
 */
const nodeName = (g: ContainerGroup) => (g.startTime === undefined ? '' : (g.nodeName ?? `virtual-kubelet-${g.zoneId}`));

function containerState(s: ContainerState) {
  const at = (t: Micros | undefined) => (t === undefined ? undefined : toRfc3339Seconds(t));
  if (s.state === 'Running') return { running: { startedAt: at(s.startTime) } };
  if (s.state === 'Terminated') {
    return { terminated: { exitCode: s.exitCode ?? 0, reason: s.reason, message: s.message, startedAt: at(s.startTime), finishedAt: at(s.finishTime) } };
  }
  return { waiting: { reason: s.reason, message: s.message } };
}

export function toPod(g: ContainerGroup) {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: g.name,
      namespace: g.namespace,
      uid: g.id,
      creationTimestamp: toRfc3339Seconds(g.creationTime),
      annotations: { [GROUP_ANNOTATION]: g.id, 'k8s.aliyun.com/eci-region-id': g.regionId, 'k8s.aliyun.com/eci-instance-type': g.instanceType },
      ...(g.status === 'Terminating' ? { deletionTimestamp: toRfc3339Seconds(g.statusTime) } : {}),
    },
    spec: {
      containers: g.containers.map((c) => ({
        name: c.name,
        image: c.image,
        ...(c.commands.length ? { command: c.commands } : {}),
        ...(c.args.length ? { args: c.args } : {}),
        imagePullPolicy: c.imagePullPolicy,
        ...(c.cpu || c.memory ? { resources: { requests: { ...(c.cpu ? { cpu: String(c.cpu) } : {}), ...(c.memory ? { memory: `${c.memory}Gi` } : {}) } } } : {}),
      })),
      restartPolicy: g.restartPolicy,
      ...(nodeName(g) ? { nodeName: nodeName(g) } : {}),
    },
    status: {
      phase: POD_PHASES[g.status],
      ...(g.intranetIp ? { podIP: g.intranetIp, podIPs: [{ ip: g.intranetIp }] } : {}),
      ...(g.startTime !== undefined ? { startTime: toRfc3339Seconds(g.startTime) } : {}),
      containerStatuses: g.containers.map((c) => ({
        name: c.name,
        image: c.image,
        ready: c.ready,
        restartCount: c.restartCount,
        started: c.currentState.state === 'Running',
        state: containerState(c.currentState),
        ...(c.previousState ? { lastState: containerState(c.previousState) } : {}),
      })),
    },
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

/** The account's groups in every region (in one namespace, if given) that the field selector keeps, oldest first. */
export function listPods(emulator: Emulator, account: string, namespace: string | undefined, fieldSelector: string | undefined): ContainerGroup[] {
  const conditions = selectorTerms(fieldSelector).map((t) => {
    const read = Object.hasOwn(POD_FIELDS, t.field) ? POD_FIELDS[t.field]! : undefined;
    if (!read) throw new KubeError(400, `field label not supported: ${t.field}`);
    return (g: ContainerGroup) => (read(g) === t.value) === t.equals;
  });
  return emulator
    .regions()
    .flatMap((r) => emulator.list(account, r.regionId, {}, { limit: Number.MAX_SAFE_INTEGER }).groups)
    .filter((g) => (namespace === undefined || g.namespace === namespace) && conditions.every((c) => c(g)))
    .sort((a, b) => a.creationTime - b.creationTime || (a.id < b.id ? -1 : 1));
}

export const POD_COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
  { name: 'Ready', type: 'string', format: '', description: 'The aggregate readiness state of this pod for accepting traffic.', priority: 0 },
  { name: 'Status', type: 'string', format: '', description: 'The aggregate status of the containers in this pod (the ECI status when no container says more).', priority: 0 },
  { name: 'Restarts', type: 'string', format: '', description: 'The number of times the containers in this pod have been restarted.', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: 'Time since the container group was created.', priority: 0 },
  { name: 'IP', type: 'string', format: '', description: 'The IP address assigned to the pod', priority: 1 },
  { name: 'Node', type: 'string', format: '', description: 'Name of the node the pod is assigned to', priority: 1 },
];

/** What kubectl's STATUS column says: a container's waiting or final reason where there is one, else the ECI status. */
function statusText(g: ContainerGroup): string {
  if (g.status === 'Terminating') return 'Terminating';
  const reasons = g.containers.map((c) => (c.currentState.state === 'Running' ? undefined : c.currentState.reason)).filter((r): r is string => Boolean(r));
  return reasons.find((r) => r !== 'Completed') ?? reasons[0] ?? g.status;
}

export function podRow(g: ContainerGroup, now: Micros, include: IncludeObject) {
  const ready = g.containers.filter((c) => c.ready).length;
  const pod = toPod(g);
  const object = include === 'None' ? undefined : include === 'Object' ? pod : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata };
  return {
    cells: [
      g.name,
      `${ready}/${g.containers.length}`,
      statusText(g),
      g.containers.reduce((n, c) => n + c.restartCount, 0),
      humanDuration((now - g.creationTime) / 1000),
      g.intranetIp || '<none>',
      nodeName(g) || '<none>',
    ],
    ...(object ? { object } : {}),
  };
}
