// Image caches as the official SDK reads them: DescribeImageCaches' ImageCaches[] items, their
// keys exactly the names() of DescribeImageCachesResponseBodyImageCaches (@alicloud/eci20180808
// 2.0.3). Events[] has the same keys as a group's (Count, Type, Reason, Message, Name and the
// timestamps). Times are RFC 3339 UTC to the second; absent values are left out.
import type { ImageCache } from '../../emulator/index.js';
import type { EventView } from '../../model/event.js';
import { toRfc3339Seconds } from '../../model/time.js';
import { renderGroupEvent } from './render-container-group.js';

const time = (at: number | undefined) => (at === undefined ? undefined : toRfc3339Seconds(at));

/** Progress of the regular snapshot as ECI writes it ("100%"), moving with the clock while it is made. */
export function progress(c: ImageCache, now: number): string {
  const w = c.snapshotWindow;
  if (!w) return `${c.progress}%`;
  const share = w.to > w.from ? Math.min(1, Math.max(0, (now - w.from) / (w.to - w.from))) : 1;
  return `${Math.floor(share * 100)}%`;
}

export function renderImageCache(c: ImageCache, events: readonly EventView[], now: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ContainerGroupId: c.containerGroupId,
    CreationTime: toRfc3339Seconds(c.creationTime),
    EliminationStrategy: c.eliminationStrategy ?? '',
    Events: events.map(renderGroupEvent),
    ExpireDateTime: time(c.expireTime),
    FlashSnapshotId: c.flashSnapshotId,
    ImageCacheId: c.id,
    ImageCacheName: c.name,
    ImageCacheSize: c.capacityGiB,
    Images: [...c.images],
    LastMatchedTime: time(c.lastMatchedTime),
    Progress: progress(c, now),
    RegionId: c.regionId,
    ResourceGroupId: c.resourceGroupId || undefined,
    SnapshotId: c.snapshotId,
    Status: c.status,
    Tags: c.tags.map((t) => ({ Key: t.key, Value: t.value })),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
