import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { requireCredentials } from './authenticated.js';
import type { ApiDeps } from './deps.js';
import { ChangeHub } from './changes/hub.js';
import { isUnexpected, toApiError } from './core/domain-errors.js';
import { ApiError, sendError } from './errors.js';
import { refuseUnstorableText } from './storable-input.js';
import { DebugRequestLog } from './request-log.js';
import { DEFAULT_LISTENER_LIMITS, guardConnections, httpServerOptions, type ListenerLimits } from './listener-limits.js';
import { catalogRoutes } from './routes/catalog.js';
import { changeStreamRoutes } from './routes/changes-stream.js';
import { clockRoutes } from './routes/clock.js';
import { consoleRoutes, isPageRequest } from './routes/console.js';
import { eventRoutes } from './routes/events.js';
import { groupRoutes } from './routes/groups.js';
import { healthRoutes } from './routes/health.js';
import { histogramRoutes } from './routes/histogram.js';
import { dataCacheRoutes } from './routes/data-caches.js';
import { diagnosisRoutes } from './routes/diagnosis.js';
import { imageCacheRoutes } from './routes/image-caches.js';
import { virtualNodeRoutes } from './routes/virtual-nodes.js';
import { ingestRoutes } from './routes/ingest.js';
import { kubeEndpointRoutes } from './routes/kube-endpoint.js';
import { sessionRoutes } from './routes/session.js';
import { worldRoutes } from './routes/world.js';
import { kubeRoutes } from './kube/routes.js';
import { rpcRoutes } from './rpc/routes.js';
import { execSocket } from './exec/exec-socket.js';
import { forwardEmulatorTraffic } from './replicas/forwarding.js';

export type { ApiDeps } from './deps.js';

/** How the app logs (pino's options, or false), named here so that callers need not import the web framework. */
export type AppLogger = FastifyServerOptions['logger'];

/** Builds the HTTP application without listening, so tests can drive it with inject(). */
export function buildApp(deps: ApiDeps, options: { logger?: AppLogger; limits?: ListenerLimits } = {}): FastifyInstance {
  const limits = options.limits ?? DEFAULT_LISTENER_LIMITS;
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new DebugRequestLog(),
    // Fastify sets these two on its server itself (over what `http` says); 0: no idle deadline
    // on a request in progress, so watches and event streams run for as long as they are read.
    keepAliveTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: 0,
    http: httpServerOptions(limits),
    bodyLimit: 16 * 1024 * 1024,
    // Unknown fields are refused, not silently dropped: a typo must not pass as accepted.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
    // A request Fastify cannot route at all (a path that is not valid percent-encoding) still
    // gets this API's error body.
    frameworkErrors: (err, _req, reply) => {
      void sendError(reply as FastifyReply, new ApiError('InvalidRequest', err.message));
    },
  });

  guardConnections(app.server, limits, (address, cap) => app.log.warn({ address, cap }, 'connection refused: the address holds as many connections as it may'));

  app.setErrorHandler((err, req, reply) => {
    const e = toApiError(err);
    if (isUnexpected(e)) req.log.error({ err }, 'request failed');
    return sendError(reply, e);
  });
  refuseUnstorableText(app);
  const pages = consoleRoutes(app, deps.consoleDir);
  app.setNotFoundHandler((req, reply) => {
    if (pages.fallback(req, reply)) return reply;
    return sendError(reply, new ApiError('NotFound', `no route for ${req.method} ${req.url.split('?')[0]}`));
  });

  // One hub for every open stream of this app (the console's change feed, Kubernetes watches).
  const hub = new ChangeHub(deps.store, deps.recorder, (err) => app.log.error({ err }, 'change streams: reading the latest version failed'));
  app.addHook('onClose', async () => hub.close());

  // First of the request hooks: a follower hands the emulator's requests to the leader untouched.
  if (deps.replicas)
    forwardEmulatorTraffic(app, deps.replicas, { headersTimeoutMs: limits.requestTimeoutMs, maxConnectionsPerAddress: limits.maxConnectionsPerAddress });
  execSocket(app, () => deps.emulator.execSessions, deps.replicas);
  healthRoutes(app, deps);
  catalogRoutes(app);
  sessionRoutes(app, deps);
  app.register(async (scope) => {
    requireCredentials(scope, deps);
    ingestRoutes(scope, deps);
    eventRoutes(scope, deps);
    histogramRoutes(scope, deps);
    changeStreamRoutes(scope, deps, hub);
    groupRoutes(scope, deps);
    diagnosisRoutes(scope, deps);
    imageCacheRoutes(scope, deps);
    dataCacheRoutes(scope, deps);
    virtualNodeRoutes(scope, deps);
    clockRoutes(scope, deps);
    worldRoutes(scope, deps);
    kubeEndpointRoutes(scope, deps);
  });
  app.register(async (scope) => kubeRoutes(scope, deps, hub));
  app.register(async (scope) => rpcRoutes(scope, deps, { page: (req, reply) => (isPageRequest(req) ? pages.index(reply) : undefined) }));
  return app;
}
