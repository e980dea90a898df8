// How long a connection may take and how many one address may hold, on every listener (the plain
// one and the TLS one). Without them a client that opens connections and never sends a request
// keeps each open for good, until the process runs out of file descriptors.
import type { Server as HttpServer, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';

export interface ListenerLimits {
  /**
   * A new connection must complete its request line and headers (after the TLS handshake, on
   * the TLS listener, which must finish within this too) this soon, and so must every later
   * request once it has begun.
   */
  headersTimeoutMs: number;
  /** A request must be received whole, body included, this soon; an answer may stream for good. */
  requestTimeoutMs: number;
  /** A kept-alive connection with no request in flight is closed after this long. */
  idleTimeoutMs: number;
  /** Connections one remote address may hold open at once; one more is closed at once. 0: no cap. */
  maxConnectionsPerAddress: number;
}

export const DEFAULT_LISTENER_LIMITS: ListenerLimits = {
  // Enough for a slow client on a slow link; a silent connection is gone within it.
  headersTimeoutMs: 15_000,
  // A 16 MiB body (the body limit) at about 300 KB/s.
  requestTimeoutMs: 60_000,
  // Above the keep-alive of common clients (undici 4 s, the SDK's agent) so they close first.
  idleTimeoutMs: 30_000,
  // Far above what one client needs (a few watches and a pool of keep-alive connections), far
  // below the descriptors a process gets (1024 soft limit is common; 65536 on servers).
  maxConnectionsPerAddress: 256,
};

/** Node checks head and request deadlines this often at most (its own default is 30 s). */
const MAX_CHECK_INTERVAL_MS = 1_000;

/** The node:http options that carry the limits; Node applies them to requests it has begun to read. */
export function httpServerOptions(limits: ListenerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.idleTimeoutMs,
    connectionsCheckingInterval: Math.min(MAX_CHECK_INTERVAL_MS, limits.headersTimeoutMs),
  };
}

/** An IPv4 client seen through an IPv6 socket is the same client. */
function addressOf(socket: Socket): string {
  const a = socket.remoteAddress ?? 'unknown';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/**
 * Adds what Node does not do by itself: a connection that sends nothing is never "begun", so
 * Node's header deadline never applies to it; it is closed here after `headersTimeoutMs` without
 * a request. And the per-address cap. Long answers (watches, event streams) are untouched: the
 * timer stops at the first request, and Node's request deadline ends once the request is read.
 * `onRefused` hears of the first connection refused to an address since it was last below its cap.
 */
export function guardConnections(server: HttpServer, limits: ListenerLimits, onRefused: (address: string, cap: number) => void = () => undefined): void {
  const open = new Map<string, number>();
  const capped = new Set<string>();
  const cap = limits.maxConnectionsPerAddress;
  // TLS: Node's HTTP layer starts on 'secureConnection' (the handshake's own deadline is the
  // server's handshakeTimeout); plain HTTP starts on 'connection'.
  const tls = 'setSecureContext' in server;

  server.on('connection', (socket: Socket) => {
    if (cap > 0) {
      const address = addressOf(socket);
      const n = (open.get(address) ?? 0) + 1;
      if (n > cap) {
        if (!capped.has(address)) onRefused(address, cap);
        capped.add(address);
        socket.destroy();
        return;
      }
      open.set(address, n);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
        if (left < cap) capped.delete(address);
      });
    }
    if (!tls) awaitFirstRequest(socket, limits.headersTimeoutMs);
  });
  if (tls) server.on('secureConnection', (socket: Socket) => awaitFirstRequest(socket, limits.headersTimeoutMs));
  server.on('request', (req) => {
    const socket = req.socket as Socket & { [FIRST]?: boolean };
    if (socket[FIRST]) {
      socket[FIRST] = false;
      socket.setTimeout(0);
    }
  });
}

const FIRST = Symbol('awaiting its first request');

/** Closes the socket when it stays silent this long before its first request. */
function awaitFirstRequest(socket: Socket & { [FIRST]?: boolean }, ms: number): void {
  socket[FIRST] = true;
  socket.setTimeout(ms);
  // Node's HTTP layer closes a timed-out socket with nothing in flight itself; this makes sure
  // (the TLS listener's raw socket has no such listener) without touching one that has a request.
  socket.once('timeout', () => {
    if (socket[FIRST]) socket.destroy();
  });
}
