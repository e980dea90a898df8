// The Kubernetes-style API of events, for kubectl and client-go: discovery, then list, get and
// watch of core/v1 and events.k8s.io/v1 events, each account seeing only its own. Bearer tokens
// are access key pairs (auth.ts); errors are Status objects (status.ts).
import type { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VirtualNode } from '../../emulator/index.js';
import type { ChangeScope } from '../../store/index.js';
import type { ChangeHub } from '../changes/hub.js';
import type { ApiDeps } from '../deps.js';
import { bearerAccount, overTls, PLAIN_HTTP_MESSAGE } from './auth.js';
import { apiGroup, apiGroupList, apiVersions, coreResources, EVENTS_GROUP, eventsResources, versionInfo } from './discovery.js';
import { CORE_V1, EVENTS_V1, type Flavour } from './flavour.js';
import { selectorTerms } from './field-selector.js';
import { listEvents } from './list.js';
import { readListOptions } from './list-options.js';
import { contentType, negotiate } from './negotiate.js';
import { isUnexpected, toApiError } from '../core/domain-errors.js';
import { KubeError, sendStatus } from './status.js';
import { listNodes, NODE_COLUMNS, nodeRow, toNode } from './nodes.js';
import { listPods, podRow, podSelector, POD_COLUMNS, toPod } from './pods.js';
import { listPodPage } from './pod-list.js';
import { openPodWatch } from './pod-watch.js';
import { listNamespaces, NAMESPACE_COLUMNS, namespaceRow, namespaceSelector, toNamespace } from './namespaces.js';
import { podLogRequest, podLogStream } from './pod-logs.js';
import { EVENT_COLUMNS, eventRow, table } from './table.js';
import { openWatch } from './watch.js';

declare module 'fastify' {
  interface FastifyRequest {
    kubeAccount?: string;
  }
}

/** Node fields a selector may name (metadata.name, as the API server supports for nodes). */
function nodeSelector(selector: string | undefined): (n: VirtualNode) => boolean {
  const conditions = selectorTerms(selector).map((t) => {
    if (t.field !== 'metadata.name') throw new KubeError('InvalidParameter', `field label not supported: ${t.field}`);
    return (n: VirtualNode) => (n.name === t.value) === t.equals;
  });
  return (n) => conditions.every((c) => c(n));
}

type Query = Record<string, string | string[] | undefined>;
type NamespacedRequest = FastifyRequest<{ Params: { namespace?: string; name?: string }; Querystring: Query }>;

/** Namespaces and names are DNS labels and subdomains; anything else names nothing. */
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function checkName(what: string, value: string | undefined): void {
  if (value !== undefined && !NAME.test(value))
    throw new KubeError('InvalidParameter', `${what} ${JSON.stringify(value.slice(0, 260))} is not a valid name (lowercase letters, digits, '-' and '.')`);
}

