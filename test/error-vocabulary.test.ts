// One error, one code and one status, whichever surface it is met on: the official SDK (both
// signature schemes), the /v1 JSON API and the Kubernetes-style API over its TLS listener, against
// a started server. The whole table, surface by surface, is src/api/error-vocabulary.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci, REGION, SCHEMES, sdkClient, sdkError } from './support/eci-sdk.js';
import { BEARER, httpsGet, startKubeServe, type KubeServe } from './support/kube-serve.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

describe('one error vocabulary on every surface', () => {
  let k: KubeServe;
  let host: string;
  beforeAll(async () => {
    k = await startKubeServe();
    host = new URL(k.serve.url).host;
  });
  afterAll(() => k?.serve.child.kill());

  const v1 = async (path: string, key?: { id: string; secret: string }) => {
    const res = key ? await signedFetch(`${k.serve.url}${path}`, {}, key) : await fetch(`${k.serve.url}${path}`);
    return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
  };
  const kube = async (path: string, authorization?: string) => {
    const res = await httpsGet(`${k.kube.server}${path}`, k.kube.certificateAuthority, authorization ? { authorization } : {});
    return { status: res.status, body: JSON.parse(res.body) as { kind: string; reason: string; code: number; message: string } };
  };

  it('a signature that does not hold: SignatureDoesNotMatch, 400, through the SDK and the /v1 API', async () => {
    const wrong = { id: TEST_KEY.id, secret: 'not-the-secret' };
    for (const scheme of SCHEMES) {
      const e = await sdkError(sdkClient(host, scheme, wrong).describeRegions(new $Eci.DescribeRegionsRequest({})));
      expect([scheme, e.code, e.statusCode]).toEqual([scheme, 'SignatureDoesNotMatch', 400]);
    }
    const res = await v1('/v1/events', wrong);
    expect([res.status, res.body.error.code]).toEqual([400, 'SignatureDoesNotMatch']);
  });

  it('an access key nobody has: InvalidAccessKeyId.NotFound, 404, through the SDK and the /v1 API', async () => {
    const nobody = { id: 'LTAInobody00000000001', secret: 'x' };
    for (const scheme of SCHEMES) {
      const e = await sdkError(sdkClient(host, scheme, nobody).describeRegions(new $Eci.DescribeRegionsRequest({})));
      expect([scheme, e.code, e.statusCode]).toEqual([scheme, 'InvalidAccessKeyId.NotFound', 404]);
    }
    const res = await v1('/v1/events', nobody);
    expect([res.status, res.body.error.code]).toEqual([404, 'InvalidAccessKeyId.NotFound']);
  });

  it("no credentials at all: 401 on the /v1 and Kubernetes-style APIs, the gateway's IncompleteSignature on the OpenAPI", async () => {
    const res = await v1('/v1/events');
    expect([res.status, res.body.error.code]).toEqual([401, 'Unauthenticated']);
    const status = await kube('/api/v1/events');
    expect(status).toMatchObject({ status: 401, body: { kind: 'Status', reason: 'Unauthorized', code: 401 } });
    const rpc = await fetch(new URL('/?Action=DescribeRegions&Version=2018-08-08', k.serve.url), { method: 'POST' });
    expect([rpc.status, ((await rpc.json()) as { Code: string }).Code]).toEqual([400, 'IncompleteSignature']);
  });

  it('a group nobody has: 404 through the SDK, the /v1 API and the Kubernetes-style API', async () => {
    for (const scheme of SCHEMES) {
      const e = await sdkError(
        sdkClient(host, scheme).deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: 'eci-nothere' })),
      );
      expect([scheme, e.code, e.statusCode]).toEqual([scheme, 'InvalidContainerGroupId.NotFound', 404]);
    }
    const res = await v1('/v1/groups/eci-nothere', TEST_KEY);
    expect([res.status, res.body.error.code]).toEqual([404, 'NotFound']);
    const pod = await kube('/api/v1/namespaces/default/pods/nothere', BEARER);
    expect(pod).toMatchObject({ status: 404, body: { kind: 'Status', reason: 'NotFound', code: 404, message: 'pods "nothere" not found' } });
  });
});
