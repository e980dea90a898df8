// A data cache's events on the Kubernetes-style API: the involved object is the cache (kind
// DataCache, ECI's eci.aliyun.com/v1alpha1 custom resource), so a field selector on the kind finds
// them and only them. Raw HTTPS with the bearer token, against `eci-events serve --kube-port 0`;
// the caches made with the CLI on the default world, which has no data sources.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { TEST_KEY } from './support/signed-fetch.js';
import { httpsGet, startKubeServe, type KubeServe } from './support/kube-serve.js';

describe('data cache events on the Kubernetes-style API', () => {
  let serve: KubeServe['serve'];
  let kube: KubeServe['kube'];

  beforeAll(async () => {
    ({ serve, kube } = await startKubeServe(['--clock', 'virtual']));
  });
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
      [
        'DataCache',
        'eci.aliyun.com/v1alpha1',
        id,
        'DataCacheSourceIllegal',
        'The source of dataCache is illegal or un-reachable in you network, please check it again',
      ],
    ]);
  }, 90_000);
});
