// The container-group side of image caches, one named scenario per ImageCache row an instance
// records, through the official SDK against `eci-events serve --world FILE --clock virtual`:
// CreateContainerGroup's ImageSnapshotId, AutoMatchImageCache and ImageAccelerateMode. Each checks
// the group's platform events exactly (reason, type, rendered message, count, times), that they
// are the group's (involved object the Pod, shown by DescribeContainerGroupEvents) and not the
// cache's (DescribeImageCaches' Events), what the instance does next (kubelet's Pulled: "already
// present on machine" on a hit, a modelled pull otherwise) and the statuses both APIs show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplate, seedRows } from '../src/catalog/index.js';
import { DEFAULT_TIMINGS } from '../src/emulator/timings.js';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { fromRfc3339 } from '../src/model/time.js';
import { $Eci, sdkError, v1Params, v1Request } from './support/eci-sdk.js';
import { REQUEST_ID } from './support/eci-views.js';
import { runCli } from './support/cli.js';
import { TEST_KEY } from './support/signed-fetch.js';
import {
  DEFAULT,
  DEFAULT_PULL,
  S,
  TO_SCHEDULING,
  createGroup,
  defaultType,
  describeGroup,
  expectStatus,
  injectFault,
  platformEvents,
  sec,
  startWorld,
  userType,
  type CreateOptions,
  type EventLine,
  type WorldServer,
} from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';
const BJ = 'cn-beijing';
const MS = 1000;
const EVICT = 'acct-imc-evict';
const FULL = 'acct-imc-full';
const BIG = 'models.example.com/big/model:v1';

const WORLD: WorldSpec = {
  registries: [
    { host: 'docker.io' },
    // Far and slow: a 2 GB image in 10 layers at 5 MB/s and 50 ms (6m40.65s to pull).
    { host: 'models.example.com', speedMBps: 5, latencyMs: 50, images: [{ repository: 'big/model', tags: ['v1'], sizeMB: 2000, layers: 10 }] },
    // A tool built for amd64 only: a cache holding it serves AMD64 instances only.
    { host: 'registry.example.com', images: [{ repository: 'x86/tool', tags: ['1'], arches: ['amd64'] }] },
  ],
  accounts: [{ id: DEFAULT }, { id: EVICT, quotas: { imageCaches: 1 } }, { id: FULL, quotas: { imageCaches: 1 } }],
};

/** A group-side ImageCache row as DescribeContainerGroupEvents shows it (source EciService). */
function row(reason: string, args: readonly string[], at: number): EventLine {
  const r = seedRows.find((x) => x.group === 'ImageCache' && x.reason === reason);
  if (!r) throw new Error(`no ImageCache row ${reason}`);
  return { reason, type: r.type, message: renderTemplate(r.message, args), count: 1, source: 'EciService', first: sec(at), last: sec(at) };
}

function rowText(reason: string, args: readonly string[]): string {
  return renderTemplate(seedRows.find((x) => x.reason === reason)!.message, args);
}

/** One scenario per group-side row: named after the row and its cause (world-scenarios-coverage.test.ts counts them). */
function cacheScenario(reason: string, cause: string, fn: () => Promise<void>): void {
  const r = seedRows.find((x) => x.group === 'ImageCache' && x.reason === reason)!;
  it(`${reason} (${r.type}: "${r.message}") ← ${cause}`, fn, 60_000);
}

