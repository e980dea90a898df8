// A data cache's events on the Kubernetes-style API: the involved object is the cache (kind
// DataCache, ECI's eci.aliyun.com/v1alpha1 custom resource), so a field selector on the kind finds
// them and only them. Raw HTTPS with the bearer token, against `eci-events serve --kube-port 0`;
// the caches made with the CLI on the default world, which has no data sources.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signV3 } from '../src/api/rpc/signature.js';
import { runCli, startServe } from './support/cli.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const BEARER = `Bearer ${TEST_KEY.id}:${TEST_KEY.secret}`;

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: BEARER } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('data cache events on the Kubernetes-style API', () => {
  let serve: Awaited<ReturnType<typeof startServe>>;
  let kube: { server: string; certificateAuthority: string };

  beforeAll(async () => {
    serve = await startServe(['--db', ':memory:', '--kube-port', '0', '--throttle-rate', '0', '--clock', 'virtual', ...TEST_KEY_FLAGS]);
    const u = new URL('/v1/kube', serve.url);
    const res = await fetch(u, { headers: signV3({ method: 'GET', host: u.host, path: u.pathname, query: {}, body: '', action: 'Ingest', version: '2018-08-08' }, TEST_KEY.id, TEST_KEY.secret) });
    kube = (await res.json()) as typeof kube;
  }, 60_000);
  afterAll(() => {
    serve?.child.kill('SIGTERM');
  });

  it('lists DataCacheSourceIllegal with involvedObject.kind=DataCache, and no group events', async () => {
    const endpoint = ['--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret];
    const cli = (...args: string[]) => runCli([...args, ...endpoint]);
    const made = cli('data-caches', 'create', '/kube/a', '--url', 'https://nowhere.example.com/a');
    expect(made.status, made.stderr).toBe(0);
    const id = made.stdout.trim();
    expect(cli('groups', 'create', 'web', '--image', 'nginx').status).toBe(0);
    expect(cli('clock', 'advance', '1m').status).toBe(0);

    const res = await httpsGet(`${kube.server}/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DDataCache`, kube.certificateAuthority);
    expect(res.status, res.body).toBe(200);
    const items = (JSON.parse(res.body) as { items: Array<{ reason: string; message: string; involvedObject: Record<string, string> }> }).items;
    expect(items.map((e) => [e.involvedObject.kind, e.involvedObject.apiVersion, e.involvedObject.name, e.reason, e.message])).toEqual([
      ['DataCache', 'eci.aliyun.com/v1alpha1', id, 'DataCacheSourceIllegal', 'The source of dataCache is illegal or un-reachable in you network, please check it again'],
    ]);
  }, 90_000);
});
