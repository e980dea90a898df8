// The snapshot service failing under an image cache's build, through the official SDK against
// `eci-events serve --clock virtual`: a failed flash snapshot (ImageCacheFlashCreatedFailed, the
// standard one goes on), a failed regular snapshot after a flash one (ImageCacheFlashReplacedFailed,
// the flash one kept), a failed copy (ImageCacheCopyFailed, the copies made still there). Each
// fault is injected once the build has reached the step before the one it is to hit, on a server
// of its own so that no other build takes the fault's one hit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci } from './support/eci-sdk.js';
import { DEFAULT, injectFault, startWorld, type WorldServer } from './support/world-scenarios.js';

let ws: WorldServer;
beforeAll(async () => {
  ws = await startWorld('imcache-snapshots', {
    regions: [{ regionId: 'cn-hangzhou', idPrefix: 'bp1', defaultZoneId: 'cn-hangzhou-k', zones: [{ zoneId: 'cn-hangzhou-k' }] }],
    accounts: [{ id: DEFAULT }],
  });
});
afterAll(async () => ws?.stop());

interface CacheEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
}

async function cache(id: string) {
  const r = await ws.client().describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: 'cn-hangzhou', imageCacheId: id }));
  expect(r.body!.imageCaches).toHaveLength(1);
  const c = r.body!.imageCaches![0]!;
  // DescribeImageCaches lists events newest first; read them in the order they happened.
  return { ...c, happened: ((c.events ?? []) as CacheEvent[]).slice().reverse() };
}

const create = async (name: string, extra: Record<string, unknown>) =>
  (
    await ws
      .client()
      .createImageCache(
        new $Eci.CreateImageCacheRequest({ regionId: 'cn-hangzhou', zoneId: 'cn-hangzhou-k', imageCacheName: name, image: [`busybox:${name}`], ...extra }),
      )
  ).body!.imageCacheId!;

/** Advances the clock 5 s at a time until the cache has recorded `reason` (at most 10 minutes). */
async function until(id: string, reason: string): Promise<void> {
  for (let waited = 0; waited < 600; waited += 5) {
    if ((await cache(id)).happened.some((e) => e.reason === reason)) return;
    await ws.advance('5s');
  }
  throw new Error(`${id} never recorded ${reason}`);
}

const line = (e: CacheEvent) => `${e.type} ${e.reason} ${e.message} ×${e.count}`;

describe('the snapshot service failing under a build', () => {
  it('ImageCacheFlashCreatedFailed: the flash snapshot fails, the standard cache is made and is Ready', async () => {
    const id = await create('flash-fails', { flash: true });
    await until(id, 'ImageCacheCapacityUtilization');
    await injectFault(ws, { kind: 'snapshot-service-error', target: 'cn-hangzhou', count: 1 });
    await ws.advance('5m');
    const c = await cache(id);
    expect(c.status).toBe('Ready');
    expect(c.happened.map((e) => e.reason)).toEqual([
      'Pulling',
      'Pulled',
      'ImageCacheCapacityUtilization',
      'ImageCacheFlashCreatedFailed',
      'ImageCacheCreate',
      'ImageCacheFinished',
    ]);
    expect(line(c.happened[3]!)).toBe('Warning ImageCacheFlashCreatedFailed Flash image cache is failed, standard image cache will be created ×1');
  });

  it('ImageCacheFlashReplacedFailed: the regular snapshot fails after the flash one, which is kept', async () => {
    const id = await create('replace-fails', { flash: true });
    await until(id, 'ImageCacheFlashFinished');
    await injectFault(ws, { kind: 'snapshot-service-error', target: 'cn-hangzhou', count: 1 });
    await ws.advance('5m');
    const c = await cache(id);
    expect(c.flashSnapshotId).toMatch(/^s-bp1[a-z0-9]{17}$/);
    const failed = c.happened.find((e) => e.reason === 'ImageCacheFlashReplacedFailed');
    expect(failed && line(failed)).toBe(
      `Warning ImageCacheFlashReplacedFailed Standard image cache is failed, flash image cache ${c.flashSnapshotId} will not be deleted. But flash image can only be used in zones with ESSD ×1`,
    );
    expect(c.happened.some((e) => e.reason === 'ImageCacheFlashReplacedSuccess')).toBe(false);
  });

  it('ImageCacheCopyFailed: a copy fails after one was made; the cache stays Ready with its copies', async () => {
    const id = await create('copy-fails', { standardCopyCount: 3 });
    await until(id, 'ImageCacheCopyFinished');
    await injectFault(ws, { kind: 'snapshot-service-error', target: 'cn-hangzhou', count: 1 });
    await ws.advance('5m');
    const c = await cache(id);
    expect(c.status).toBe('Ready');
    const copies = c.happened.filter((e) => e.reason === 'ImageCacheCopyFinished');
    const failed = c.happened.filter((e) => e.reason === 'ImageCacheCopyFailed');
    expect(failed.map(line)).toEqual([`Warning ImageCacheCopyFailed Image cache copy failed, but its ${copies.length + 1}/3 copies are still available ×1`]);
  });
});
