// The connections a follower forwards over: plain HTTP to the leader's API, and TLS to the
// leader's Kubernetes-style listener, trusted by the certificate fingerprint the leader published
// with its lease rather than by a CA (its certificate is usually self-signed, made at start).
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';

/** A TLS peer whose certificate is not the one its leader published. */
export class PinMismatchError extends Error {
  readonly code = 'ECI_PIN_MISMATCH';
  constructor(origin: string, expected: string | undefined, got: string | undefined) {
    super(
      expected
        ? `the certificate of ${origin} (SHA-256 ${got ?? 'none'}) is not the one the emulator's leader published (${expected})`
        : `no certificate fingerprint is published for ${origin}`,
    );
    this.name = 'PinMismatchError';
  }
}

export interface ForwardAgentOptions {
  /** The fingerprint (`AB:CD:...`, SHA-256) a TLS origin `host:port` must present. */
  pinFor(hostPort: string): string | undefined;
  /** How long to wait for the leader's answer to start (its own deadlines end a request first). */
  headersTimeoutMs: number;
  /** Connections kept per leader origin: below the leader's per-address connection cap. */
  connections: number;
}

export function forwardAgent(options: ForwardAgentOptions): Agent {
  // The chain is not checked against a CA; the fingerprint, checked right after the handshake and
  // before a byte of the request is sent, is the trust.
  const connect = buildConnector({ rejectUnauthorized: false });
  return new Agent({
    connections: options.connections,
    headersTimeout: options.headersTimeoutMs,
    // Watches and followed logs stay open and quiet for as long as their client reads them.
    bodyTimeout: 0,
    connect: (opts, callback) => {
      connect(opts, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null);
        if (opts.protocol === 'https:') {
          const origin = `${opts.hostname}:${opts.port}`;
          const expected = options.pinFor(origin);
          const got = (socket as TLSSocket).getPeerCertificate?.().fingerprint256;
          if (!expected || got !== expected) {
            socket.destroy();
            return callback(new PinMismatchError(origin, expected, got), null);
          }
        }
        callback(null, socket);
      });
    },
  });
}
