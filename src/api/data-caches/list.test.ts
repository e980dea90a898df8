import { describe, expect, it } from 'vitest';
import type { DataCache } from '../../emulator/index.js';
import { encodeCursor as encodeCacheCursor } from '../newest-first-page.js';
import { dataCacheItem, pageDataCaches } from './list.js';

const T0 = Date.UTC(2026, 2, 1) * 1000;

function cache(id: string, at: number, over: Partial<DataCache> = {}): DataCache {
  return {
    id,
    account: 'a',
    regionId: 'cn-hangzhou',
    name: `n-${id}`,
    bucket: 'default',
    path: `/p/${id}`,
    dataSource: { type: 'URL', options: { url: 'https://x.example.com/d' } },
    sizeGiB: 20,
    status: 'Available',
    creationTime: at,
    statusTime: at,
    progress: 100,
    resourceGroupId: '',
    tags: [],
    ...over,
  };
}

const ids = (p: { page: DataCache[] }) => p.page.map((c) => c.id);

describe("the console's list of data caches", () => {
  const caches = [
    cache('edc-a', T0),
    cache('edc-c', T0 + 1),
    cache('edc-b', T0 + 1),
    cache('edc-d', T0 + 2, { status: 'Failed', regionId: 'cn-beijing', bucket: 'Team-Models' }),
  ];

  it('orders newest first, ties by id, and pages by position without repeats or gaps, a deleted cursor cache included', () => {
    expect(ids(pageDataCaches(caches, { limit: 50 }))).toEqual(['edc-d', 'edc-c', 'edc-b', 'edc-a']);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const p = pageDataCaches(caches, { limit: 1, ...(after ? { after } : {}) });
      expect(p.total).toBe(4);
      seen.push(...ids(p));
      after = p.next;
      if (!after) break;
    }
    expect(seen).toEqual(['edc-d', 'edc-c', 'edc-b', 'edc-a']);
    const cursor = encodeCacheCursor({ creationTime: T0 + 1, id: 'edc-c' });
    expect(
      ids(
        pageDataCaches(
          caches.filter((c) => c.id !== 'edc-c'),
          { limit: 5, after: cursor },
        ),
      ),
    ).toEqual(['edc-b', 'edc-a']);
  });

  it('filters by status, region and text in the id, name, bucket or path, ignoring case', () => {
    expect(ids(pageDataCaches(caches, { limit: 50, status: 'Failed' }))).toEqual(['edc-d']);
    expect(ids(pageDataCaches(caches, { limit: 50, regionId: 'cn-hangzhou' }))).toEqual(['edc-c', 'edc-b', 'edc-a']);
    expect(ids(pageDataCaches(caches, { limit: 50, q: 'team-models' }))).toEqual(['edc-d']);
    expect(ids(pageDataCaches(caches, { limit: 50, q: '/P/EDC-B' }))).toEqual(['edc-b']);
  });

  it("shows a cache with its events' counts, and none without", () => {
    expect(dataCacheItem(caches[0]!, undefined)).toMatchObject({
      dataCacheId: 'edc-a',
      progress: '100%',
      sourceType: 'URL',
      sourceOptions: { url: 'https://x.example.com/d' },
      eventCount: 0,
      warningCount: 0,
    });
    expect(dataCacheItem(caches[0]!, undefined)).not.toHaveProperty('lastEventAt');
    expect(dataCacheItem(caches[0]!, { events: 3, warnings: 2, lastTimestamp: T0 })).toMatchObject({
      eventCount: 3,
      warningCount: 2,
      lastEventAt: '2026-03-01T00:00:00Z',
    });
  });
});
