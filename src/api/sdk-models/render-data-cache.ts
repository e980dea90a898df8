// Data caches as the official SDK reads them: DescribeDataCaches' DataCaches[] items, their keys
// the names() of DescribeDataCachesResponseBodyDataCaches (@alicloud/eci20180808 2.0.3).
// DataSource.Options is a JSON string there (the model types it as a string). Events[] are the
// cache's and its job's, with a group event's keys.
import type { DataCache } from '../../emulator/index.js';
import type { EventView } from '../../model/event.js';
import { toRfc3339Seconds } from '../../model/time.js';
import { renderGroupEvent } from './render-container-group.js';

const time = (at: number | undefined) => (at === undefined ? undefined : toRfc3339Seconds(at));

export function renderDataCache(c: DataCache, events: readonly EventView[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Bucket: c.bucket,
    ContainerGroupId: c.containerGroupId,
    CreationTime: toRfc3339Seconds(c.creationTime),
    DataCacheId: c.id,
    DataSource: { Type: c.dataSource.type, Options: JSON.stringify(c.dataSource.options) },
    Events: events.map(renderGroupEvent),
    ExpireDateTime: time(c.expireTime),
    LastMatchedTime: time(c.lastMatchedTime),
    Name: c.name,
    Path: c.path,
    Progress: `${c.progress}%`,
    RegionId: c.regionId,
    ResourceGroupId: c.resourceGroupId || undefined,
    Size: c.sizeGiB,
    SnapshotId: c.snapshotId,
    Status: c.status,
    Tags: c.tags.map((t) => ({ Key: t.key, Value: t.value })),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
