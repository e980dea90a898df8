// The WebSocket behind ExecContainerCommand's WebSocketUri (`/exec/?s=TOKEN`): opened once, it runs
// the session's command and sends its output as kubelet's exec streams do (v4.channel.k8s.io):
// binary messages whose first byte is the channel (1 stdout, 3 the final Status as JSON), then
// closes. An unknown, used or expired token is refused before the upgrade (404).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ExecSessions } from '../../emulator/exec-sessions.js';
import { refuseUpgrade, tunnelUpgrade } from '../replicas/exec-tunnel.js';
import { FORWARDED_BY_HEADER, type ReplicaView } from '../replicas/replica-view.js';

export const EXEC_PATH = '/exec/';
const STDOUT = 1;
const ERROR = 3;

/** The Status kubelet sends on the error channel when the command ends. */
export function exitStatus(code: number, command: readonly string[]) {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

function frame(channel: number, text: string): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.from(text)]);
}

/**
 * `sessions` is read at each upgrade: the emulator it belongs to is the one running now (a
 * replica that becomes the leader brings its own up). On a follower, the upgrade goes to the leader.
 */
export function execSocket(app: FastifyInstance, sessions: () => ExecSessions, replicas?: ReplicaView): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const open = new Set<WebSocket>();
  app.addHook('preClose', async () => {
    for (const ws of open) ws.terminate();
    wss.close();
  });
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== EXEC_PATH) return refuse('404 Not Found');
    const role = replicas?.role();
    if (role && role.kind !== 'leader') {
      const wait = String(replicas!.retryAfterSeconds);
      // Electing, or forwarded here by a replica that took this one for the leader: no loops.
      if (role.kind === 'electing' || req.headers[FORWARDED_BY_HEADER] !== undefined)
        return refuseUpgrade(socket, '503 Service Unavailable', { 'retry-after': wait });
      return tunnelUpgrade(req, socket, head, role.leader.apiUrl, { [FORWARDED_BY_HEADER]: replicas!.name }, replicas!.retryAfterSeconds);
    }
    const token = url.searchParams.get('s') ?? '';
    let socketReady: WebSocket | undefined;
    const early: Buffer[] = [];
    let ended: Buffer | undefined;
    const send = (b: Buffer) => (socketReady ? socketReady.send(b) : early.push(b));
    const finish = (status: Buffer) => {
      if (socketReady) {
        socketReady.send(status);
        socketReady.close(1000);
      } else ended = status;
    };
    // What the command writes at once is kept until the upgrade completes.
    const cancel = sessions().open(token, {
      write: (text) => send(frame(STDOUT, text)),
      exit: (code, command) => finish(frame(ERROR, JSON.stringify(exitStatus(code, command)))),
    });
    if (!cancel) return refuse('404 Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => {
      open.add(ws);
      socketReady = ws;
      for (const b of early) ws.send(b);
      if (ended) finish(ended);
      ws.once('close', () => {
        open.delete(ws);
        cancel();
      });
    });
  });
}
