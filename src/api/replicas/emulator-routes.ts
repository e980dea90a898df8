// Which requests touch the emulator, and so are answered by its leader: a follower forwards them
// before authenticating them (the leader checks the signature, the nonce and flow control itself).
// What is read from the store (events, ingest, the change feed and its streams, keys, the
// console's files, the catalog) is answered by any replica.

/** Where a follower sends a request: the leader's HTTP API, or its TLS Kubernetes-style listener. */
export type EmulatorTarget = 'api' | 'kube';

/** The /v1 routes of the emulator's own state. */
const V1_EMULATOR = /^\/v1\/(world|faults|spot|clock|groups|image-caches|data-caches|virtual-nodes)(\/|$)/;

/** Pods (and their logs), nodes and namespaces of the Kubernetes-style API; not events. */
const KUBE_EMULATOR = [
  /^\/api\/v1\/pods\/?$/,
  /^\/api\/v1\/namespaces\/[^/]+\/pods(\/|$)/,
  /^\/api\/v1\/nodes(\/|$)/,
  /^\/api\/v1\/namespaces\/?$/,
  /^\/api\/v1\/namespaces\/[^/]+\/?$/,
];

export interface RequestShape {
  method: string;
  /** The path, without the query string. */
  path: string;
  /** Came in on the TLS listener. */
  overTls: boolean;
  /** A browser asking for the console's page at `/`, not an OpenAPI call. */
  isPage: boolean;
}

/**
 * The emulator's requests. Every OpenAPI action is among them, DescribeContainerGroupEvents too:
 * it reads the emulator's groups for its region check, names and its zone, vSwitch, resource
 * group and tag filters, so only the leader answers it as a single replica would.
 */
export function emulatorTarget(req: RequestShape): EmulatorTarget | undefined {
  if (req.path === '/') return (req.method === 'POST' || req.method === 'GET') && !req.isPage ? (req.overTls ? 'kube' : 'api') : undefined;
  if (V1_EMULATOR.test(req.path)) return req.overTls ? 'kube' : 'api';
  if (KUBE_EMULATOR.some((re) => re.test(req.path))) return req.overTls ? 'kube' : 'api';
  return undefined;
}

/** The kind of answer a surface expects for an error of its own (the OpenAPI's, a Kubernetes Status, the /v1 API's). */
export function surfaceOf(path: string): 'rpc' | 'kube' | 'v1' {
  if (path === '/') return 'rpc';
  return path.startsWith('/api/') ? 'kube' : 'v1';
}
