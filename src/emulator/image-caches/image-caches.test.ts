import { afterEach, describe, expect, it } from 'vitest';
import { refusal, S, T0, world } from '../../../test/support/emulator-world.js';
import type { PullImage } from './image-source.js';
import type { CreateImageCacheRequest } from './requests.js';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

// A test double of the image model (the real one lives with registries): fixed facts per image.
const FACTS: Record<string, { layers: Array<[string, number]>; arch: Array<'AMD64' | 'ARM64'>; seconds: number }> = {
  'nginx:1.25': {
    layers: [
      ['sha256:base', 30 * MIB],
      ['sha256:nginx', 40 * MIB],
    ],
    arch: ['AMD64', 'ARM64'],
    seconds: 4,
  },
  'app:1': {
    layers: [
      ['sha256:base', 30 * MIB],
      ['sha256:app', 2 * GIB],
    ],
    arch: ['AMD64'],
    seconds: 20,
  },
  'huge:1': { layers: [['sha256:huge', 25 * GIB]], arch: ['AMD64'], seconds: 100 },
};
const pullImage: PullImage = ({ image }) => {
  const f = FACTS[image];
  if (!f) return { ok: false, reason: 'not found', duration: 2 * S };
  return {
    ok: true,
    digest: `sha256:${image}`,
    architectures: f.arch,
    layers: f.layers.map(([digest, sizeBytes]) => ({ digest, sizeBytes })),
    duration: f.seconds * S,
  };
};

const req = (over: Partial<CreateImageCacheRequest> = {}): CreateImageCacheRequest => ({
  account: 'default',
  regionId: 'cn-hangzhou',
  name: 'web',
  images: ['nginx:1.25', 'app:1'],
  ...over,
});

/** The cache's events, oldest first: "<seconds> <reason> <message>". */
async function cacheEvents(w: ReturnType<typeof world>, id: string) {
  await w.recorder.drain();
  const stored = (await w.store.list({})).filter((e) => e.involvedObject.kind === 'ImageCache' && e.involvedObject.name === id).reverse();
  return stored.map((e) => `${(e.lastTimestamp - T0) / S} ${e.reason} ${e.message}`);
}

