// Image pulls in the modelled world, one named scenario per way a pull fails and the pulls that
// succeed, through the official SDK against `eci-events serve --world FILE --clock virtual`.
// Each checks kubelet's events exactly (reason, type, rendered message, count, first and last
// time, involved object), the container's waiting state (DescribeContainerGroups) and the group's
// status (DescribeContainerGroups and DescribeContainerGroupStatus agree): a group whose image
// cannot be pulled stays Pending, as the pod it is does.
//
// The timeline of a failing pull (kubelet's image manager and pod workers): the pull fails after
// its modelled time; kubelet syncs the pod again 10 s after a failed sync; a sync within the
// image's back-off (10 s, doubling to 5 min, from the failure) records BackOff and
// Failed "Error: ImagePullBackOff"; a sync past it pulls again. So the first failure is followed
// by another pull 10 s later, then BackOff once, a pull, BackOff 3 times, a pull, 7 times...
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAL_TIMEOUT, DNS_LOOKUP, registryAddress } from '../src/emulator/images/index.js';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { $Eci, sdkError } from './support/eci-sdk.js';
import {
  DEFAULT,
  DEFAULT_PULL,
  S,
  TO_SCHEDULING,
  changeWorld,
  clearFault,
  createGroup,
  describeGroup,
  expectStatus,
  injectFault,
  sec,
  startWorld,
  worldState,
  type CreateOptions,
  type WorldServer,
} from './support/world-scenarios.js';
import { DEFAULT_TIMINGS } from '../src/emulator/timings.js';

const HZ = 'cn-hangzhou';
const ACR = 'registry.cn-hangzhou.aliyuncs.com';
const MS = 1000;

const WORLD: WorldSpec = {
  registries: [
    // Private and closed: only team/api:1.4 and team/ml:2.1 (amd64 only) exist, for deployer.
    {
      host: ACR,
      private: true,
      closed: true,
      credentials: [{ username: 'deployer', password: 's3cret' }],
      speedMBps: 100,
      latencyMs: 5,
      images: [
        { repository: 'team/api', tags: ['1.4'] },
        { repository: 'team/ml', tags: ['2.1'], sizeMB: 4200, layers: 24, arches: ['amd64'] },
      ],
    },
    { host: 'docker.io' },
    // Far and slow: a 2 GB image in 10 layers at 5 MB/s and 50 ms.
    { host: 'models.example.com', speedMBps: 5, latencyMs: 50, images: [{ repository: 'big/model', tags: ['v1'], sizeMB: 2000, layers: 10 }] },
    { host: 'flaky.example.com' },
  ],
  unresolvable: ['corp.internal'],
};

const CRED = { server: ACR, userName: 'deployer', password: 's3cret' };

interface AgentEvent {
  reason: string;
  type: string;
  message: string;
  count: number;
  first: string;
  last: string;
}

