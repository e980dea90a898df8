// The Kubernetes-style API's bearer token is an access key pair, so `eci-events serve` takes it
// only on its TLS listener: on the plain-HTTP one it is refused (403) whatever a proxy header
// claims. Raw HTTP and HTTPS as a client sends them.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER, httpsGet, startKubeServe, type KubeServe } from './support/kube-serve.js';

describe("the bearer token on serve's two listeners", () => {
  let serve: KubeServe['serve'];
  let kube: KubeServe['kube'];

  beforeAll(async () => {
    ({ serve, kube } = await startKubeServe());
  });
  afterAll(() => {
    serve?.child.kill('SIGTERM');
  });

  it('refuses it over plain HTTP with 403 and says to use TLS, X-Forwarded-Proto or not', async () => {
    for (const extra of [{}, { 'x-forwarded-proto': 'https' }] as Array<Record<string, string>>) {
      const res = await fetch(new URL('/api/v1/events', serve.url), { headers: { authorization: BEARER, ...extra } });
      expect(res.status).toBe(403);
      const status = (await res.json()) as { kind: string; reason: string; code: number; message: string };
      expect(status).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
      expect(status.message).toMatch(/only over TLS/);
    }
  });

  it('takes it over TLS', async () => {
    const res = await httpsGet(`${kube.server}/api/v1/events`, kube.certificateAuthority, { authorization: BEARER });
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'EventList' });
  });

  it('answers a watch with nothing to send at once, headers first, as client-go waits for them', async () => {
    // A namespace no event is in: the watch has nothing to send, possibly for hours.
    const headers = await new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
      const req = request(
        `${kube.server}/api/v1/namespaces/quiet/events?watch=1&resourceVersion=0`,
        { ca: kube.certificateAuthority, headers: { authorization: BEARER } },
        (res) => {
          resolve({ status: res.statusCode!, type: res.headers['content-type'] });
          req.destroy();
        },
      );
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.end();
    });
    expect(headers).toEqual({ status: 200, type: 'application/json' });
  });
});