describe('image caches: a build on the clock', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('goes Preparing → Creating → Ready, pulls each image, counts shared layers once, snapshots', async () => {
    w = world({ pullImage });
    const c = w.emu.imageCaches.create(req());
    expect(c).toMatchObject({ status: 'Preparing', zoneId: 'cn-hangzhou-k', capacityGiB: 20, flash: false, standardCopyCount: 1 });
    expect(c.id).toMatch(/^imc-bp1[a-z0-9]{17}$/);
    expect(c.containerGroupId).toMatch(/^eci-bp1[a-z0-9]{17}$/);
    const status = () => w.emu.imageCaches.get('default', c.id)!.status;
    w.at(29);
    expect(status()).toBe('Preparing');
    w.at(30);
    expect(status()).toBe('Creating');
    w.at(54); // 30 + 4 + 20: both pulled; the snapshot takes 60 s + 10 s per GiB used
    const built = w.emu.imageCaches.get('default', c.id)!;
    expect(built.usedBytes).toBe(30 * MIB + 40 * MIB + 2 * GIB);
    expect(built.architectures).toEqual(['AMD64']);
    const snapshot = 60 + Math.ceil((built.usedBytes! / GIB) * 10);
    w.at(54 + snapshot - 1);
    expect(status()).toBe('Creating');
    w.at(54 + snapshot);
    const ready = w.emu.imageCaches.get('default', c.id)!;
    expect(ready).toMatchObject({ status: 'Ready', progress: 100 });
    expect(ready.snapshotId).toMatch(/^s-bp1[a-z0-9]{17}$/);
    expect(await cacheEvents(w, c.id)).toEqual([
      '30 Pulling Pulling image "nginx:1.25"',
      '34 Pulled Successfully pulled image "nginx:1.25" in 4s',
      '34 Pulling Pulling image "app:1"',
      '54 Pulled Successfully pulled image "app:1" in 20s',
      '54 ImageCacheCapacityUtilization Total capacity utilization of current CacheDisk is 2.07GB / 20GB',
      `54 ImageCacheCreate Snapshot [${ready.snapshotId}] of image cache has been created, waiting for the completion of it`,
      `${54 + snapshot} ImageCacheFinished Image cache [${c.id}] has been made successfully`,
    ]);
  });

  it('fails when the images take more than ImageCacheSize', async () => {
    w = world({ pullImage });
    const c = w.emu.imageCaches.create(req({ images: ['huge:1'] }));
    w.at(130);
    expect(w.emu.imageCaches.get('default', c.id)!.status).toBe('Failed');
    expect((await cacheEvents(w, c.id)).at(-1)).toBe('130 ImageCacheCapacityUtilization Total capacity utilization of current CacheDisk is 25GB / 20GB');
    w.at(130 + 86_400);
    expect(w.emu.imageCaches.get('default', c.id)).toBeUndefined(); // failed caches are kept one day
  });

  it("fails when an image cannot be pulled, with the kubelet's reason", async () => {
    w = world({ pullImage });
    const c = w.emu.imageCaches.create(req({ images: ['nginx:1.25', 'missing:1'] }));
    w.at(36);
    expect(w.emu.imageCaches.get('default', c.id)!.status).toBe('Failed');
    expect((await cacheEvents(w, c.id)).slice(-2)).toEqual(['34 Pulling Pulling image "missing:1"', '36 Failed Failed to pull image "missing:1": not found']);
  });

  it("pulls through the world's image model by default: a host that cannot resolve fails the build", async () => {
    w = world();
    const c = w.emu.imageCaches.create(req({ images: ['registry.example.invalid/nope/app:9.9'] }));
    w.at(31);
    expect(w.emu.imageCaches.get('default', c.id)!.status).toBe('Failed');
    const failed = (await cacheEvents(w, c.id)).at(-1)!;
    expect(failed).toMatch(
      /^30\.001 Failed Failed to pull image "registry\.example\.invalid\/nope\/app:9\.9": rpc error: code = Unknown desc = failed to pull and unpack image "registry\.example\.invalid\/nope\/app:9\.9": failed to resolve reference .*: no such host$/,
    );
  });

  it('flash in an ESSD zone: local snapshot first, replaced by the regular one', async () => {
    w = world({ pullImage });
    const c = w.emu.imageCaches.create(req({ images: ['nginx:1.25'], flash: true }));
    w.at(34 + 10);
    const flashId = w.emu.imageCaches.get('default', c.id)!.flashSnapshotId;
    expect(flashId).toMatch(/^s-/);
    w.at(34 + 10 + 61);
    const ready = w.emu.imageCaches.get('default', c.id)!;
    expect(ready.status).toBe('Ready');
    expect(ready.flashSnapshotId).toBeUndefined();
    expect((await cacheEvents(w, c.id)).slice(3)).toEqual([
      '44 ImageCacheFlashFinished Flash image cache is created successfully, standard image cache will be created',
      `44 ImageCacheCreate Snapshot [${ready.snapshotId}] of image cache has been created, waiting for the completion of it`,
      `105 ImageCacheFinished Image cache [${c.id}] has been made successfully`,
      `105 ImageCacheFlashReplacedSuccess Flash image cache [${flashId}] has been replaced successfully`,
    ]);
  });

  it('flash in a zone without ESSD: refused at once, standard only', async () => {
    w = world({ pullImage, spec: { regions: [{ regionId: 'cn-hangzhou', idPrefix: 'bp1', zones: [{ zoneId: 'cn-hangzhou-x', essd: false }] }] } });
    const c = w.emu.imageCaches.create(req({ images: ['nginx:1.25'], flash: true }));
    expect(c.flash).toBe(false);
    w.at(200);
    const events = await cacheEvents(w, c.id);
    expect(events[0]).toBe('0 ImageCacheFlashUsedFailed Flash image cache can only be used in zones with ESSD, but current zone is cn-hangzhou-x');
    expect(events.some((e) => e.includes('ImageCacheFlashFinished'))).toBe(false);
    expect(w.emu.imageCaches.get('default', c.id)!.status).toBe('Ready');
  });

  it('snapshot-service-error: the flash snapshot fails (standard goes on), the regular one fails (flash kept), a copy fails', async () => {
    w = world({ pullImage });
    w.emu.injectFault({ kind: 'snapshot-service-error', target: 'cn-hangzhou', count: 1 });
    const a = w.emu.imageCaches.create(req({ name: 'a', images: ['nginx:1.25'], flash: true }));
    w.at(200);
    expect((await cacheEvents(w, a.id))[3]).toBe('44 ImageCacheFlashCreatedFailed Flash image cache is failed, standard image cache will be created');
    expect(w.emu.imageCaches.get('default', a.id)!.status).toBe('Ready');

    const b = w.emu.imageCaches.create(req({ name: 'b', images: ['nginx:1.25'], flash: true }));
    w.at(200 + 44);
    w.emu.injectFault({ kind: 'snapshot-service-error', target: 'cn-hangzhou', count: 1 });
    w.at(400);
    const flashId = w.emu.imageCaches.get('default', b.id)!.flashSnapshotId!;
    expect((await cacheEvents(w, b.id)).slice(-2)).toEqual([
      `305 ImageCacheFlashReplacedFailed Standard image cache is failed, flash image cache ${flashId} will not be deleted. But flash image can only be used in zones with ESSD`,
      `305 ImageCacheFinished Image cache [${b.id}] has been made successfully`,
    ]);

    const c = w.emu.imageCaches.create(req({ name: 'c', images: ['nginx:1.25'], standardCopyCount: 3 }));
    w.at(400 + 34 + 61 + 30); // the first copy is made
    w.emu.injectFault({ kind: 'snapshot-service-error', target: 'cn-hangzhou', count: 1 });
    w.at(400 + 34 + 61 + 60);
    const cache = w.emu.imageCaches.get('default', c.id)!;
    expect(cache.copies).toHaveLength(1);
    expect((await cacheEvents(w, c.id)).slice(-2)).toEqual([
      `525 ImageCacheCopyFinished Copy [${cache.copies[0]}] of image cache has been made successfully`,
      '555 ImageCacheCopyFailed Image cache copy failed, but its 2/3 copies are still available',
    ]);
  });

  it('image-cache-service-error: the build fails with ImageCacheUnknownError', async () => {
    w = world({ pullImage });
    w.emu.injectFault({ kind: 'image-cache-service-error', target: 'cn-hangzhou' });
    const c = w.emu.imageCaches.create(req());
    w.at(30);
    expect(w.emu.imageCaches.get('default', c.id)!.status).toBe('Failed');
    expect(await cacheEvents(w, c.id)).toEqual([`30 ImageCacheUnknownError An unknown error occurred while handling the image cache for ${c.id}`]);
  });

  it('a second build of the same images while the first is building: ImageCacheConflict, Failed', async () => {
    w = world({ pullImage });
    const first = w.emu.imageCaches.create(req());
    w.at(5);
    const second = w.emu.imageCaches.create(req({ name: 'again', images: ['app:1', 'nginx:1.25'] }));
    expect(second.status).toBe('Failed');
    expect(await cacheEvents(w, second.id)).toEqual([`5 ImageCacheConflict There are duplicated imc[${first.id}] is creating`]);
    w.at(1000);
    const third = w.emu.imageCaches.create(req({ name: 'later' }));
    expect(third.status).toBe('Preparing'); // the first is Ready now: no conflict
  });
});

