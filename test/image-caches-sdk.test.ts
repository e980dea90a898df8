// Image caches through the official SDK against `eci-events serve --world FILE --clock virtual`:
// CreateImageCache, DescribeImageCaches (statuses over time, filters, paging, Events), Update and
// DeleteImageCache, the real refusals with nothing changed, the quota, flash by zone, the cache
// service fault, a duplicate build, and the cache's events on /v1/events with kind ImageCache.
// Builds pull through the world's image model (registries), so a cache fails as a pull does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { $Eci, sdkError } from './support/eci-sdk.js';
import { TEST_KEY } from './support/signed-fetch.js';
import { expectError, REQUEST_ID, RFC3339_SECONDS } from './support/eci-views.js';
import { DEFAULT, injectFault, sec, startWorld, type WorldServer } from './support/world-scenarios.js';

const OTHER = 'acct-imc-other';

let ws: WorldServer;
beforeAll(async () => {
  ws = await startWorld(
    'imcache',
    {
      regions: [
        {
          regionId: 'cn-hangzhou',
          idPrefix: 'bp1',
          defaultZoneId: 'cn-hangzhou-k',
          zones: [{ zoneId: 'cn-hangzhou-k' }, { zoneId: 'cn-hangzhou-j', essd: false }],
        },
        { regionId: 'cn-beijing', idPrefix: '2ze', zones: [{ zoneId: 'cn-beijing-i' }] },
      ],
      accounts: [{ id: DEFAULT }, { id: OTHER, quotas: { imageCaches: 2 } }],
      registries: [
        {
          host: 'reg.example.com',
          speedMBps: 100,
          latencyMs: 5,
          closed: true,
          images: [
            { repository: 'team/web', tags: ['1'], sizeMB: 500, layers: 4 },
            { repository: 'team/api', tags: ['2', '3'], sizeMB: 1200, layers: 6, arches: ['amd64'] },
            { repository: 'team/huge', tags: ['1'], sizeMB: 30_000, layers: 10 },
          ],
        },
      ],
    },
    [OTHER],
  );
});
afterAll(async () => ws?.stop());

const create = (account: string, name: string, images: string[], extra: Record<string, unknown> = {}) =>
  ws.client(account).createImageCache(new $Eci.CreateImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheName: name, image: images, ...extra }));

async function describeCaches(account: string, extra: Record<string, unknown> = {}) {
  const r = await ws.client(account).describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: 'cn-hangzhou', ...extra }));
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  return r.body!;
}

async function one(account: string, id: string) {
  const body = await describeCaches(account, { imageCacheId: id });
  expect(body.imageCaches).toHaveLength(1);
  return body.imageCaches![0]!;
}

const events = (c: { events?: Array<{ reason?: string; message?: string; type?: string; count?: number }> }) =>
  (c.events ?? []).map((e) => `${e.type} ${e.reason} ${e.message} ×${e.count}`);

