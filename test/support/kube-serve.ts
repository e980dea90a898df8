// `eci-events serve` with its TLS Kubernetes-style listener, and HTTPS GETs against it with the
// bearer token (the access key pair), for tests that read the Kubernetes-style API as a client.
import { request } from 'node:https';
import { signV3 } from '../../src/api/core/signature.js';
import { startServe } from './cli.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './signed-fetch.js';

export const BEARER = `Bearer ${TEST_KEY.id}:${TEST_KEY.secret}`;

export interface KubeServe {
  serve: Awaited<ReturnType<typeof startServe>>;
  /** The TLS listener's address and its CA, as GET /v1/kube answers them. */
  kube: { server: string; certificateAuthority: string };
}

/** serve on an in-memory store with TEST_KEY, a kube listener on a free port, and `extra` flags. */
export async function startKubeServe(extra: string[] = []): Promise<KubeServe> {
  const serve = await startServe(['--db', ':memory:', '--kube-port', '0', '--throttle-rate', '0', ...TEST_KEY_FLAGS, ...extra]);
  const u = new URL('/v1/kube', serve.url);
  const res = await fetch(u, {
    headers: signV3(
      { method: 'GET', host: u.host, path: u.pathname, query: {}, body: '', action: 'Ingest', version: '2018-08-08' },
      TEST_KEY.id,
      TEST_KEY.secret,
    ),
  });
  return { serve, kube: (await res.json()) as KubeServe['kube'] };
}

/** GET over HTTPS trusting `ca`, with the bearer token unless other headers are given. */
export function httpsGet(url: string, ca: string, headers: Record<string, string> = { authorization: BEARER }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
