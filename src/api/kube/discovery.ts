// Discovery, the legacy (non-aggregated) way: kubectl asks for the aggregated form first and,
// answered with plain application/json, reads these (reference/k8s-events.md §3).

export const EVENTS_GROUP = 'events.k8s.io';

// `ev` names core/v1 events only: kubectl warns when a short name matches two resources.
const eventsResource = (shortNames: boolean) => ({
  name: 'events',
  singularName: 'event',
  namespaced: true,
  kind: 'Event',
  verbs: ['get', 'list', 'watch'],
  ...(shortNames ? { shortNames: ['ev'] } : {}),
});

export const apiVersions = (host: string) => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
});

/** Pods are the emulator's container groups, read-only (pods.ts), watched through its pod feed (pod-watch.ts). */
const podsResource = () => ({ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list', 'watch'], shortNames: ['po'] });
/** Namespaces are where the account's pods and events are, read-only (namespaces.ts); cluster-scoped. */
const namespacesResource = () => ({
  name: 'namespaces',
  singularName: 'namespace',
  namespaced: false,
  kind: 'Namespace',
  verbs: ['get', 'list'],
  shortNames: ['ns'],
});

/** A pod's log, as the API server lists the subresource (pod-logs.ts). */
const podLogResource = () => ({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
/** Nodes are the account's registered virtual nodes, read-only (nodes.ts); cluster-scoped. */
const nodesResource = () => ({ name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: ['get', 'list'], shortNames: ['no'] });

export const coreResources = () => ({
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [eventsResource(true), namespacesResource(), podsResource(), podLogResource(), nodesResource()],
});

const eventsGroup = () => ({
  name: EVENTS_GROUP,
  versions: [{ groupVersion: `${EVENTS_GROUP}/v1`, version: 'v1' }],
  preferredVersion: { groupVersion: `${EVENTS_GROUP}/v1`, version: 'v1' },
});

export const apiGroupList = () => ({ kind: 'APIGroupList', apiVersion: 'v1', groups: [eventsGroup()] });

export const apiGroup = () => ({ kind: 'APIGroup', apiVersion: 'v1', ...eventsGroup() });

export const eventsResources = () => ({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${EVENTS_GROUP}/v1`, resources: [eventsResource(false)] });

/** GET /version, in the shape `kubectl version` reads. */
export const versionInfo = (version: string) => ({
  major: '1',
  minor: '32',
  gitVersion: `v1.32.0+eci-events-${version}`,
  gitCommit: '',
  gitTreeState: 'clean',
  buildDate: '',
  goVersion: '',
  compiler: 'eci-events',
  platform: `${process.platform}/${process.arch}`,
});