describe('world scenarios: image pulls', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('images', WORLD);
  });
  afterAll(async () => ws?.stop());

  const create = (name: string, image: string, opts: CreateOptions = {}, imagePullPolicy?: string) =>
    createGroup(ws, DEFAULT, name, { containers: [{ name: 'app', image, ...(imagePullPolicy ? { imagePullPolicy } : {}) }], ...opts });

  /** Events in a stable order: by first occurrence (whole seconds), then reason and message. */
  const ordered = (xs: AgentEvent[]) => [...xs].sort((a, b) => `${a.first}|${a.reason}|${a.message}`.localeCompare(`${b.first}|${b.reason}|${b.message}`));

  /** The group's kubelet events, oldest first (by first occurrence), with their involved object checked. */
  const agentEvents = async (id: string): Promise<AgentEvent[]> => {
    const r = await ws
      .client(DEFAULT)
      .describeContainerGroupEvents(
        new $Eci.DescribeContainerGroupEventsRequest({ regionId: HZ, containerGroupIds: JSON.stringify([id]), eventSource: 'K8sAgent' }),
      );
    expect(r.statusCode).toBe(200);
    const events = [...(r.body!.data?.find((d) => d.containerGroupId === id)?.events ?? [])].reverse();
    for (const e of events) expect(e.involvedObject).toMatchObject({ kind: 'Pod', uid: id, namespace: 'default' });
    return ordered(
      events.map((e) => ({
        reason: e.reason ?? '',
        type: e.type ?? '',
        message: e.message ?? '',
        count: e.count ?? 0,
        first: e.firstTimestamp ?? '',
        last: e.lastTimestamp ?? '',
      })),
    );
  };
  const ev = (reason: string, type: string, message: string, first: number, count = 1, last = first): AgentEvent => ({
    reason,
    type,
    message,
    count,
    first: sec(first),
    last: sec(last),
  });
  const scheduled = (name: string, at: number) => ev('Scheduled', 'Normal', `Successfully assigned default/${name} to virtual-kubelet-cn-hangzhou-k`, at);
  const waiting = async (id: string) => (await describeGroup(ws, DEFAULT, HZ, id))!.containers![0]!.currentState;

  /**
   * A pull that fails `took` after it starts, tried from the scheduling step for 25 s + took × 2:
   * pull, 10 s, pull, 10 s, BackOff (within the 20 s back-off). Every event of the failure, in
   * kubelet's order, with its counts.
   */
  const expectFailedPull = async (name: string, image: string, reason: string, took: number, opts: CreateOptions = {}) => {
    const g = await create(name, image, opts);
    const t0 = g.at + TO_SCHEDULING;
    const f1 = t0 + took;
    const p2 = f1 + 10 * S;
    const f2 = p2 + took;
    const b1 = f2 + 10 * S;
    await ws.advance(`${Math.ceil((b1 - g.at) / MS) + 1}ms`);
    expect(await agentEvents(g.id)).toEqual(
      ordered([
        scheduled(name, t0),
        ev('Pulling', 'Normal', `Pulling image "${image}"`, t0, 2, p2),
        ev('Failed', 'Warning', `Failed to pull image "${image}": ${reason}`, f1, 2, f2),
        ev('Failed', 'Warning', 'Error: ErrImagePull', f1, 2, f2),
        ev('BackOff', 'Normal', `Back-off pulling image "${image}"`, b1),
        ev('Failed', 'Warning', 'Error: ImagePullBackOff', b1),
      ]),
    );
    expect(await waiting(g.id)).toMatchObject({
      state: 'Waiting',
      reason: 'ImagePullBackOff',
      message: `Back-off pulling image "${image}": ErrImagePull: ${reason}`,
      detailStatus: 'ImagePullBackOff',
    });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Pending');
    return { g, t0, f1, f2, b1 };
  };

  it('not found: a tag a closed registry does not have (NotFound from containerd)', async () => {
    const image = `${ACR}/team/api:9.9`;
    const ref = image;
    await expectFailedPull(
      'pull-notfound',
      image,
      `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
      DNS_LOOKUP + 3 * 5 * MS,
      { imageRegistryCredential: [new $Eci.CreateContainerGroupRequestImageRegistryCredential(CRED)] },
    );
  });

  it('unauthorized: a private registry pulled from without ImageRegistryCredential, and with a wrong password', async () => {
    const image = `${ACR}/team/api:1.4`;
    await expectFailedPull(
      'pull-nocreds',
      image,
      `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
      DNS_LOOKUP + 2 * 5 * MS,
    );
    await expectFailedPull(
      'pull-badcreds',
      image,
      `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized`,
      DNS_LOOKUP + 2 * 5 * MS,
      {
        imageRegistryCredential: [new $Eci.CreateContainerGroupRequestImageRegistryCredential({ ...CRED, password: 'guess' })],
      },
    );
  });

  it('no such host: a registry under .invalid (and one the world declares unresolvable)', async () => {
    const image = 'registry.example.invalid/nope/app:9.9';
    await expectFailedPull(
      'pull-nohost',
      image,
      `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "https://registry.example.invalid/v2/nope/app/manifests/9.9": dial tcp: lookup registry.example.invalid on 100.100.2.136:53: no such host`,
      DNS_LOOKUP,
    );
    const corp = 'hub.corp.internal/base/jdk';
    const canonical = 'hub.corp.internal/base/jdk:latest';
    await expectFailedPull(
      'pull-corp',
      corp,
      `rpc error: code = Unknown desc = failed to pull and unpack image "${canonical}": failed to resolve reference "${canonical}": failed to do request: Head "https://hub.corp.internal/v2/base/jdk/manifests/latest": dial tcp: lookup hub.corp.internal on 100.100.2.136:53: no such host`,
      DNS_LOOKUP,
    );
  });

  it('no matching manifest: an amd64-only image on an ARM64 instance type', async () => {
    const image = `${ACR}/team/ml:2.1`;
    await expectFailedPull(
      'pull-arch',
      image,
      `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": no match for platform in manifest: not found`,
      DNS_LOOKUP + 4 * 5 * MS,
      {
        instanceType: 'ecs.g6r.large',
        imageRegistryCredential: [new $Eci.CreateContainerGroupRequestImageRegistryCredential(CRED)],
      },
    );
  });

  it('registry outage: pulls time out while the fault is in force; cleared, the next pull after the back-off succeeds and the group runs', async () => {
    const fault = await injectFault(ws, { kind: 'registry-outage', target: 'flaky.example.com' });
    const image = 'flaky.example.com/shop/web:3';
    const canonical = 'flaky.example.com/shop/web:3';
    const { g, f2 } = await expectFailedPull(
      'pull-outage',
      image,
      `rpc error: code = Unknown desc = failed to pull and unpack image "${canonical}": failed to resolve reference "${canonical}": failed to do request: Head "https://flaky.example.com/v2/shop/web/manifests/3": dial tcp ${registryAddress('flaky.example.com')}:443: i/o timeout`,
      DNS_LOOKUP + DIAL_TIMEOUT,
    );
    const faults = (await ws.control('GET', '/v1/faults')).body.faults as Array<{ id: string; hits: number }>;
    expect(faults.find((f) => f.id === fault)?.hits).toBe(2);
    await clearFault(ws, fault);
    // The back-off after the second failure is 20 s: the sync at f2 + 20 s pulls, and it works.
    const p3 = f2 + 20 * S;
    await ws.advance(`${Math.ceil((p3 + DEFAULT_PULL + DEFAULT_TIMINGS.start - ws.now()) / MS) + 1}ms`);
    const events = await agentEvents(g.id);
    expect(events.find((e) => e.reason === 'Pulling')).toMatchObject({ count: 3, last: sec(p3) });
    expect(events.filter((e) => e.reason === 'Pulled')).toEqual([ev('Pulled', 'Normal', `Successfully pulled image "${image}" in 800ms`, p3 + DEFAULT_PULL)]);
    expect(events.find((e) => e.reason === 'Started')).toMatchObject({
      message: 'Started container app',
      first: sec(p3 + DEFAULT_PULL + DEFAULT_TIMINGS.start),
    });
    expect(await waiting(g.id)).toMatchObject({ state: 'Running' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
  });

  it('ImagePullPolicy Never with an image the instance does not have: ErrImageNeverPull at every sync, no pull', async () => {
    const g = await create('pull-never', 'nginx:1.27', {}, 'Never');
    const t0 = g.at + TO_SCHEDULING;
    await ws.advance('25s');
    expect(await agentEvents(g.id)).toEqual(ordered([scheduled('pull-never', t0), ev('Failed', 'Warning', 'Error: ErrImageNeverPull', t0, 3, t0 + 20 * S)]));
    expect(await waiting(g.id)).toMatchObject({
      state: 'Waiting',
      reason: 'ErrImageNeverPull',
      message: 'Container image "nginx:1.27" is not present with pull policy of Never',
    });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Pending');
  });

  it('the back-off doubles to 5 min: exact counts over ten minutes of a missing image', async () => {
    const missing = `${ACR}/team/api:0.1`;
    const g = await create('pull-backoff', missing, { imageRegistryCredential: [new $Eci.CreateContainerGroupRequestImageRegistryCredential(CRED)] });
    const t0 = g.at + TO_SCHEDULING;
    await ws.advance('600s');
    // Each pull fails 16 ms after it starts (a lookup, three round trips of 5 ms). Failures at
    // t0 + 0.016, 10.032, 30.048, 70.064, 150.080 and 310.096 s; each sets the back-off to 10, 20,
    // 40, 80, 160, then 300 s (the cap); the syncs every 10 s within it record BackOff: 1, 3, 7, 15,
    // then 28 up to t0 + 590.096 (the window ends at t0 + 599.4 s). Six pulls, 54 back-offs.
    const at = (ms: number) => t0 + ms * MS;
    expect(await agentEvents(g.id)).toEqual(
      ordered([
        scheduled('pull-backoff', t0),
        ev('Pulling', 'Normal', `Pulling image "${missing}"`, t0, 6, at(310_080)),
        ev(
          'Failed',
          'Warning',
          `Failed to pull image "${missing}": rpc error: code = NotFound desc = failed to pull and unpack image "${missing}": failed to resolve reference "${missing}": ${missing}: not found`,
          at(16),
          6,
          at(310_096),
        ),
        ev('Failed', 'Warning', 'Error: ErrImagePull', at(16), 6, at(310_096)),
        ev('BackOff', 'Normal', `Back-off pulling image "${missing}"`, at(20_032), 54, at(590_096)),
        ev('Failed', 'Warning', 'Error: ImagePullBackOff', at(20_032), 54, at(590_096)),
      ]),
    );
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Pending');
  });

  it('a private registry with the right ImageRegistryCredential: pulled in the modelled 400 ms (3 + 5 requests of 5 ms, 36 MB at 100 MB/s), Running', async () => {
    const image = `${ACR}/team/api:1.4`;
    const g = await create('pull-private', image, { imageRegistryCredential: [new $Eci.CreateContainerGroupRequestImageRegistryCredential(CRED)] });
    const t0 = g.at + TO_SCHEDULING;
    await ws.advance('2s');
    expect(await agentEvents(g.id)).toEqual(
      ordered([
        scheduled('pull-private', t0),
        ev('Pulling', 'Normal', `Pulling image "${image}"`, t0),
        ev('Pulled', 'Normal', `Successfully pulled image "${image}" in 400ms`, t0 + 400 * MS),
        ev('Created', 'Normal', 'Created container app', t0 + 400 * MS),
        ev('Started', 'Normal', 'Started container app', t0 + 400 * MS + DEFAULT_TIMINGS.start),
      ]),
    );
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
  });

  it('pull time follows size and speed: a 2 GB image from a 5 MB/s registry takes 6m40.65s on the virtual clock, 40.65s once the world makes it 50 MB/s; nginx from Docker Hub 800ms, and 2.96s under registry-slow ×4', async () => {
    const big = 'models.example.com/big/model:v1';
    const g = await create('pull-big', big);
    const t0 = g.at + TO_SCHEDULING;
    // 3 + 10 requests of 50 ms, 2,000 MB at 5 MB/s.
    const took = 13 * 50 * MS + 400 * S;
    await ws.advance('300s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Pending');
    expect(await waiting(g.id)).toMatchObject({ state: 'Waiting', reason: 'ContainerCreating' });
    await ws.advance('102s');
    expect((await agentEvents(g.id)).find((e) => e.reason === 'Pulled')).toEqual(
      ev('Pulled', 'Normal', `Successfully pulled image "${big}" in 6m40.65s`, t0 + took),
    );
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');

    const quick = await create('pull-nginx', 'nginx');
    await ws.advance('2s');
    expect((await agentEvents(quick.id)).find((e) => e.reason === 'Pulled')?.message).toBe('Successfully pulled image "nginx" in 800ms');

    const fault = await injectFault(ws, { kind: 'registry-slow', target: 'docker.io', factor: 4 } as never);
    const slow = await create('pull-slow', 'nginx');
    await ws.advance('5s');
    expect((await agentEvents(slow.id)).find((e) => e.reason === 'Pulled')).toEqual(
      ev('Pulled', 'Normal', 'Successfully pulled image "nginx" in 2.96s', slow.at + TO_SCHEDULING + 80 * MS + 2880 * MS),
    );
    await clearFault(ws, fault);

    // The world's speed changed at run time (POST /v1/world, as `world apply`): ten times faster.
    await changeWorld(ws, { registries: [{ host: 'models.example.com', speedMBps: 50 }] });
    const again = await create('pull-big-fast', big);
    await ws.advance('45s');
    expect((await agentEvents(again.id)).find((e) => e.reason === 'Pulled')).toEqual(
      ev('Pulled', 'Normal', `Successfully pulled image "${big}" in 40.65s`, again.at + TO_SCHEDULING + 13 * 50 * MS + 40 * S),
    );
  });

  it('UpdateContainerGroup mends a failing pull: a new ImageRegistryCredential is used by the next pull; a new image starts at once', async () => {
    const image = `${ACR}/team/api:1.4`;
    const { g, f2 } = await expectFailedPull(
      'pull-mend',
      image,
      `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
      DNS_LOOKUP + 2 * 5 * MS,
    );
    const updated = await ws.client(DEFAULT).updateContainerGroup(
      new $Eci.UpdateContainerGroupRequest({
        regionId: HZ,
        containerGroupId: g.id,
        imageRegistryCredential: [new $Eci.UpdateContainerGroupRequestImageRegistryCredential(CRED)],
      }),
    );
    expect(updated.statusCode).toBe(200);
    // No restart: the sync after the 20 s back-off pulls again, now logged in (400 ms).
    const p3 = f2 + 20 * S;
    await ws.advance(`${Math.ceil((p3 + 400 * MS + DEFAULT_TIMINGS.start - ws.now()) / MS) + 1}ms`);
    expect((await agentEvents(g.id)).filter((e) => e.reason === 'Pulled')).toEqual([
      ev('Pulled', 'Normal', `Successfully pulled image "${image}" in 400ms`, p3 + 400 * MS),
    ]);
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');

    const bad = 'registry.example.invalid/app:1';
    const h = await create('pull-mend-image', bad);
    await ws.advance('15s');
    await expectStatus(ws, DEFAULT, HZ, h.id, 'Pending');
    const fixed = await ws.client(DEFAULT).updateContainerGroup(
      new $Eci.UpdateContainerGroupRequest({
        regionId: HZ,
        containerGroupId: h.id,
        container: [new $Eci.UpdateContainerGroupRequestContainer({ name: 'app', image: 'nginx' })],
      }),
    );
    expect(fixed.statusCode).toBe(200);
    const at = ws.now();
    await ws.advance('2s');
    expect((await agentEvents(h.id)).filter((e) => e.reason === 'Pulled')).toEqual([
      ev('Pulled', 'Normal', 'Successfully pulled image "nginx" in 800ms', at + DEFAULT_PULL),
    ]);
    await expectStatus(ws, DEFAULT, HZ, h.id, 'Running');
  });

  it('ImageRegistryCredential is checked as sent: every item needs Server, UserName and Password, at most 12; refused calls create nothing', async () => {
    const cred = (c: Partial<typeof CRED>) => new $Eci.CreateContainerGroupRequestImageRegistryCredential(c);
    const refusedWith = async (name: string, creds: ReturnType<typeof cred>[]) => {
      const container = [new $Eci.CreateContainerGroupRequestContainer({ name: 'app', image: `${ACR}/team/api:1.4` })];
      const f = await sdkError(
        ws
          .client(DEFAULT)
          .createContainerGroup(new $Eci.CreateContainerGroupRequest({ regionId: HZ, containerGroupName: name, container, imageRegistryCredential: creds })),
      );
      const listed = await ws.client(DEFAULT).describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: HZ, containerGroupName: name }));
      expect(listed.body!.containerGroups ?? []).toEqual([]);
      return { statusCode: f.statusCode, code: f.data.Code, message: f.data.Message };
    };
    expect(await refusedWith('cred-nopass', [cred(CRED), cred({ server: ACR, userName: 'deployer' })])).toEqual({
      statusCode: 400,
      code: 'MissingParameter',
      message: 'The input parameter "ImageRegistryCredential.2.Password" that is mandatory for processing this request is not supplied.',
    });
    expect(await refusedWith('cred-noserver', [cred({ userName: 'deployer', password: 'x' })])).toMatchObject({
      statusCode: 400,
      code: 'MissingParameter',
      message: expect.stringContaining('"ImageRegistryCredential.1.Server"'),
    });
    expect(
      await refusedWith(
        'cred-many',
        Array.from({ length: 13 }, () => cred(CRED)),
      ),
    ).toEqual({
      statusCode: 400,
      code: 'InvalidParameter',
      message: 'The specified parameter "ImageRegistryCredential" is not valid: 13 items given; at most 12 are allowed.',
    });
  });

  it('GET /v1/world shows the registries as normalised; a bad registry in POST /v1/world is refused by path and changes nothing', async () => {
    const { world } = await worldState(ws);
    expect(world.registries?.find((g) => g.host === 'docker.io')).toEqual({
      host: 'docker.io',
      private: false,
      credentials: [],
      reachable: true,
      speedMBps: 50,
      latencyMs: 10,
      closed: false,
      defaultImageSizeMB: 36,
      defaultLayers: 5,
      images: [],
    });
    expect(world.unresolvable).toEqual(['corp.internal']);
    const bad: Array<[unknown, RegExp]> = [
      [{ registries: [{ host: 'https://acr.example.com' }] }, /^registries\[4\]\.host: /],
      [
        { registries: [{ host: 'priv.example.com', private: true }] },
        /^registries\[4\]\.credentials: a private registry needs at least one username and password/,
      ],
      [{ registries: [{ host: 'x.example.com', images: [{ repository: 'Team/App' }] }] }, /^registries\[4\]\.images\[0\]\.repository: /],
      [{ registries: [{ host: 'x.example.com', images: [{ repository: 'a', arches: ['s390x'] }] }] }, /^registries\[4\]\.images\[0\]\.arches\[0\]: /],
      [
        { registries: [{ host: 'x.example.com', images: [{ repository: 'a' }, { repository: 'a', tags: ['2'] }] }] },
        /^registries\[4\]\.images\[1\]: repository "a" is already listed at registries\[4\]\.images\[0\]/,
      ],
      [{ registries: [{ host: 'x.example.com', speedMBps: 0 }] }, /^registries\[4\]\.speedMBps: /],
      [
        { registries: [{ host: 'x.example.com', images: [{ repository: 'a', sizeMB: 2_000_000 }] }] },
        /^registries\[4\]\.images\[0\]\.sizeMB: more than 1000000, the bound of this field/,
      ],
      [
        { registries: [{ host: 'x.example.com', images: [{ repository: 'a', layers: 129 }] }] },
        /^registries\[4\]\.images\[0\]\.layers: more than 128, the bound of this field/,
      ],
      [{ unresolvable: ['not a host'] }, /^unresolvable\[0\]: /],
    ];
    for (const [patch, problem] of bad) {
      const r = await ws.control('POST', '/v1/world', patch);
      expect(r.status, JSON.stringify(patch)).toBe(400);
      const error = r.body.error as { code: string; problems: string[] };
      expect(error.code).toBe('InvalidWorld');
      expect(
        error.problems.some((p) => problem.test(p)),
        JSON.stringify(error.problems),
      ).toBe(true);
    }
    expect((await worldState(ws)).world).toEqual(world);
  });

  it('registry faults name a registry host: anything else, or a factor on an outage, is 400 and injects nothing', async () => {
    const before = (await ws.control('GET', '/v1/faults')).body.faults;
    const unknown = await ws.control('POST', '/v1/faults', { kind: 'registry-outage', target: 'quay.io/library' });
    expect(unknown).toEqual({
      status: 400,
      body: {
        error: {
          code: 'InvalidParameter',
          message:
            'target: The fault registry-outage needs a registry host (docker.io, registry.cn-hangzhou.aliyuncs.com, localhost:5000); "quay.io/library" is not one.',
        },
      },
    });
    const factor = await ws.control('POST', '/v1/faults', { kind: 'registry-outage', target: 'docker.io', factor: 3 });
    expect(factor).toEqual({
      status: 400,
      body: { error: { code: 'InvalidParameter', message: 'factor: Only registry-slow has a factor, not registry-outage.' } },
    });
    const tooSlow = await ws.control('POST', '/v1/faults', { kind: 'registry-slow', target: 'docker.io', factor: 5000 });
    expect(tooSlow.status).toBe(400);
    expect((await ws.control('GET', '/v1/faults')).body.faults).toEqual(before);
  });
});