export function kubeRoutes(app: FastifyInstance, deps: ApiDeps, hub: ChangeHub): void {
  // Ends each open watch: watches never end by themselves, and closing would wait for them.
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.setErrorHandler((err, req, reply) => {
    const e = toApiError(err);
    if (isUnexpected(e)) req.log.error({ err }, 'Kubernetes-style request failed');
    return sendStatus(reply, e);
  });

  // /version is public, as on an API server; everything else needs an account's key pair.
  app.get('/version', async () => versionInfo(deps.version));
  app.register(async (scope) => {
    scope.addHook('onRequest', async (req) => {
      if (!overTls(req)) throw new KubeError('Forbidden', PLAIN_HTTP_MESSAGE);
      const { account } = await bearerAccount(req.headers.authorization, deps.keys, deps.throttle);
      req.kubeAccount = account;
    });

    scope.get('/api', async (req) => apiVersions(String(req.headers.host ?? '127.0.0.1')));
    scope.get('/api/v1', async () => coreResources());
    scope.get('/apis', async () => apiGroupList());
    scope.get(`/apis/${EVENTS_GROUP}`, async () => apiGroup());
    scope.get(`/apis/${EVENTS_GROUP}/v1`, async () => eventsResources());

    for (const [prefix, flavour] of [
      ['/api/v1', CORE_V1],
      [`/apis/${EVENTS_GROUP}/v1`, EVENTS_V1],
    ] as const) {
      const collection = (req: NamespacedRequest, reply: FastifyReply) => listOrWatch(req, reply, flavour);
      scope.get(`${prefix}/events`, collection);
      scope.get(`${prefix}/namespaces/:namespace/events`, collection);
      scope.get(`${prefix}/namespaces/:namespace/events/:name`, (req: NamespacedRequest, reply) => getOne(req, reply, flavour));
      for (const path of [`${prefix}/events`, `${prefix}/namespaces/:namespace/events`, `${prefix}/namespaces/:namespace/events/:name`]) {
        scope.route({
          method: ['POST', 'PUT', 'PATCH', 'DELETE'],
          url: path,
          handler: async (req) => {
            throw new KubeError(
              'UnsupportedHTTPMethod',
              `${req.method} is not supported on events here: they are reported through the ingest API (POST /v1/ingest) or the agent, and are read-only to this API`,
            );
          },
        });
      }
    }
    scope.get('/api/v1/pods', (req: NamespacedRequest, reply) => listPodsRoute(req, reply));
    scope.get('/api/v1/namespaces/:namespace/pods', (req: NamespacedRequest, reply) => listPodsRoute(req, reply));
    scope.get('/api/v1/namespaces/:namespace/pods/:name', (req: NamespacedRequest, reply) => getPod(req, reply));
    scope.get('/api/v1/namespaces/:namespace/pods/:name/log', (req: NamespacedRequest, reply) => podLog(req, reply));
    for (const path of ['/api/v1/pods', '/api/v1/namespaces/:namespace/pods', '/api/v1/namespaces/:namespace/pods/:name']) {
      scope.route({
        method: ['POST', 'PUT', 'PATCH', 'DELETE'],
        url: path,
        handler: async (req) => {
          throw new KubeError(
            'UnsupportedHTTPMethod',
            `${req.method} is not supported on pods here: they are the emulator's container groups, changed through the OpenAPI (CreateContainerGroup, DeleteContainerGroup, ...)`,
          );
        },
      });
    }
    scope.get('/api/v1/namespaces', (req: NamespacedRequest, reply) => listNamespacesRoute(req, reply));
    scope.get('/api/v1/namespaces/:name', (req: NamespacedRequest, reply) => getNamespace(req, reply));
    for (const path of ['/api/v1/namespaces', '/api/v1/namespaces/:name']) {
      scope.route({
        method: ['POST', 'PUT', 'PATCH', 'DELETE'],
        url: path,
        handler: async (req) => {
          throw new KubeError(
            'UnsupportedHTTPMethod',
            `${req.method} is not supported on namespaces here: a namespace is listed while the account has pods or events in it`,
          );
        },
      });
    }
    scope.get('/api/v1/nodes', (req: NamespacedRequest, reply) => listNodesRoute(req, reply));
    scope.get('/api/v1/nodes/:name', (req: NamespacedRequest, reply) => getNode(req, reply));
    for (const path of ['/api/v1/nodes', '/api/v1/nodes/:name']) {
      scope.route({
        method: ['POST', 'PUT', 'PATCH', 'DELETE'],
        url: path,
        handler: async (req) => {
          throw new KubeError(
            'UnsupportedHTTPMethod',
            `${req.method} is not supported on nodes here: they are the account's virtual nodes, changed through the OpenAPI (CreateVirtualNode, DeleteVirtualNode, ...)`,
          );
        },
      });
    }
    scope.all('/api/*', async () => {
      throw new KubeError('NotFound', 'the server could not find the requested resource');
    });
    scope.all('/apis/*', async () => {
      throw new KubeError('NotFound', 'the server could not find the requested resource');
    });
  });

  function scopeOf(req: NamespacedRequest, fields: ChangeScope['fields']): ChangeScope {
    return { account: req.kubeAccount!, ...(req.params.namespace !== undefined ? { namespace: req.params.namespace } : {}), fields };
  }

  async function listOrWatch(req: NamespacedRequest, reply: FastifyReply, flavour: Flavour) {
    checkName('namespace', req.params.namespace);
    const representation = negotiate(req.headers.accept);
    const options = readListOptions(req.query, flavour.eventsV1);
    const scope = scopeOf(req, options.fields);
    if (options.watch) {
      const { out, stream } = await openWatch(
        {
          store: deps.store,
          hub,
          clock: deps.clock,
          scope,
          flavour,
          representation,
          onError: (err) => req.log.error({ err }, 'watch: reading changes failed'),
        },
        options,
      );
      return sendWatch(reply, out, () => (stream ? stream.end() : out.end()), options.timeoutSeconds, representation);
    }
    const page = await listEvents(deps.store, scope, options);
    const metadata = { resourceVersion: String(page.resourceVersion), ...(page.continueToken ? { continue: page.continueToken } : {}) };
    reply.header('content-type', contentType(representation));
    if (representation.as === 'table') {
      const now = deps.clock.now();
      return table(
        page.items.map((e) => eventRow(e, now, options.includeObject, flavour.render)),
        metadata,
        EVENT_COLUMNS,
        representation.apiVersion,
      );
    }
    return { kind: 'EventList', apiVersion: flavour.apiVersion, metadata, items: page.items.map(flavour.render) };
  }

  /**
   * A watch's answer: the stream, ended at the service's close or after `timeoutSeconds`. client-go's
   * Watch() returns only once the answer's headers arrive: they are sent as soon as Fastify hands
   * the stream over, not with the first event, which may be hours away.
   */
  function sendWatch(reply: FastifyReply, out: PassThrough, end: () => void, timeoutSeconds: number | undefined, representation: ReturnType<typeof negotiate>) {
    open.add(end);
    out.once('close', () => open.delete(end));
    if (timeoutSeconds !== undefined) {
      const timer = setTimeout(end, timeoutSeconds * 1000);
      out.once('close', () => clearTimeout(timer));
    }
    reply.raw.once('pipe', () => reply.raw.flushHeaders());
    return reply.header('content-type', contentType(representation)).header('cache-control', 'no-cache, private').send(out);
  }

  async function getOne(req: NamespacedRequest, reply: FastifyReply, flavour: Flavour) {
    checkName('namespace', req.params.namespace);
    checkName('name', req.params.name);
    const representation = negotiate(req.headers.accept);
    // Another account's event is as absent as one that never was.
    const e = await deps.store.get(req.kubeAccount!, req.params.namespace!, req.params.name!);
    if (!e) {
      throw new KubeError('NotFound', `events${flavour.eventsV1 ? '.' + EVENTS_GROUP : ''} "${req.params.name}" not found`, {
        name: req.params.name!,
        kind: 'events',
        ...(flavour.eventsV1 ? { group: EVENTS_GROUP } : {}),
      });
    }
    reply.header('content-type', contentType(representation));
    if (representation.as === 'table') {
      const row = eventRow(e, deps.clock.now(), readListOptions(req.query, flavour.eventsV1).includeObject, flavour.render);
      return table([row], { resourceVersion: String(e.resourceVersion) }, EVENT_COLUMNS, representation.apiVersion);
    }
    return flavour.render(e);
  }

  async function listPodsRoute(req: NamespacedRequest, reply: FastifyReply) {
    checkName('namespace', req.params.namespace);
    const representation = negotiate(req.headers.accept);
    // The field selector names pod fields, which podSelector reads; the rest is as for events.
    const options = readListOptions({ ...req.query, fieldSelector: undefined }, false);
    const fieldSelector = Array.isArray(req.query.fieldSelector) ? req.query.fieldSelector.at(-1) : req.query.fieldSelector;
    const account = req.kubeAccount!;
    const keep = podSelector(fieldSelector);
    if (options.watch) {
      const namespace = req.params.namespace;
      const { out, end } = openPodWatch(
        {
          emulator: deps.emulator,
          clock: deps.clock,
          account,
          namespace,
          keep,
          current: () => listPods(deps.emulator, account, namespace, fieldSelector),
          representation,
        },
        options,
      );
      return sendWatch(reply, out, end, options.timeoutSeconds, representation);
    }
    const page = options.labelsMatch
      ? listPodPage(deps.emulator, account, req.params.namespace, fieldSelector, {
          limit: options.limit,
          ...(options.continueToken ? { continueToken: options.continueToken } : {}),
        })
      : { groups: [], resourceVersion: deps.emulator.podChanges.latest };
    reply.header('content-type', contentType(representation));
    const metadata = { resourceVersion: String(page.resourceVersion), ...(page.continueToken ? { continue: page.continueToken } : {}) };
    const version = (g: { id: string }) => deps.emulator.podChanges.versionOf(g.id);
    if (representation.as === 'table') {
      const now = deps.clock.now();
      return table(
        page.groups.map((g) => podRow(g, now, options.includeObject, version(g))),
        metadata,
        POD_COLUMNS,
        representation.apiVersion,
      );
    }
    return { kind: 'PodList', apiVersion: 'v1', metadata, items: page.groups.map((g) => toPod(g, version(g))) };
  }

  async function listNamespacesRoute(req: NamespacedRequest, reply: FastifyReply) {
    const representation = negotiate(req.headers.accept);
    const options = readListOptions({ ...req.query, fieldSelector: undefined }, false);
    if (options.watch)
      throw new KubeError(
        'UnsupportedHTTPMethod',
        "namespaces cannot be watched here: they are where the account's pods and events are, read with get and list",
      );
    const fieldSelector = Array.isArray(req.query.fieldSelector) ? req.query.fieldSelector.at(-1) : req.query.fieldSelector;
    const keep = namespaceSelector(fieldSelector);
    const namespaces = options.labelsMatch ? (await listNamespaces(deps.emulator, deps.store, req.kubeAccount!)).filter(keep) : [];
    reply.header('content-type', contentType(representation));
    const metadata = { resourceVersion: '' };
    if (representation.as === 'table') {
      const now = deps.clock.now();
      return table(
        namespaces.map((n) => namespaceRow(n, now, options.includeObject)),
        metadata,
        NAMESPACE_COLUMNS,
        representation.apiVersion,
      );
    }
    return { kind: 'NamespaceList', apiVersion: 'v1', metadata, items: namespaces.map(toNamespace) };
  }

  async function getNamespace(req: NamespacedRequest, reply: FastifyReply) {
    checkName('name', req.params.name);
    const representation = negotiate(req.headers.accept);
    const ns = (await listNamespaces(deps.emulator, deps.store, req.kubeAccount!)).find((n) => n.name === req.params.name);
    if (!ns) throw new KubeError('NotFound', `namespaces "${req.params.name}" not found`, { name: req.params.name!, kind: 'namespaces' });
    reply.header('content-type', contentType(representation));
    if (representation.as === 'table') {
      return table(
        [namespaceRow(ns, deps.clock.now(), readListOptions(req.query, false).includeObject)],
        { resourceVersion: '' },
        NAMESPACE_COLUMNS,
        representation.apiVersion,
      );
    }
    return toNamespace(ns);
  }

  async function podLog(req: NamespacedRequest, reply: FastifyReply) {
    checkName('namespace', req.params.namespace);
    checkName('name', req.params.name);
    const request = podLogRequest(deps.emulator, deps.clock, req.kubeAccount!, req.params.namespace!, req.params.name!, req.query);
    const { out, stop } = podLogStream(request);
    if (request.follow) {
      open.add(stop);
      out.once('close', () => open.delete(stop));
      // kubectl waits for the headers before it prints: send them before the first new line.
      reply.raw.once('pipe', () => reply.raw.flushHeaders());
    }
    return reply.header('content-type', 'text/plain').header('cache-control', 'no-cache, private').send(out);
  }

  async function getPod(req: NamespacedRequest, reply: FastifyReply) {
    checkName('namespace', req.params.namespace);
    checkName('name', req.params.name);
    const representation = negotiate(req.headers.accept);
    // Names of container groups need not be unique: the newest of that name is the pod.
    const group = listPods(deps.emulator, req.kubeAccount!, req.params.namespace, undefined)
      .filter((g) => g.name === req.params.name)
      .at(-1);
    if (!group) throw new KubeError('NotFound', `pods "${req.params.name}" not found`, { name: req.params.name!, kind: 'pods' });
    reply.header('content-type', contentType(representation));
    const version = deps.emulator.podChanges.versionOf(group.id);
    if (representation.as === 'table') {
      const metadata = { resourceVersion: String(version ?? deps.emulator.podChanges.latest) };
      return table(
        [podRow(group, deps.clock.now(), readListOptions(req.query, false).includeObject, version)],
        metadata,
        POD_COLUMNS,
        representation.apiVersion,
      );
    }
    return toPod(group, version);
  }

  async function listNodesRoute(req: NamespacedRequest, reply: FastifyReply) {
    const representation = negotiate(req.headers.accept);
    const options = readListOptions({ ...req.query, fieldSelector: undefined }, false);
    if (options.watch)
      throw new KubeError(
        'UnsupportedHTTPMethod',
        "nodes cannot be watched here: they are the account's virtual nodes, read with get and list (watch their events instead)",
      );
    const fieldSelector = Array.isArray(req.query.fieldSelector) ? req.query.fieldSelector.at(-1) : req.query.fieldSelector;
    const nodes = options.labelsMatch ? listNodes(deps.emulator, req.kubeAccount!).filter(nodeSelector(fieldSelector)) : [];
    reply.header('content-type', contentType(representation));
    const metadata = { resourceVersion: '' };
    const capacity = (n: VirtualNode) => deps.emulator.virtualNodes.capacity(n);
    if (representation.as === 'table') {
      const now = deps.clock.now();
      return table(
        nodes.map((n) => nodeRow(n, capacity(n), now, options.includeObject)),
        metadata,
        NODE_COLUMNS,
        representation.apiVersion,
      );
    }
    return { kind: 'NodeList', apiVersion: 'v1', metadata, items: nodes.map((n) => toNode(n, capacity(n))) };
  }

  async function getNode(req: NamespacedRequest, reply: FastifyReply) {
    checkName('name', req.params.name);
    const representation = negotiate(req.headers.accept);
    const node = listNodes(deps.emulator, req.kubeAccount!).find((n) => n.name === req.params.name);
    if (!node) throw new KubeError('NotFound', `nodes "${req.params.name}" not found`, { name: req.params.name!, kind: 'nodes' });
    const capacity = deps.emulator.virtualNodes.capacity(node);
    reply.header('content-type', contentType(representation));
    if (representation.as === 'table') {
      return table(
        [nodeRow(node, capacity, deps.clock.now(), readListOptions(req.query, false).includeObject)],
        { resourceVersion: '' },
        NODE_COLUMNS,
        representation.apiVersion,
      );
    }
    return toNode(node, capacity);
  }
}
