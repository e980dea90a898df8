// The account's namespaces as core/v1 Namespaces, read-only: `default` always (as every cluster
// has it), and every namespace the account has pods or events in, each Active. A namespace here
// is where something of the account is, not an object of its own: it has no uid or age of its
// own, so its creationTimestamp is that of the oldest pod in it, when there is one.
import type { ContainerGroup, Emulator } from '../../emulator/index.js';
import type { Micros } from '../../model/event.js';
import { toRfc3339Seconds } from '../../model/time.js';
import type { EventStore } from '../../store/index.js';
import { humanDuration } from './human-duration.js';
import { selectorTerms } from './field-selector.js';
import { listPods } from './pods.js';
import { KubeError } from './status.js';
import type { IncludeObject } from './table.js';

export interface NamespaceView {
  name: string;
  /** The oldest pod's creation, if a pod is in it. */
  since?: Micros;
}

/** Every namespace of the account, in name order. */
export async function listNamespaces(emulator: Emulator, store: EventStore, account: string): Promise<NamespaceView[]> {
  const oldest = new Map<string, Micros | undefined>([['default', undefined]]);
  const pods: ContainerGroup[] = listPods(emulator, account, undefined, undefined);
  for (const g of pods) if (oldest.get(g.namespace) === undefined) oldest.set(g.namespace, g.creationTime);
  for (const ns of await store.namespaces(account)) if (!oldest.has(ns)) oldest.set(ns, undefined);
  return [...oldest.entries()]
    .map(([name, since]) => (since === undefined ? { name } : { name, since }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Namespace fields a selector may name: metadata.name and status.phase, as the API server supports. */
export function namespaceSelector(selector: string | undefined): (n: NamespaceView) => boolean {
  const conditions = selectorTerms(selector).map((t) => {
    const read = t.field === 'metadata.name' ? (n: NamespaceView) => n.name : t.field === 'status.phase' ? () => 'Active' : undefined;
    if (!read) throw new KubeError('InvalidParameter', `field label not supported: ${t.field}`);
    return (n: NamespaceView) => (read(n) === t.value) === t.equals;
  });
  return (n) => conditions.every((c) => c(n));
}

export function toNamespace(n: NamespaceView) {
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: {
      name: n.name,
      ...(n.since !== undefined ? { creationTimestamp: toRfc3339Seconds(n.since) } : {}),
      labels: { 'kubernetes.io/metadata.name': n.name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export const NAMESPACE_COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
  { name: 'Status', type: 'string', format: '', description: 'The status of the namespace', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: 'Time since the oldest pod in the namespace was created.', priority: 0 },
];

export function namespaceRow(n: NamespaceView, now: Micros, include: IncludeObject) {
  const ns = toNamespace(n);
  const object =
    include === 'None' ? undefined : include === 'Object' ? ns : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: ns.metadata };
  return {
    cells: [n.name, 'Active', n.since === undefined ? '<unknown>' : humanDuration((now - n.since) / 1000)],
    ...(object ? { object } : {}),
  };
}
