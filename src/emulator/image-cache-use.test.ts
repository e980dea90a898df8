// The window in which an instance loses its cache, on a manual clock: from the create call until
// it is placed. A cache can go in it by its retention or by another instance's auto-creation.
import { afterEach, describe, expect, it } from 'vitest';
import { S, T0, world, type World } from '../../test/support/emulator-world.js';

const DAY = 86_400;

describe('an instance and the cache it starts from', () => {
  let w: World;
  afterEach(async () => w.close());

  const ready = (name: string, image: string, more: { retentionDays?: number; lru?: boolean } = {}) => {
    const c = w.emu.imageCaches.create({
      account: 'default',
      regionId: 'cn-hangzhou',
      name,
      images: [image],
      ...(more.retentionDays ? { retentionDays: more.retentionDays } : {}),
      ...(more.lru ? { eliminationStrategy: 'LRU' as const } : {}),
    });
    w.advance(200);
    expect(w.emu.imageCaches.get('default', c.id)?.status).toBe('Ready');
    return c.id;
  };

  const platform = async (id: string) => (await w.events(id)).filter((e) => e.includes(' EciService ')).map((e) => e.split(' ').slice(2).join(' '));

  it('a cache whose retention ends before the instance is placed: ImageCacheEliminated, then the image is pulled', async () => {
    w = world();
    const id = ready('short', 'redis:7', { retentionDays: 1 });
    // 0.3 s before the cache expires; the instance is placed 0.6 s after its create.
    w.at(DAY - 0.3);
    const g = w.emu.create({ regionId: 'cn-hangzhou', containerGroupName: 'late', containers: [{ name: 'c', image: 'redis:7' }], imageSnapshotId: id });
    expect((await platform(g.id)).slice(1)).toEqual([`SuccessfulHitImageCache Successfully hit image cache ${id}`]);
    w.advance(0.3);
    expect(w.emu.imageCaches.get('default', id)).toBeUndefined();
    expect((await platform(g.id)).at(-1)).toBe('ImageCacheEliminated Current imageCache is eliminated');
    w.advance(5);
    const pulled = (await w.events(g.id)).filter((e) => e.includes(' Pulled '));
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toMatch(/Successfully pulled image "redis:7" in /);
    expect(w.status(g.id)).toBe('Running');
  });

  it('the same cache going after the instance is placed takes nothing: already present', async () => {
    w = world();
    const id = ready('short', 'redis:7', { retentionDays: 1 });
    w.at(DAY - 0.7);
    const g = w.emu.create({ regionId: 'cn-hangzhou', containerGroupName: 'early', containers: [{ name: 'c', image: 'redis:7' }], imageSnapshotId: id });
    w.advance(5);
    expect(w.emu.imageCaches.get('default', id)).toBeUndefined();
    expect((await platform(g.id)).map((e) => e.split(' ')[0])).toEqual(['DefaultInstanceTypeMatch', 'SuccessfulHitImageCache']);
    expect((await w.events(g.id)).filter((e) => e.includes(' Pulled '))).toEqual([
      `86399.9 kubelet Pulled Container image "redis:7" already present on machine`,
    ]);
  });

  it("another instance's auto-creation evicts the LRU cache one is starting from: Eliminated on the first, AutoEliminated on the second", async () => {
    w = world({ spec: { accounts: [{ id: 'default', quotas: { imageCaches: 1 } }] } });
    const id = ready('only', 'redis:7', { lru: true });
    const a = w.emu.create({ regionId: 'cn-hangzhou', containerGroupName: 'a', containers: [{ name: 'c', image: 'redis:7' }], imageSnapshotId: id });
    const b = w.emu.create({ regionId: 'cn-hangzhou', containerGroupName: 'b', containers: [{ name: 'c', image: 'httpd:2' }], autoMatchImageCache: true });
    const fresh = w.emu.imageCaches.list('default', 'cn-hangzhou').caches[0]!;
    expect(fresh.name).toBe(`auto-${b.id}`);
    expect((await platform(a.id)).slice(1)).toEqual([
      `SuccessfulHitImageCache Successfully hit image cache ${id}`,
      'ImageCacheEliminated Current imageCache is eliminated',
    ]);
    expect((await platform(b.id)).slice(1)).toEqual([
      'ImageCacheMissed Missed image cache',
      `ImageCacheAutoEliminated Image cache ${id} is auto eliminated`,
      `ImageCacheAutoCreated Image cache ${fresh.id} is auto created`,
    ]);
    w.advance(5);
    expect((await w.events(a.id)).some((e) => e.includes('Successfully pulled image "redis:7"'))).toBe(true);
    expect(w.clock.now()).toBeGreaterThan(T0 + 200 * S);
  });
});