describe('world scenarios: image caches on the container-group side', () => {
  let ws: WorldServer;
  beforeAll(async () => {
    ws = await startWorld('imhit', WORLD, [EVICT, FULL]);
  });
  afterAll(async () => ws?.stop());

  const group = (name: string, images: string[], opts: CreateOptions = {}, account = DEFAULT) =>
    createGroup(ws, account, name, { containers: images.map((image, i) => ({ name: `c${i}`, image })), ...opts });

  async function makeCache(account: string, name: string, images: string[], extra: Record<string, unknown> = {}, regionId = HZ): Promise<string> {
    const r = await ws.client(account).createImageCache(new $Eci.CreateImageCacheRequest({ regionId, imageCacheName: name, image: images, ...extra }));
    expect(r.statusCode).toBe(200);
    return r.body!.imageCacheId!;
  }

  async function caches(account: string, regionId = HZ) {
    const r = await ws.client(account).describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId, limit: 100 }));
    expect(r.statusCode).toBe(200);
    return r.body!.imageCaches ?? [];
  }

  async function cacheOf(account: string, id: string, regionId = HZ) {
    const c = (await caches(account, regionId)).find((x) => x.imageCacheId === id);
    expect(c, `cache ${id}`).toBeDefined();
    return c!;
  }

  /** The group's events are the Pod's; none of them shows among any cache's Events. */
  async function expectOnGroupOnly(account: string, regionId: string, id: string, reasons: string[]): Promise<void> {
    const r = await ws
      .client(account)
      .describeContainerGroupEvents(
        new $Eci.DescribeContainerGroupEventsRequest({ regionId, containerGroupIds: JSON.stringify([id]), eventSource: 'EciService' }),
      );
    const events = r.body!.data?.find((d) => d.containerGroupId === id)?.events ?? [];
    for (const reason of reasons) {
      const e = events.find((x) => x.reason === reason);
      expect(e, reason).toBeDefined();
      expect(e!.involvedObject).toMatchObject({ kind: 'Pod', name: expect.any(String), uid: id, namespace: 'default' });
    }
    for (const c of await caches(account, regionId)) for (const e of c.events ?? []) expect(reasons).not.toContain(e.reason);
  }

  /** kubelet's Pulled events of the group, as messages. */
  async function pulled(account: string, regionId: string, id: string): Promise<string[]> {
    const r = await ws
      .client(account)
      .describeContainerGroupEvents(
        new $Eci.DescribeContainerGroupEventsRequest({ regionId, containerGroupIds: JSON.stringify([id]), eventSource: 'K8sAgent' }),
      );
    const events = [...(r.body!.data?.find((d) => d.containerGroupId === id)?.events ?? [])].reverse();
    return events.filter((e) => e.reason === 'Pulled').map((e) => `${e.message} @${e.firstTimestamp}`);
  }

  /** When the first container started (DescribeContainerGroups), in micros. */
  async function startedAt(account: string, regionId: string, id: string): Promise<number> {
    const g = await describeGroup(ws, account, regionId, id);
    const t = g?.containers?.[0]?.currentState?.startTime;
    expect(t, 'a start time').toBeDefined();
    return fromRfc3339(t!);
  }

  const present = (image: string, at: number) => `Container image "${image}" already present on machine @${sec(at)}`;
  const pulledIn = (image: string, took: string, at: number) => `Successfully pulled image "${image}" in ${took} @${sec(at)}`;

  // A cache of nginx:1.25 built to Ready, used by several scenarios.
  let ready = '';
  it('a cache of nginx:1.25 is built to Ready (the other engineer’s build on the clock)', async () => {
    ready = await makeCache(DEFAULT, 'web', ['nginx:1.25']);
    await ws.advance('3m');
    expect((await cacheOf(DEFAULT, ready)).status).toBe('Ready');
  });

  cacheScenario('SuccessfulHitImageCache', 'ImageSnapshotId of a Ready cache holding every image', async () => {
    const g = await group('hit', ['nginx:1.25'], { imageSnapshotId: ready });
    expect(await platformEvents(ws, DEFAULT, HZ, g.id)).toEqual([defaultType(g.at), row('SuccessfulHitImageCache', [ready], g.at)]);
    await ws.advance('10s');
    const t0 = g.at + TO_SCHEDULING;
    // No pull: the image is on the disk made from the cache's snapshot.
    expect(await pulled(DEFAULT, HZ, g.id)).toEqual([present('nginx:1.25', t0)]);
    expect(await startedAt(DEFAULT, HZ, g.id)).toBe(Math.floor((t0 + DEFAULT_TIMINGS.start) / S) * S);
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectOnGroupOnly(DEFAULT, HZ, g.id, ['SuccessfulHitImageCache']);
    // The cache was used now: LRU elimination reads it.
    expect((await cacheOf(DEFAULT, ready)).lastMatchedTime).toBe(sec(g.at));
  });

  cacheScenario('ImageCacheNotFound', 'ImageSnapshotId of a cache that does not exist', async () => {
    const g = await group('not-found', ['nginx:1.25'], { imageSnapshotId: 'imc-bp1nosuchcache000' });
    expect(await platformEvents(ws, DEFAULT, HZ, g.id)).toEqual([defaultType(g.at), row('ImageCacheNotFound', ['imc-bp1nosuchcache000'], g.at)]);
    await ws.advance('10s');
    // The instance pulls its image as it would without a cache.
    expect(await pulled(DEFAULT, HZ, g.id)).toEqual([pulledIn('nginx:1.25', '800ms', g.at + TO_SCHEDULING + DEFAULT_PULL)]);
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectOnGroupOnly(DEFAULT, HZ, g.id, ['ImageCacheNotFound']);
  });

  cacheScenario('ImageCacheNotComplete', 'ImageSnapshotId of a cache still Preparing', async () => {
    const building = await makeCache(DEFAULT, 'building', ['redis:7']);
    const g = await group('not-complete', ['redis:7'], { imageSnapshotId: building });
    expect(await platformEvents(ws, DEFAULT, HZ, g.id)).toEqual([defaultType(g.at), row('ImageCacheNotComplete', [building], g.at)]);
    expect((await cacheOf(DEFAULT, building)).status).toBe('Preparing');
    await ws.advance('10s');
    expect(await pulled(DEFAULT, HZ, g.id)).toEqual([pulledIn('redis:7', '800ms', g.at + TO_SCHEDULING + DEFAULT_PULL)]);
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectOnGroupOnly(DEFAULT, HZ, g.id, ['ImageCacheNotComplete']);
    await ws.advance('3m');
  });

  cacheScenario('ImageCacheArchNotMatch', 'ImageSnapshotId of a cache whose images run on AMD64 only, for an ARM64 instance type', async () => {
    const x86 = await makeCache(DEFAULT, 'x86', ['nginx:1.25', 'registry.example.com/x86/tool:1']);
    await ws.advance('3m');
    expect((await cacheOf(DEFAULT, x86)).status).toBe('Ready');
    const g = await group('arch', ['nginx:1.25'], { imageSnapshotId: x86, instanceType: 'ecs.g6r.large' });
    expect(await platformEvents(ws, DEFAULT, HZ, g.id)).toEqual([userType(g.at, 'ecs.g6r.large'), row('ImageCacheArchNotMatch', [x86, 'ecs.g6r.large'], g.at)]);
    await ws.advance('10s');
    // nginx has an arm64 manifest: pulled for the instance's architecture.
    expect(await pulled(DEFAULT, HZ, g.id)).toEqual([pulledIn('nginx:1.25', '800ms', g.at + TO_SCHEDULING + DEFAULT_PULL)]);
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectOnGroupOnly(DEFAULT, HZ, g.id, ['ImageCacheArchNotMatch']);
  });

  cacheScenario('ImageCacheEliminated', 'DeleteImageCache of the cache an instance starts from, before the instance is placed', async () => {
    const doomed = await makeCache(DEFAULT, 'doomed', ['busybox:1.36']);
    await ws.advance('3m');
    const g = await group('eliminated', ['busybox:1.36'], { imageSnapshotId: doomed });
    const del = await ws.client(DEFAULT).deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: HZ, imageCacheId: doomed }));
    expect(del.statusCode).toBe(200);
    expect(await platformEvents(ws, DEFAULT, HZ, g.id)).toEqual([
      defaultType(g.at),
      row('SuccessfulHitImageCache', [doomed], g.at),
      row('ImageCacheEliminated', [], g.at),
    ]);
    await ws.advance('10s');
    // The images went with the cache: the instance pulls.
    expect(await pulled(DEFAULT, HZ, g.id)).toEqual([pulledIn('busybox:1.36', '800ms', g.at + TO_SCHEDULING + DEFAULT_PULL)]);
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    expect((await caches(DEFAULT)).map((c) => c.imageCacheId)).not.toContain(doomed);
    // Deleted once the group is placed, the cache takes nothing from it (its disk is made).
    const kept = await makeCache(DEFAULT, 'kept', ['busybox:1.35']);
    await ws.advance('3m');
    const h = await group('placed', ['busybox:1.35'], { imageSnapshotId: kept });
    await ws.advance('10s');
    await ws.client(DEFAULT).deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: HZ, imageCacheId: kept }));
    expect((await platformEvents(ws, DEFAULT, HZ, h.id)).map((e) => e.reason)).toEqual(['DefaultInstanceTypeMatch', 'SuccessfulHitImageCache']);
  });

  cacheScenario('ImageCacheMissed', 'AutoMatchImageCache and no cache holds the image', async () => {
    const g = await group('missed', ['alpine:3.19'], { autoMatchImageCache: true });
    const auto = (await caches(DEFAULT)).find((c) => c.imageCacheName === `auto-${g.id}`);
    expect(auto).toBeDefined();
    expect(await platformEvents(ws, DEFAULT, HZ, g.id)).toEqual([
      defaultType(g.at),
      row('ImageCacheMissed', [], g.at),
      row('ImageCacheAutoCreated', [auto!.imageCacheId!], g.at),
    ]);
    await ws.advance('10s');
    expect(await pulled(DEFAULT, HZ, g.id)).toEqual([pulledIn('alpine:3.19', '800ms', g.at + TO_SCHEDULING + DEFAULT_PULL)]);
    await expectOnGroupOnly(DEFAULT, HZ, g.id, ['ImageCacheMissed', 'ImageCacheAutoCreated']);
    await ws.advance('3m');
  });

  cacheScenario(
    'ImageCacheAutoCreated',
    'AutoMatchImageCache with no match: a cache of the images, LRU, built on the clock; the next instance hits it',
    async () => {
      const g = await group('auto-first', ['httpd:2.4'], { autoMatchImageCache: true });
      const auto = (await caches(DEFAULT)).find((c) => c.imageCacheName === `auto-${g.id}`)!;
      expect(auto).toMatchObject({ status: 'Preparing', images: ['httpd:2.4'], eliminationStrategy: 'LRU' });
      expect((await platformEvents(ws, DEFAULT, HZ, g.id)).at(-1)).toEqual(row('ImageCacheAutoCreated', [auto.imageCacheId!], g.at));
      await ws.advance('3m');
      expect((await cacheOf(DEFAULT, auto.imageCacheId!)).status).toBe('Ready');
      const next = await group('auto-next', ['httpd:2.4'], { autoMatchImageCache: true });
      expect(await platformEvents(ws, DEFAULT, HZ, next.id)).toEqual([defaultType(next.at), row('SuccessfulHitImageCache', [auto.imageCacheId!], next.at)]);
      await ws.advance('10s');
      expect(await pulled(DEFAULT, HZ, next.id)).toEqual([present('httpd:2.4', next.at + TO_SCHEDULING)]);
    },
  );

  cacheScenario('ImageCacheNotFullMatch', 'AutoMatchImageCache and the best cache holds only some images', async () => {
    const half = await makeCache(DEFAULT, 'half', ['nginx:1.27']);
    await ws.advance('3m');
    const g = await group('partial', ['nginx:1.27', 'memcached:1.6'], { autoMatchImageCache: true });
    const auto = (await caches(DEFAULT)).find((c) => c.imageCacheName === `auto-${g.id}`)!;
    expect(auto.images).toEqual(['nginx:1.27', 'memcached:1.6']);
    expect(await platformEvents(ws, DEFAULT, HZ, g.id)).toEqual([
      defaultType(g.at),
      row('SuccessfulHitImageCache', [half], g.at),
      row('ImageCacheNotFullMatch', [half], g.at),
      row('ImageCacheAutoCreated', [auto.imageCacheId!], g.at),
    ]);
    await ws.advance('10s');
    const t0 = g.at + TO_SCHEDULING;
    // The image the cache holds is present; the other is pulled once the first container has started (kubelet starts them in order).
    expect((await pulled(DEFAULT, HZ, g.id)).sort()).toEqual(
      [present('nginx:1.27', t0), pulledIn('memcached:1.6', '800ms', t0 + DEFAULT_TIMINGS.start + DEFAULT_PULL)].sort(),
    );
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await ws.advance('3m');
  });

  cacheScenario(
    'ImageCacheNotSuited',
    'ImageSnapshotId of a cache served by its flash snapshot alone, for an instance in another zone, with ImageAccelerateMode',
    async () => {
      // In Beijing so that the snapshot fault touches no other build.
      const flash = await makeCache(DEFAULT, 'flash-only', ['nginx:1.26'], { flash: true, zoneId: 'cn-beijing-i' }, BJ);
      await ws.advance('41s'); // prepare 30 s, pull 800 ms, the flash snapshot 10 s
      await injectFault(ws, { kind: 'snapshot-service-error', target: BJ, count: 1 });
      await ws.advance('3m');
      const c = await cacheOf(DEFAULT, flash, BJ);
      expect(c.status).toBe('Ready');
      expect((c.events ?? []).map((e) => e.reason)).toContain('ImageCacheFlashReplacedFailed');
      const g = await group('not-suited', ['nginx:1.26'], { regionId: BJ, zoneId: 'cn-beijing-f', imageSnapshotId: flash, imageAccelerateMode: 'nydus' });
      expect(await platformEvents(ws, DEFAULT, BJ, g.id)).toEqual([defaultType(g.at), row('ImageCacheNotSuited', ['nydus'], g.at)]);
      await ws.advance('10s');
      expect(await pulled(DEFAULT, BJ, g.id)).toEqual([pulledIn('nginx:1.26', '800ms', g.at + TO_SCHEDULING + DEFAULT_PULL)]);
      await expectOnGroupOnly(DEFAULT, BJ, g.id, ['ImageCacheNotSuited']);
      // In the flash snapshot's own ESSD zone the same cache serves.
      const h = await group('suited', ['nginx:1.26'], { regionId: BJ, zoneId: 'cn-beijing-i', imageSnapshotId: flash, imageAccelerateMode: 'nydus' });
      expect((await platformEvents(ws, DEFAULT, BJ, h.id)).at(-1)).toEqual(row('SuccessfulHitImageCache', [flash], h.at));
    },
  );

  cacheScenario('ImageCacheAutoEliminated', 'auto-creation at the account quota (1) evicts its least recently used LRU cache', async () => {
    const first = await group('evict-a', ['nginx:1.25'], { autoMatchImageCache: true }, EVICT);
    const old = (await caches(EVICT))[0]!.imageCacheId!;
    await ws.advance('3m');
    expect((await cacheOf(EVICT, old)).status).toBe('Ready');
    const g = await group('evict-b', ['redis:7.2'], { autoMatchImageCache: true }, EVICT);
    const now = await caches(EVICT);
    expect(now).toHaveLength(1);
    const fresh = now[0]!.imageCacheId!;
    expect(fresh).not.toBe(old);
    expect(await platformEvents(ws, EVICT, HZ, g.id)).toEqual([
      defaultType(g.at),
      row('ImageCacheMissed', [], g.at),
      row('ImageCacheAutoEliminated', [old], g.at),
      row('ImageCacheAutoCreated', [fresh], g.at),
    ]);
    expect(first.id).not.toBe(g.id);
    await ws.advance('10s');
    await expectStatus(ws, EVICT, HZ, g.id, 'Running');
    await ws.advance('3m');
  });

  cacheScenario('ImageCacheQuotaFull', 'auto-creation at the account quota (1) with no LRU cache to evict', async () => {
    const kept = await makeCache(FULL, 'kept-forever', ['nginx:1.25']);
    await ws.advance('3m');
    const g = await group('quota-full', ['redis:7.2'], { autoMatchImageCache: true }, FULL);
    const quota = `The image caches of the account in ${HZ} have reached the quota of 1; delete one or set EliminationStrategy LRU on some.`;
    expect(await platformEvents(ws, FULL, HZ, g.id)).toEqual([
      defaultType(g.at),
      row('ImageCacheMissed', [], g.at),
      row('ImageCacheQuotaFull', [quota], g.at),
      row('ImageCacheAutoCreateFailed', [g.id], g.at),
    ]);
    expect((await caches(FULL)).map((c) => c.imageCacheId)).toEqual([kept]);
    await ws.advance('10s');
    await expectStatus(ws, FULL, HZ, g.id, 'Running');
    await expectOnGroupOnly(FULL, HZ, g.id, ['ImageCacheQuotaFull', 'ImageCacheAutoCreateFailed']);
  });

  cacheScenario('ImageCacheAutoCreateFailed', 'auto-creation refused (the quota): the instance still starts, pulling', async () => {
    const g = await group('quota-full-2', ['memcached:1.6'], { autoMatchImageCache: true }, FULL);
    expect((await platformEvents(ws, FULL, HZ, g.id)).at(-1)).toEqual(row('ImageCacheAutoCreateFailed', [g.id], g.at));
    await ws.advance('10s');
    expect(await pulled(FULL, HZ, g.id)).toEqual([pulledIn('memcached:1.6', '800ms', g.at + TO_SCHEDULING + DEFAULT_PULL)]);
  });

  it('the same 2 GB workload from a 5 MB/s registry starts 6m40.65s sooner with an image cache', async () => {
    const cold = await group('big-cold', [BIG]);
    await ws.advance('7m');
    await expectStatus(ws, DEFAULT, HZ, cold.id, 'Running');
    const coldStart = (await startedAt(DEFAULT, HZ, cold.id)) - cold.at;

    const big = await makeCache(DEFAULT, 'big', [BIG]);
    await ws.advance('10m');
    expect((await cacheOf(DEFAULT, big)).status).toBe('Ready');
    const warm = await group('big-warm', [BIG], { imageSnapshotId: big });
    await ws.advance('10s');
    await expectStatus(ws, DEFAULT, HZ, warm.id, 'Running');
    const warmStart = (await startedAt(DEFAULT, HZ, warm.id)) - warm.at;
    // Whole seconds (DescribeContainerGroups' precision): the pull is 6m40.65s.
    expect(coldStart - warmStart).toBeGreaterThanOrEqual(400 * S);
    expect(coldStart - warmStart).toBeLessThanOrEqual(402 * S);
    expect(await pulled(DEFAULT, HZ, warm.id)).toEqual([present(BIG, warm.at + TO_SCHEDULING)]);
    expect(await pulled(DEFAULT, HZ, cold.id)).toEqual([pulledIn(BIG, '6m40.65s', cold.at + TO_SCHEDULING + 13 * 50 * MS + 400 * S)]);
  }, 60_000);

  it('the CLI: groups create --image-snapshot-id, --auto-match-image-cache and --instance-type send them', async () => {
    const endpoint = ['--endpoint', ws.server.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret];
    const hit = runCli(['groups', 'create', 'cli-hit', '--image', 'nginx:1.25', '--image-snapshot-id', ready, ...endpoint]);
    expect(hit.stderr).toBe('');
    const id = hit.stdout.trim();
    expect((await platformEvents(ws, DEFAULT, HZ, id)).map((e) => `${e.reason} ${e.message}`)).toEqual([
      `DefaultInstanceTypeMatch ${rowText('DefaultInstanceTypeMatch', ['ecs.c6.large'])}`,
      `SuccessfulHitImageCache Successfully hit image cache ${ready}`,
    ]);
    const auto = runCli(['groups', 'create', 'cli-auto', '--image', 'nginx:1.25', '--auto-match-image-cache', '--instance-type', 'ecs.g6r.large', ...endpoint]);
    expect(auto.stderr).toBe('');
    // The nginx:1.25 caches hold arm64 too, and the newest full match serves.
    expect((await platformEvents(ws, DEFAULT, HZ, auto.stdout.trim())).map((e) => e.reason)).toEqual(['UserInstanceTypeSpec', 'SuccessfulHitImageCache']);
    const bad = runCli(['groups', 'create', 'cli-bad', '--image', 'nginx', '--image-snapshot-id', 'nope', ...endpoint]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('InvalidParameter');
  }, 60_000);

  it('refuses an ImageSnapshotId that is not an image cache id, naming it, and creates nothing', async () => {
    const before = (await caches(DEFAULT)).length;
    const f = await sdkError(
      ws.client(DEFAULT).createContainerGroup(
        new $Eci.CreateContainerGroupRequest({
          regionId: HZ,
          containerGroupName: 'bad-snap',
          imageSnapshotId: 's-bp1snapshot',
          autoMatchImageCache: true,
          container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'c0', image: 'nginx' })],
        }),
      ),
    );
    expect({ statusCode: f.statusCode, code: f.data.Code }).toEqual({ statusCode: 400, code: 'InvalidParameter' });
    expect(f.data.Message).toContain('"ImageSnapshotId"');
    expect(f.data.RequestId).toMatch(REQUEST_ID);
    const listed = await ws.client(DEFAULT).describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: HZ, containerGroupName: 'bad-snap' }));
    expect(listed.body!.containerGroups ?? []).toEqual([]);
    expect((await caches(DEFAULT)).length).toBe(before);
    // Raw HTTP: AutoMatchImageCache must be true or false.
    const raw = await v1Request(
      ws.server,
      v1Params('CreateContainerGroup', {
        RegionId: HZ,
        ContainerGroupName: 'bad-auto',
        AutoMatchImageCache: 'yes',
        'Container.1.Name': 'c0',
        'Container.1.Image': 'nginx',
      }),
    );
    expect(raw.status).toBe(400);
    expect(raw.body.Code).toBe('InvalidParameter');
    expect(String(raw.body.Message)).toContain('"AutoMatchImageCache"');
    const none = await ws.client(DEFAULT).describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: HZ, containerGroupName: 'bad-auto' }));
    expect(none.body!.containerGroups ?? []).toEqual([]);
    expect((await caches(DEFAULT)).length).toBe(before);
  });
});
