import { describe, expect, it } from 'vitest';
import type { ImageCache } from '../../emulator/index.js';
import type { GroupEventSummary } from '../../store/index.js';
import { ApiError } from '../errors.js';
import { decodeCursor as decodeCacheCursor, encodeCursor as encodeCacheCursor } from '../newest-first-page.js';
import { listImageCaches } from './list.js';

const T0 = Date.UTC(2026, 2, 1) * 1000;

function cache(id: string, at: number, over: Partial<ImageCache> = {}): ImageCache {
  return {
    id,
    account: 'a',
    regionId: 'cn-hangzhou',
    zoneId: 'cn-hangzhou-k',
    name: `n-${id}`,
    images: ['nginx:1.25'],
    status: 'Ready',
    creationTime: at,
    statusTime: at,
    containerGroupId: `eci-${id}`,
    capacityGiB: 20,
    flash: false,
    flashCopyCount: 0,
    standardCopyCount: 1,
    copies: [],
    progress: 100,
    resourceGroupId: '',
    tags: [],
    credentials: [],
    ...over,
  };
}

const ids = (p: { items: Array<{ imageCacheId: string }> }) => p.items.map((i) => i.imageCacheId);

describe("the console's list of image caches", () => {
  const caches = [
    cache('imc-a', T0),
    cache('imc-c', T0 + 1),
    cache('imc-b', T0 + 1),
    cache('imc-d', T0 + 2, { status: 'Failed', regionId: 'cn-beijing', images: ['Reg.Example.com/Team/WEB:1'] }),
  ];

  it('orders newest first, ties by id (highest first), and pages by position without repeats or gaps', () => {
    expect(ids(listImageCaches(caches, [], { limit: 50 }, T0))).toEqual(['imc-d', 'imc-c', 'imc-b', 'imc-a']);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = listImageCaches(caches, [], { limit: 1, ...(after ? { after } : {}) }, T0);
      seen.push(...ids(page));
      after = page.next;
      if (!after) break;
    }
    expect(seen).toEqual(['imc-d', 'imc-c', 'imc-b', 'imc-a']);
    // The cache a cursor points at was deleted: the page goes on from where it was.
    const cursor = encodeCacheCursor({ creationTime: T0 + 1, id: 'imc-c' });
    expect(
      ids(
        listImageCaches(
          caches.filter((c) => c.id !== 'imc-c'),
          [],
          { limit: 5, after: cursor },
          T0,
        ),
      ),
    ).toEqual(['imc-b', 'imc-a']);
  });

  it('filters by status, region and text in the id, name or images, ignoring case', () => {
    expect(ids(listImageCaches(caches, [], { limit: 50, status: 'Failed' }, T0))).toEqual(['imc-d']);
    expect(ids(listImageCaches(caches, [], { limit: 50, regionId: 'cn-hangzhou' }, T0))).toEqual(['imc-c', 'imc-b', 'imc-a']);
    expect(ids(listImageCaches(caches, [], { limit: 50, q: 'team/web' }, T0))).toEqual(['imc-d']);
    expect(ids(listImageCaches(caches, [], { limit: 50, q: ' N-IMC-A ' }, T0))).toEqual(['imc-a']);
    expect(listImageCaches(caches, [], { limit: 50, q: 'nothing' }, T0)).toEqual({ total: 0, items: [] });
  });

  it("counts the events of each cache's intermediate instance, and none for a cache without events", () => {
    const summary: GroupEventSummary = { containerGroupId: 'eci-imc-a', name: 'imc-a', namespace: 'default', events: 5, warnings: 1, lastTimestamp: T0 + 7 };
    const items = listImageCaches(caches, [summary], { limit: 50 }, T0).items;
    expect(items.find((i) => i.imageCacheId === 'imc-a')).toMatchObject({ eventCount: 5, warningCount: 1, lastEventAt: '2026-03-01T00:00:00.000007Z' });
    expect(items.find((i) => i.imageCacheId === 'imc-b')).toMatchObject({ eventCount: 0, warningCount: 0 });
    expect(items.find((i) => i.imageCacheId === 'imc-b')).not.toHaveProperty('lastEventAt');
  });

  it('refuses a cursor it did not make, naming `after`', () => {
    for (const bad of ['', 'not base64!', Buffer.from('e1:1:2').toString('base64url'), Buffer.from('c1:x:imc-a').toString('base64url')]) {
      expect(() => decodeCacheCursor(bad)).toThrow(ApiError);
      expect(() => decodeCacheCursor(bad)).toThrow(/^after: /);
    }
    expect(decodeCacheCursor(encodeCacheCursor({ creationTime: T0, id: 'imc-bp1x' }))).toEqual({ creationTime: T0, id: 'imc-bp1x' });
  });
});
