// The console's list of data caches: the emulator's caches of an account in every region, with
// what their events (kind DataCache, named by the cache's id) add up to, filtered and paged newest
// first by a cursor. Pure functions, no web framework.
import type { DataCache, DataCacheStatus } from '../../emulator/index.js';
import type { DataCacheSummary } from '../../contracts/index.js';
import { toRfc3339 } from '../../model/time.js';
import { pageNewestFirst } from '../newest-first-page.js';
import type { ObjectEventSummary } from '../object-events.js';

export interface DataCacheQuery {
  /** Part of the id, the name, the bucket or the path, any case. */
  q?: string;
  status?: DataCacheStatus;
  regionId?: string;
  after?: string;
  limit: number;
}

export function dataCacheItem(c: DataCache, events: ObjectEventSummary | undefined): DataCacheSummary {
  return {
    dataCacheId: c.id,
    name: c.name,
    status: c.status,
    bucket: c.bucket,
    path: c.path,
    sourceType: c.dataSource.type,
    sourceOptions: { ...c.dataSource.options },
    sizeGiB: c.sizeGiB,
    ...(c.usedBytes !== undefined ? { usedBytes: c.usedBytes } : {}),
    progress: `${c.progress}%`,
    regionId: c.regionId,
    creationTime: toRfc3339(c.creationTime),
    ...(c.expireTime !== undefined ? { expireTime: toRfc3339(c.expireTime) } : {}),
    ...(c.lastMatchedTime !== undefined ? { lastMatchedTime: toRfc3339(c.lastMatchedTime) } : {}),
    ...(c.snapshotId ? { snapshotId: c.snapshotId } : {}),
    ...(c.containerGroupId ? { containerGroupId: c.containerGroupId } : {}),
    ...(c.copiedFrom ? { copiedFrom: c.copiedFrom } : {}),
    eventCount: events?.events ?? 0,
    warningCount: events?.warnings ?? 0,
    ...(events ? { lastEventAt: toRfc3339(events.lastTimestamp) } : {}),
  };
}

function matches(c: DataCache, q: DataCacheQuery): boolean {
  if (q.status !== undefined && c.status !== q.status) return false;
  if (q.regionId !== undefined && c.regionId !== q.regionId) return false;
  const text = q.q?.trim().toLowerCase();
  if (!text) return true;
  return [c.id, c.name, c.bucket, c.path].some((s) => s.toLowerCase().includes(text));
}

export function pageDataCaches(caches: readonly DataCache[], q: DataCacheQuery): { total: number; page: DataCache[]; next?: string } {
  return pageNewestFirst(
    caches.filter((c) => matches(c, q)),
    q.after,
    q.limit,
  );
}
