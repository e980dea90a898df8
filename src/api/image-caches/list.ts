// The console's list of image caches: the emulator's caches of an account in every region, with
// what their events add up to, filtered and paged newest first by a cursor. Pure functions, no
// web framework.
import type { ImageCache, ImageCacheStatus } from '../../emulator/index.js';
import type { ImageCacheSummary, ImageCachesPage } from '../../contracts/index.js';
import type { Micros } from '../../model/event.js';
import { toRfc3339 } from '../../model/time.js';
import type { GroupEventSummary } from '../../store/index.js';
import { pageNewestFirst } from '../newest-first-page.js';
import { progress } from '../sdk-models/render-image-cache.js';

export interface ImageCacheQuery {
  /** Part of the id, the name or one of the images, any case. */
  q?: string;
  status?: ImageCacheStatus;
  regionId?: string;
  /** The `next` of the previous page. */
  after?: string;
  limit: number;
}

/**
 * The cache's item. Its events are those of its intermediate instance: the cache records every
 * event with that instance as its container group (cache-events.ts), and nothing else does, which
 * is how DescribeImageCaches finds them too.
 */
export function imageCacheItem(c: ImageCache, events: GroupEventSummary | undefined, now: Micros): ImageCacheSummary {
  return {
    imageCacheId: c.id,
    name: c.name,
    status: c.status,
    images: [...c.images],
    sizeGiB: c.capacityGiB,
    ...(c.usedBytes !== undefined ? { usedBytes: c.usedBytes } : {}),
    progress: progress(c, now),
    regionId: c.regionId,
    zoneId: c.zoneId,
    creationTime: toRfc3339(c.creationTime),
    ...(c.expireTime !== undefined ? { expireTime: toRfc3339(c.expireTime) } : {}),
    ...(c.lastMatchedTime !== undefined ? { lastMatchedTime: toRfc3339(c.lastMatchedTime) } : {}),
    flash: c.flash,
    ...(c.snapshotId ? { snapshotId: c.snapshotId } : {}),
    containerGroupId: c.containerGroupId,
    eventCount: events?.events ?? 0,
    warningCount: events?.warnings ?? 0,
    ...(events ? { lastEventAt: toRfc3339(events.lastTimestamp) } : {}),
  };
}

function matches(c: ImageCache, q: ImageCacheQuery): boolean {
  if (q.status !== undefined && c.status !== q.status) return false;
  if (q.regionId !== undefined && c.regionId !== q.regionId) return false;
  const text = q.q?.trim().toLowerCase();
  if (!text) return true;
  return [c.id, c.name, ...c.images].some((s) => s.toLowerCase().includes(text));
}

export function listImageCaches(caches: readonly ImageCache[], summaries: readonly GroupEventSummary[], q: ImageCacheQuery, now: Micros): ImageCachesPage {
  const { total, page, next } = pageNewestFirst(
    caches.filter((c) => matches(c, q)),
    q.after,
    q.limit,
  );
  const byGroup = new Map(summaries.map((s) => [s.containerGroupId, s]));
  return {
    total,
    items: page.map((c) => imageCacheItem(c, byGroup.get(c.containerGroupId), now)),
    ...(next ? { next } : {}),
  };
}