describe('image caches: quota, update, delete, retention', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('refuses a cache over the quota unless an LRU cache can be eliminated', async () => {
    w = world({ pullImage, spec: { accounts: [{ id: 'default', quotas: { imageCaches: 2 } }] } });
    const a = w.emu.imageCaches.create(req({ name: 'a', images: ['nginx:1.25'] }));
    w.emu.imageCaches.create(req({ name: 'b', images: ['app:1'] }));
    const err = refusal(() => w.emu.imageCaches.create(req({ name: 'c', images: ['huge:1'] })));
    expect(err.code).toBe('QuotaExceeded.ImageCache');
    expect(w.emu.imageCaches.list('default', 'cn-hangzhou').totalCount).toBe(2);
    // Another region has its own quota.
    expect(w.emu.imageCaches.create(req({ regionId: 'cn-shanghai', name: 'c' })).status).toBe('Preparing');
    w.at(300);
    w.emu.imageCaches.update('default', a.id, { eliminationStrategy: 'LRU' });
    const c = w.emu.imageCaches.create(req({ name: 'c', images: ['huge:1'] }));
    expect(w.emu.imageCaches.get('default', a.id)).toBeUndefined();
    expect(w.emu.imageCaches.list('default', 'cn-hangzhou').caches.map((x) => x.id)).toContain(c.id);
    expect(await cacheEvents(w, a.id)).toContain(`300 ImageCacheAutoEliminated Image cache ${a.id} is auto eliminated`);
  });

  it('updates only Ready or UpdateFailed caches; new images rebuild, a failed rebuild keeps the old cache', async () => {
    w = world({ pullImage });
    const c = w.emu.imageCaches.create(req({ images: ['nginx:1.25'] }));
    expect(refusal(() => w.emu.imageCaches.update('default', c.id, { name: 'x' })).code).toBe('IncorrectStatus');
    expect(w.emu.imageCaches.get('default', c.id)!.name).toBe('web');
    w.at(100);
    const old = w.emu.imageCaches.get('default', c.id)!;
    expect(old.status).toBe('Ready');
    w.emu.imageCaches.update('default', c.id, { images: ['nginx:1.25', 'app:1'], name: 'web2' });
    expect(w.emu.imageCaches.get('default', c.id)).toMatchObject({ status: 'Updating', name: 'web2' });
    w.at(100 + 30 + 24 + 81);
    const updated = w.emu.imageCaches.get('default', c.id)!;
    expect(updated.status).toBe('Ready');
    expect(updated.snapshotId).not.toBe(old.snapshotId);
    expect((await cacheEvents(w, c.id)).at(-1)).toBe(`235 ImageCacheUpdateFinished Image cache [${c.id}] has been updated successfully`);

    w.emu.imageCaches.update('default', c.id, { images: ['huge:1'] });
    w.at(1000);
    const failed = w.emu.imageCaches.get('default', c.id)!;
    expect(failed).toMatchObject({ status: 'UpdateFailed', images: ['nginx:1.25', 'app:1'], snapshotId: updated.snapshotId, usedBytes: updated.usedBytes });
    expect((await cacheEvents(w, c.id)).at(-1)).toBe(`365 ImageCacheUpdateFailed Image cache [${c.id}] update failed, but the old resource is still available`);
  });

  it("deletes at once, whatever the status, and only the account's own", async () => {
    w = world({ pullImage });
    const c = w.emu.imageCaches.create(req());
    expect(refusal(() => w.emu.imageCaches.delete('other', c.id)).code).toBe('InvalidImageCacheId.NotFound');
    w.emu.imageCaches.delete('default', c.id);
    expect(w.emu.imageCaches.get('default', c.id)).toBeUndefined();
    w.at(1000);
    expect(await cacheEvents(w, c.id)).toEqual([]);
  });

  it('expires RetentionDays after its creation', async () => {
    w = world({ pullImage });
    const c = w.emu.imageCaches.create(req({ retentionDays: 2 }));
    expect(c.expireTime).toBe(T0 + 2 * 86_400 * S);
    w.at(2 * 86_400 - 1);
    expect(w.emu.imageCaches.get('default', c.id)!.status).toBe('Ready');
    w.at(2 * 86_400);
    expect(w.emu.imageCaches.get('default', c.id)).toBeUndefined();
  });

  it('answers the same cache to a repeated ClientToken', async () => {
    w = world({ pullImage });
    const a = w.emu.imageCaches.create(req({ clientToken: 't-1' }));
    const b = w.emu.imageCaches.create(req({ clientToken: 't-1' }));
    expect(b.id).toBe(a.id);
    expect(w.emu.imageCaches.list('default', 'cn-hangzhou').totalCount).toBe(1);
  });
});
