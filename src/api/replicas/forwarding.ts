// A follower forwards the emulator's requests (emulator-routes.ts) to the leader, as they came:
// method, path, query, headers (the Host the client signed included) and the body as a stream,
// before anything here reads or checks them; the leader's answer comes back as it is, naming the
// leader in x-eci-events-replica. While no leader answers (an election under way, the leader
// just gone), the answer is 503 ServiceUnavailable with Retry-After, in the surface's own error
// shape: nothing was done, and the same request may be sent again.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../core/errors.js';
import { sendError } from '../errors.js';
import { overTls } from '../kube/auth.js';
import { sendStatus } from '../kube/status.js';
import { sendError as sendOpenApiError } from '../rpc/errors.js';
import { isPageRequest } from '../routes/console.js';
import { emulatorTarget, surfaceOf } from './emulator-routes.js';
import { forwardAgent } from './pinned-agent.js';
import { FORWARDED_BY_HEADER, REPLICA_HEADER, type LeaderRecord, type ReplicaView } from './replica-view.js';

/** Most connections a follower keeps to its leader (below the leader's per-address cap, 256 by default). */
const MAX_FORWARD_CONNECTIONS = 128;

export interface ForwardingOptions {
  /** How long a forwarded request may wait for the leader's answer to begin. */
  headersTimeoutMs: number;
  /** The per-address connection cap the replicas run with: forwarding stays under it. */
  maxConnectionsPerAddress: number;
}

function hasBody(req: FastifyRequest): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function queryOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}

/** Answers in the shape the request's surface speaks, with the replica's wait. */
function refuse(reply: FastifyReply, view: ReplicaView, status: 400 | 503, message: string): FastifyReply {
  const req = reply.request;
  const err =
    status === 503
      ? new ApiError('ServiceUnavailable', message, undefined, { retryAfterSeconds: view.retryAfterSeconds })
      : new ApiError('InvalidRequest', message);
  switch (surfaceOf(pathOf(req.url))) {
    case 'rpc':
      return sendOpenApiError(reply, randomUUID().toUpperCase(), String(req.headers.host ?? 'eci.aliyuncs.com').slice(0, 255), err);
    case 'kube':
      return sendStatus(reply, err);
    default:
      return sendError(reply, err);
  }
}

/** The leader's origin for this request, or why there is none. */
function originFor(leader: LeaderRecord, target: 'api' | 'kube', path: string): { origin: string } | { problem: string } {
  if (target === 'api') return { origin: leader.apiUrl };
  if (leader.kubeUrl) return { origin: leader.kubeUrl };
  // Over TLS, the OpenAPI and /v1 may go to the leader's plain API; a bearer token may not.
  if (surfaceOf(path) !== 'kube') return { origin: leader.apiUrl };
  return {
    problem: `the emulator's leader ${leader.replica} has no Kubernetes-style listener to forward this request to: start every replica with --kube-port`,
  };
}

export function forwardEmulatorTraffic(app: FastifyInstance, view: ReplicaView, options: ForwardingOptions): void {
  const agent = forwardAgent({
    pinFor: (hostPort) => {
      const role = view.role();
      if (role.kind !== 'follower' || !role.leader.kubeUrl) return undefined;
      return new URL(role.leader.kubeUrl).host === hostPort ? role.leader.kubeFingerprint : undefined;
    },
    headersTimeoutMs: options.headersTimeoutMs,
    connections: Math.max(
      1,
      Math.min(MAX_FORWARD_CONNECTIONS, options.maxConnectionsPerAddress > 0 ? options.maxConnectionsPerAddress / 2 : MAX_FORWARD_CONNECTIONS),
    ),
  });
  void app.register(replyFrom, { undici: agent, disableRequestLogging: true });
  app.addHook('onClose', async () => agent.close().catch(() => undefined));

  // A callback hook: not calling done() ends the request's way through this replica, before any
  // body parser, authentication or route (a root hook runs before every scope's own).
  app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    reply.header(REPLICA_HEADER, view.name);
    const path = pathOf(req.url);
    const target = emulatorTarget({ method: req.method, path, overTls: overTls(req), isPage: path === '/' && isPageRequest(req) });
    if (!target) return done();
    const role = view.role();
    if (role.kind === 'leader') return done();
    if (role.kind === 'electing') {
      return void refuse(
        reply,
        view,
        503,
        `no replica runs the emulator at this moment: an election of its leader is under way; try again in ${view.retryAfterSeconds} s`,
      );
    }
    // Forwarded here by a replica that took this one for the leader: views of who leads are a
    // round old at most, and going on could send the request round in a loop.
    const via = req.headers[FORWARDED_BY_HEADER];
    if (via !== undefined) {
      return void refuse(
        reply,
        view,
        503,
        `forwarded here by ${String(via).slice(0, 256)}, but this replica does not run the emulator (it follows ${role.leader.replica}); the replicas' views of the leader are being updated: try again in ${view.retryAfterSeconds} s`,
      );
    }
    const leader = role.leader;
    const where = originFor(leader, target, path);
    if ('problem' in where) return void refuse(reply, view, 503, where.problem);
    // The body goes on as the stream it arrives as (GET and HEAD carry none), through a stream of
    // its own: a leader that cannot be reached ends that one, not the client's connection, which
    // still gets its 503.
    if (req.method !== 'GET' && req.method !== 'HEAD' && hasBody(req)) {
      const body = new PassThrough();
      req.raw.pipe(body);
      body.once('close', () => req.raw.unpipe(body));
      (req as { body: unknown }).body = body;
    }
    try {
      reply.from(where.origin + path, {
        queryString: () => queryOf(req.url),
        // Sent once: the client decides whether to try again (reply-from would retry a GET the
        // leader answered 503 on its own).
        retryDelay: () => null,
        // The client's Host stays: the signature covers it, and the leader builds URLs (an exec
        // session's WebSocketUri) on it that lead back here.
        rewriteRequestHeaders: (_req, headers) => ({ ...headers, host: req.headers.host ?? new URL(where.origin).host, [FORWARDED_BY_HEADER]: view.name }),
        rewriteHeaders: (headers) => ({ ...headers, [FORWARDED_BY_HEADER]: view.name }),
        onError: (r, { error }) => {
          const cause = (error as { cause?: { message?: string } }).cause?.message ?? error.message;
          req.log.warn({ err: error, leader: leader.replica }, 'forwarding to the emulator leader failed');
          refuse(
            r as FastifyReply,
            view,
            503,
            `the emulator's leader ${leader.replica} did not answer (${cause}); if it is gone, another replica takes over within a few seconds: try again in ${view.retryAfterSeconds} s`,
          );
        },
      });
    } catch (err) {
      // A target reply-from will not build (a path that is not valid percent-encoding).
      refuse(reply, view, 400, `the request could not be forwarded to the emulator's leader: ${(err as Error).message}`);
    }
  });
}
