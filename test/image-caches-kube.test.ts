// An image cache's events on the Kubernetes-style API: the involved object is the cache
// (kind ImageCache), so a field selector on the kind finds them and only them. Raw HTTPS with the
// bearer token, against `eci-events serve --kube-port 0`; the cache created with the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { TEST_KEY } from './support/signed-fetch.js';
import { httpsGet, startKubeServe, type KubeServe } from './support/kube-serve.js';

describe('image cache events on the Kubernetes-style API', () => {
  let serve: KubeServe['serve'];
  let kube: KubeServe['kube'];

  beforeAll(async () => {
    ({ serve, kube } = await startKubeServe(['--clock', 'virtual']));
  });
  afterAll(() => {
    serve?.child.kill('SIGTERM');
  });

  it('lists a conflict and a finished build with involvedObject.kind=ImageCache, and no group events', async () => {
    const endpoint = ['--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret];
    const cli = (...args: string[]) => runCli([...args, ...endpoint]);
    const first = cli('image-caches', 'create', 'kube-a', '--image', 'nginx:1.27');
    expect(first.status, first.stderr).toBe(0);
    const second = cli('image-caches', 'create', 'kube-b', '--image', 'nginx:1.27');
    const a = first.stdout.trim();
    const b = second.stdout.trim();
    expect(cli('groups', 'create', 'web', '--image', 'nginx').status).toBe(0);
    expect(cli('clock', 'advance', '5m').status).toBe(0);

    const res = await httpsGet(`${kube.server}/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DImageCache`, kube.certificateAuthority);
    expect(res.status, res.body).toBe(200);
    const items = (JSON.parse(res.body) as { items: Array<{ reason: string; message: string; involvedObject: Record<string, string> }> }).items;
    expect(items.every((e) => e.involvedObject.kind === 'ImageCache' && e.involvedObject.apiVersion === 'eci.alibabacloud.com/v1')).toBe(true);
    expect(items.filter((e) => e.involvedObject.name === b).map((e) => [e.reason, e.message])).toEqual([
      ['ImageCacheConflict', `There are duplicated imc[${a}] is creating`],
    ]);
    expect(
      items
        .filter((e) => e.involvedObject.name === a)
        .map((e) => e.reason)
        .sort(),
    ).toEqual(['ImageCacheCapacityUtilization', 'ImageCacheCreate', 'ImageCacheFinished', 'Pulled', 'Pulling']);
  }, 90_000);
});