describe('image caches through the SDK', () => {
  it('creates a cache: the ids, then Preparing, then Creating on the clock, with every field the SDK reads', async () => {
    const at = ws.now();
    const r = await create(DEFAULT, 'web-cache', ['nginx:1.25', 'registry.example.com/team/app:1'], {
      imageCacheSize: 40,
      retentionDays: 7,
      eliminationStrategy: 'LRU',
      standardCopyCount: 2,
      resourceGroupId: 'rg-test',
      tag: [new $Eci.CreateImageCacheRequestTag({ key: 'team', value: 'web' })],
    });
    expect(r.statusCode).toBe(200);
    expect(r.body!.imageCacheId).toMatch(/^imc-bp1[a-z0-9]{17}$/);
    expect(r.body!.containerGroupId).toMatch(/^eci-bp1[a-z0-9]{17}$/);
    const id = r.body!.imageCacheId!;
    const c = await one(DEFAULT, id);
    expect(c.toMap()).toEqual({
      ContainerGroupId: r.body!.containerGroupId,
      CreationTime: sec(at),
      EliminationStrategy: 'LRU',
      Events: [],
      ExpireDateTime: sec(at + 7 * 86_400_000_000),
      ImageCacheId: id,
      ImageCacheName: 'web-cache',
      ImageCacheSize: 40,
      Images: ['nginx:1.25', 'registry.example.com/team/app:1'],
      Progress: '0%',
      RegionId: 'cn-hangzhou',
      ResourceGroupId: 'rg-test',
      Status: 'Preparing',
      Tags: [{ Key: 'team', Value: 'web' }],
    });
    expect(c.creationTime).toMatch(RFC3339_SECONDS);
    await ws.advance('29s');
    expect((await one(DEFAULT, id)).status).toBe('Preparing');
    await ws.advance('1s');
    expect((await one(DEFAULT, id)).status).toBe('Creating');
  });

  it('a second build of the same images while the first builds: ImageCacheConflict on the new cache, Failed', async () => {
    const first = (await create(DEFAULT, 'dup-a', ['redis:7'])).body!.imageCacheId!;
    const second = (await create(DEFAULT, 'dup-b', ['redis:7'])).body!.imageCacheId!;
    const c = await one(DEFAULT, second);
    expect(c.status).toBe('Failed');
    expect(events(c)).toEqual([`Warning ImageCacheConflict There are duplicated imc[${first}] is creating ×1`]);
    expect((await one(DEFAULT, first)).status).toBe('Preparing');
    // The same event on the JSON API, with the cache as its involved object.
    const r = await ws.control('GET', '/v1/events?reason=ImageCacheConflict');
    expect(r.status).toBe(200);
    const items = r.body.items as Array<Record<string, any>>;
    const mine = items.filter((e) => e.involvedObject?.name === second);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.involvedObject).toMatchObject({ kind: 'ImageCache', apiVersion: 'eci.alibabacloud.com/v1', name: second, uid: second });
    expect(mine[0]!.message).toBe(`There are duplicated imc[${first}] is creating`);
  });

  it('flash in a zone without ESSD: ImageCacheFlashUsedFailed at once; in an ESSD zone, none', async () => {
    const noEssd = (await create(DEFAULT, 'flash-j', ['busybox:1'], { flash: true, zoneId: 'cn-hangzhou-j' })).body!.imageCacheId!;
    expect(events(await one(DEFAULT, noEssd))).toEqual([
      'Warning ImageCacheFlashUsedFailed Flash image cache can only be used in zones with ESSD, but current zone is cn-hangzhou-j ×1',
    ]);
    const essd = (await create(DEFAULT, 'flash-k', ['busybox:2'], { flash: true, zoneId: 'cn-hangzhou-k' })).body!.imageCacheId!;
    expect(events(await one(DEFAULT, essd))).toEqual([]);
    // Built: the local snapshot first, then the regular one replaces it.
    await ws.advance('3m');
    const built = await one(DEFAULT, essd);
    expect(built.status).toBe('Ready');
    expect(built.flashSnapshotId).toBeUndefined();
    const reasons = (built.events ?? []).map((e) => e.reason).reverse();
    expect(reasons).toEqual([
      'Pulling',
      'Pulled',
      'ImageCacheCapacityUtilization',
      'ImageCacheFlashFinished',
      'ImageCacheCreate',
      'ImageCacheFinished',
      'ImageCacheFlashReplacedSuccess',
    ]);
    expect(built.events![0]!.message).toMatch(/^Flash image cache \[s-bp1[a-z0-9]{17}\] has been replaced successfully$/);
    const standard = await one(DEFAULT, noEssd);
    expect((standard.events ?? []).map((e) => e.reason).reverse()).toEqual([
      'ImageCacheFlashUsedFailed',
      'Pulling',
      'Pulled',
      'ImageCacheCapacityUtilization',
      'ImageCacheCreate',
      'ImageCacheFinished',
    ]);
  });

  it('image-cache-service-error: the build fails with ImageCacheUnknownError', async () => {
    // Every earlier cache past its prepare step first, so this one is the fault's one hit.
    await ws.advance('30s');
    await injectFault(ws, { kind: 'image-cache-service-error', target: 'cn-hangzhou', count: 1 });
    const id = (await create(DEFAULT, 'fault', ['alpine:3'])).body!.imageCacheId!;
    await ws.advance('30s');
    const c = await one(DEFAULT, id);
    expect(c.status).toBe('Failed');
    expect(events(c)).toEqual([`Warning ImageCacheUnknownError An unknown error occurred while handling the image cache for ${id} ×1`]);
  });

  it('refuses bad requests as ECI does and changes nothing', async () => {
    const before = (await describeCaches(DEFAULT)).totalCount;
    const cases: Array<[Promise<unknown>, string, number, string]> = [
      [create(DEFAULT, '', ['nginx']), 'MissingParameter', 400, 'ImageCacheName'],
      [create(DEFAULT, 'no-images', []), 'InvalidParameter', 400, 'Image.1'],
      [create(DEFAULT, 'Bad_Name', ['nginx']), 'InvalidParameter', 400, 'ImageCacheName'],
      [create(DEFAULT, 'big', ['nginx'], { imageCacheSize: 0 }), 'InvalidParameter', 400, 'ImageCacheSize'],
      [create(DEFAULT, 'lru', ['nginx'], { eliminationStrategy: 'FIFO' }), 'InvalidParameter', 400, 'EliminationStrategy'],
      [create(DEFAULT, 'ret', ['nginx'], { retentionDays: -1 }), 'InvalidParameter', 400, 'RetentionDays'],
      [create(DEFAULT, 'vsw', ['nginx'], { vSwitchId: 'vsw-nope' }), 'InvalidVSwitchId.NotFound', 400, 'vsw-nope'],
      [create(DEFAULT, 'zone', ['nginx'], { zoneId: 'cn-hangzhou-z' }), 'InvalidZoneId.NotFound', 400, 'cn-hangzhou-z'],
      [
        ws.client().createImageCache(new $Eci.CreateImageCacheRequest({ regionId: 'xx-nowhere-1', imageCacheName: 'r', image: ['nginx'] })),
        'InvalidRegionId.NotFound',
        400,
        'xx-nowhere-1',
      ],
      [ws.client().deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: 'cn-hangzhou' })), 'MissingParameter', 400, 'ImageCacheId'],
      [
        ws.client().deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheId: 'imc-bp1doesnotexist000' })),
        'InvalidImageCacheId.NotFound',
        404,
        'imc-bp1doesnotexist000',
      ],
      [
        ws.client().deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheId: 'eci-123' })),
        'InvalidParameter',
        400,
        'ImageCacheId',
      ],
      [ws.client().describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: 'cn-hangzhou', limit: 0 })), 'InvalidParameter', 400, 'Limit'],
      [
        ws.client().describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: 'cn-hangzhou', nextToken: 'nope!' })),
        'InvalidParameter',
        400,
        'NextToken',
      ],
      [
        ws.client().describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: 'cn-hangzhou', imageFullMatch: true })),
        'InvalidParameter',
        400,
        'ImageFullMatch',
      ],
    ];
    for (const [call, code, status, mentions] of cases) expectError(await sdkError(call), code, status, mentions);
    expect((await describeCaches(DEFAULT)).totalCount).toBe(before);
  });

  it('updates only a Ready or UpdateFailed cache (IncorrectStatus otherwise); deletes at once; accounts see only their own', async () => {
    const id = (await create(DEFAULT, 'upd', ['node:20'])).body!.imageCacheId!;
    const refused = await sdkError(
      ws.client().updateImageCache(new $Eci.UpdateImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheId: id, imageCacheName: 'renamed' })),
    );
    expectError(refused, 'IncorrectStatus', 400, 'Ready or UpdateFailed');
    expect((await one(DEFAULT, id)).imageCacheName).toBe('upd');
    // Another account neither sees nor deletes it.
    expect((await describeCaches(OTHER, { imageCacheId: id })).totalCount).toBe(0);
    expectError(
      await sdkError(ws.client(OTHER).deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheId: id }))),
      'InvalidImageCacheId.NotFound',
      404,
    );
    // The region is part of the id's address.
    expectError(
      await sdkError(ws.client().deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: 'cn-beijing', imageCacheId: id }))),
      'InvalidImageCacheId.NotFound',
      404,
    );
    const r = await ws.client().deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheId: id }));
    expect(r.statusCode).toBe(200);
    expect((await describeCaches(DEFAULT, { imageCacheId: id })).totalCount).toBe(0);
  });

  it('counts against the account quota per region: QuotaExceeded.ImageCache, nothing created', async () => {
    await create(OTHER, 'q1', ['a:1']);
    await create(OTHER, 'q2', ['b:1']);
    expectError(await sdkError(create(OTHER, 'q3', ['c:1'])), 'QuotaExceeded.ImageCache', 400, 'quota of 2');
    expect((await describeCaches(OTHER)).totalCount).toBe(2);
    const elsewhere = await ws
      .client(OTHER)
      .createImageCache(new $Eci.CreateImageCacheRequest({ regionId: 'cn-beijing', imageCacheName: 'q3', image: ['c:1'] }));
    expect(elsewhere.body!.imageCacheId).toMatch(/^imc-2ze/);
  });

  it('filters by name, image, tag and MatchImage, and pages newest first with NextToken', async () => {
    const names = ['page-1', 'page-2', 'page-3'];
    const ids: string[] = [];
    for (const [i, n] of names.entries()) {
      ids.push(
        (await create(DEFAULT, n, [`pager:${i}`, 'shared:1'], { tag: [new $Eci.CreateImageCacheRequestTag({ key: 'pager', value: String(i) })] })).body!
          .imageCacheId!,
      );
      await ws.advance('1s');
    }
    expect((await describeCaches(DEFAULT, { imageCacheName: 'page-2' })).imageCaches!.map((c) => c.imageCacheId)).toEqual([ids[1]]);
    expect((await describeCaches(DEFAULT, { image: 'pager:2' })).imageCaches!.map((c) => c.imageCacheId)).toEqual([ids[2]]);
    expect(
      (await describeCaches(DEFAULT, { tag: [new $Eci.DescribeImageCachesRequestTag({ key: 'pager', value: '0' })] })).imageCaches!.map((c) => c.imageCacheId),
    ).toEqual([ids[0]]);
    const matched = await describeCaches(DEFAULT, { matchImage: ['pager:1', 'shared:1'] });
    expect(matched.imageCaches![0]!.imageCacheId).toBe(ids[1]); // the full match first, then the partial ones
    expect(matched.imageCaches!.slice(1).map((c) => c.imageCacheId)).toEqual([ids[2], ids[0]]);
    expect((await describeCaches(DEFAULT, { matchImage: ['pager:1', 'shared:1'], imageFullMatch: true })).imageCaches!.map((c) => c.imageCacheId)).toEqual([
      ids[1],
    ]);
    expect((await describeCaches(DEFAULT, { matchImage: ['shared:1'], imageMatchCountRequest: 2 })).totalCount).toBe(2);

    const all = await describeCaches(DEFAULT);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await describeCaches(DEFAULT, { limit: 2, ...(token ? { nextToken: token } : {}) });
      expect(page.totalCount).toBe(all.totalCount);
      expect(page.imageCaches!.length).toBeLessThanOrEqual(2);
      seen.push(...page.imageCaches!.map((c) => c.imageCacheId!));
      token = page.nextToken;
    } while (token);
    expect(seen).toEqual(all.imageCaches!.map((c) => c.imageCacheId));
    expect(seen.slice(0, 3)).toEqual([...ids].reverse());
  });

  it('the CLI: image-caches create, list, update (refused while building), delete', () => {
    const endpoint = ['--endpoint', ws.server.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret];
    const cli = (...args: string[]) => runCli(['image-caches', ...args, ...endpoint]);
    const created = cli('create', 'cli-cache', '--image', 'nginx:1.27', '--image', 'redis:7.2', '--size', '30', '--lru');
    expect(created.status, created.stderr).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^imc-bp1[a-z0-9]{17}$/);
    const listed = JSON.parse(cli('list', '--ids', id, '--json').stdout) as Array<Record<string, unknown>>;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      ImageCacheId: id,
      ImageCacheName: 'cli-cache',
      Status: 'Preparing',
      ImageCacheSize: 30,
      EliminationStrategy: 'LRU',
      Images: ['nginx:1.27', 'redis:7.2'],
    });
    expect(cli('list', '--name', 'cli-cache').stdout).toMatch(new RegExp(`${id}[\\s│]+cli-cache[\\s│]+Preparing[\\s│]+0%[\\s│]+30`));
    const update = cli('update', id, '--name', 'renamed');
    expect(update.status).not.toBe(0);
    expect(update.stderr).toMatch(/IncorrectStatus/);
    const deleted = cli('delete', id);
    expect(deleted.status, deleted.stderr).toBe(0);
    expect(deleted.stdout.trim()).toBe(`deleted ${id}`);
    expect(cli('list', '--ids', id).stderr).toMatch(/No image caches found/);
  }, 90_000);

  it('deletes a cache when its RetentionDays are over, and a Failed one after a day', async () => {
    const kept = (await create(DEFAULT, 'keep-1d', ['ret:1'], { retentionDays: 1 })).body!.imageCacheId!;
    const failedFirst = (await create(DEFAULT, 'ret-a', ['ret:2'])).body!.imageCacheId!;
    const failed = (await create(DEFAULT, 'ret-b', ['ret:2'])).body!.imageCacheId!;
    expect((await one(DEFAULT, failed)).status).toBe('Failed');
    const expires = (await one(DEFAULT, kept)).expireDateTime!;
    await ws.advance('23h59m59s');
    expect((await describeCaches(DEFAULT, { imageCacheId: [kept, failed].join(',') })).totalCount).toBe(2);
    await ws.advance('1s');
    expect(sec(ws.now())).toBe(expires);
    expect((await describeCaches(DEFAULT, { imageCacheId: [kept, failed, failedFirst].join(',') })).imageCaches!.map((c) => c.imageCacheId)).toEqual([
      failedFirst,
    ]);
  });

  it('builds to Ready on the clock: each image pulled in its modelled time, the used size, the snapshot, the events in DescribeImageCaches', async () => {
    const t0 = ws.now();
    const r = await create(DEFAULT, 'built', ['reg.example.com/team/web:1', 'reg.example.com/team/api:2'], { standardCopyCount: 2 });
    const id = r.body!.imageCacheId!;
    // Pulls: 3 + layers round trips of 5 ms, then the bytes at 100 MB/s: 5.035 s and 12.045 s.
    await ws.advance('30s');
    expect((await one(DEFAULT, id)).status).toBe('Creating');
    await ws.advance('17080ms');
    const pulled = await one(DEFAULT, id);
    expect(pulled.status).toBe('Creating');
    expect(pulled.progress).toBe('0%');
    // 1.7e9 bytes = 1.58 GiB on the disk; the snapshot takes 60 s + 10 s per GiB, whole seconds: 76 s.
    await ws.advance('38s');
    expect((await one(DEFAULT, id)).progress).toBe('50%');
    await ws.advance('38s');
    const ready = await one(DEFAULT, id);
    expect(ready.status).toBe('Ready');
    expect(ready.progress).toBe('100%');
    expect(ready.snapshotId).toMatch(/^s-bp1[a-z0-9]{17}$/);
    const at = (s: number) => sec(t0 + s * 1_000_000);
    const shown = (ready.events ?? []).map((e) => [e.lastTimestamp, e.type, e.reason, e.message, e.count]);
    expect(shown).toEqual(
      [
        [at(30), 'Normal', 'Pulling', 'Pulling image "reg.example.com/team/web:1"', 1],
        [at(35.035), 'Normal', 'Pulled', 'Successfully pulled image "reg.example.com/team/web:1" in 5.035s', 1],
        [at(35.035), 'Normal', 'Pulling', 'Pulling image "reg.example.com/team/api:2"', 1],
        [at(47.08), 'Normal', 'Pulled', 'Successfully pulled image "reg.example.com/team/api:2" in 12.045s', 1],
        [at(47.08), 'Normal', 'ImageCacheCapacityUtilization', 'Total capacity utilization of current CacheDisk is 1.58GB / 20GB', 1],
        [at(47.08), 'Normal', 'ImageCacheCreate', `Snapshot [${ready.snapshotId}] of image cache has been created, waiting for the completion of it`, 1],
        [at(123.08), 'Normal', 'ImageCacheFinished', `Image cache [${id}] has been made successfully`, 1],
      ].reverse(),
    );
    await ws.advance('30s');
    const copied = await one(DEFAULT, id);
    expect(copied.events![0]).toMatchObject({
      reason: 'ImageCacheCopyFinished',
      type: 'Normal',
      message: expect.stringMatching(/^Copy \[s-bp1[a-z0-9]{17}\] of image cache has been made successfully$/),
    });
    // The same events on the JSON API, each about the cache.
    const r2 = await ws.control('GET', `/v1/events?reason=ImageCacheFinished`);
    expect((r2.body.items as Array<Record<string, any>>).filter((e) => e.involvedObject.name === id).map((e) => [e.involvedObject.kind, e.message])).toEqual([
      ['ImageCache', `Image cache [${id}] has been made successfully`],
    ]);
  });

  it("a cache of an image that cannot be pulled fails with the runtime's reason", async () => {
    const notFound = (await create(DEFAULT, 'missing', ['reg.example.com/team/web:9'])).body!.imageCacheId!;
    const noHost = (await create(DEFAULT, 'nohost', ['registry.example.invalid/nope/app:9.9'])).body!.imageCacheId!;
    await ws.advance('31s');
    const a = await one(DEFAULT, notFound);
    expect(a.status).toBe('Failed');
    expect(a.events![0]).toMatchObject({
      type: 'Warning',
      reason: 'Failed',
      message:
        'Failed to pull image "reg.example.com/team/web:9": rpc error: code = NotFound desc = failed to pull and unpack image "reg.example.com/team/web:9": failed to resolve reference "reg.example.com/team/web:9": reg.example.com/team/web:9: not found',
    });
    const b = await one(DEFAULT, noHost);
    expect(b.status).toBe('Failed');
    expect(b.events![0]!.message).toMatch(
      /^Failed to pull image "registry\.example\.invalid\/nope\/app:9\.9": .*dial tcp: lookup registry\.example\.invalid on 100\.100\.2\.136:53: no such host$/,
    );
  });

  it('a cache bigger than ImageCacheSize fails; an update rebuilds (UpdateFinished), a failed rebuild keeps the old cache (UpdateFailed)', async () => {
    const big = (await create(DEFAULT, 'too-big', ['reg.example.com/team/huge:1'])).body!.imageCacheId!;
    await ws.advance('10m');
    const failed = await one(DEFAULT, big);
    expect(failed.status).toBe('Failed');
    expect(failed.events![0]!.message).toBe('Total capacity utilization of current CacheDisk is 27.94GB / 20GB');

    const id = (await create(DEFAULT, 'upd-ready', ['reg.example.com/team/web:1'])).body!.imageCacheId!;
    await ws.advance('3m');
    const before = await one(DEFAULT, id);
    expect(before.status).toBe('Ready');
    await ws
      .client()
      .updateImageCache(
        new $Eci.UpdateImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheId: id, image: ['reg.example.com/team/web:1', 'reg.example.com/team/api:3'] }),
      );
    expect((await one(DEFAULT, id)).status).toBe('Updating');
    await ws.advance('3m');
    const updated = await one(DEFAULT, id);
    expect(updated.status).toBe('Ready');
    expect(updated.images).toEqual(['reg.example.com/team/web:1', 'reg.example.com/team/api:3']);
    expect(updated.snapshotId).not.toBe(before.snapshotId);
    expect(updated.events![0]).toMatchObject({ reason: 'ImageCacheUpdateFinished', message: `Image cache [${id}] has been updated successfully` });

    await ws.client().updateImageCache(new $Eci.UpdateImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheId: id, image: ['reg.example.com/team/nope:1'] }));
    await ws.advance('1m');
    const kept = await one(DEFAULT, id);
    expect(kept.status).toBe('UpdateFailed');
    expect(kept.images).toEqual(updated.images);
    expect(kept.snapshotId).toBe(updated.snapshotId);
    expect(kept.events![0]).toMatchObject({
      reason: 'ImageCacheUpdateFailed',
      type: 'Warning',
      message: `Image cache [${id}] update failed, but the old resource is still available`,
    });
  });
});
