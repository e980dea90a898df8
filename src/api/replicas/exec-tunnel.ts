// An exec session's WebSocket (ExecContainerCommand's WebSocketUri) on a follower: the session
// lives in the leader's emulator, so the upgrade goes on to the leader and the two sockets are
// joined byte for byte once it answers. The leader's refusal (an unknown or used token) comes
// back as it is; no leader at all is a 503.
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

function head(status: string, headers: Record<string, string | string[] | undefined>): string {
  const lines = [`HTTP/1.1 ${status}`];
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) lines.push(`${name}: ${v}`);
  }
  return lines.join('\r\n') + '\r\n\r\n';
}

/** Answers an upgrade that cannot go on, and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: string, headers: Record<string, string> = {}): void {
  socket.end(head(status, { connection: 'close', 'content-length': '0', ...headers }));
}

/** Carries the upgrade request `req` (already read, with `first`, the bytes after its head) to `origin` and joins the sockets. */
export function tunnelUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  first: Buffer,
  origin: string,
  extraHeaders: Record<string, string>,
  retryAfterSeconds: number,
): void {
  const target = new URL(origin);
  const upstream = request({
    host: target.hostname.replace(/^\[|\]$/g, ''),
    port: target.port,
    method: req.method,
    path: req.url,
    headers: { ...req.headers, ...extraHeaders },
  });
  const fail = () => refuseUpgrade(socket, '503 Service Unavailable', { 'retry-after': String(retryAfterSeconds) });
  upstream.once('error', () => {
    if (socket.writable) fail();
  });
  socket.once('error', () => upstream.destroy());
  upstream.once('response', (res) => {
    // No upgrade: the leader's refusal, passed on.
    socket.write(head(`${res.statusCode} ${res.statusMessage}`, { ...res.headers, connection: 'close' }));
    res.pipe(socket);
  });
  upstream.once('upgrade', (res, leaderSocket, leaderHead) => {
    socket.write(head(`101 ${res.statusMessage || 'Switching Protocols'}`, res.headers));
    if (leaderHead.length) socket.write(leaderHead);
    if (first.length) leaderSocket.write(first);
    leaderSocket.on('error', () => socket.destroy());
    socket.on('error', () => leaderSocket.destroy());
    leaderSocket.pipe(socket).pipe(leaderSocket);
  });
  upstream.end();
}
