// A data cache as the emulator keeps it: where its data comes from, where it is kept (bucket and
// path), the load that fills it and where it stands. Types only.
import type { Micros } from '../../model/event.js';
import type { Tag } from '../container-group.js';

/** DescribeDataCaches' Status values, as the API reference lists them (docs/WORLD.md). */
export const DATA_CACHE_STATUSES = ['Creating', 'Loading', 'Available', 'Failed', 'Updating', 'UpdateFailed'] as const;
export type DataCacheStatus = (typeof DATA_CACHE_STATUSES)[number];

/** CreateDataCache's DataSource.Type values. */
export const DATA_SOURCE_TYPES = ['URL', 'NAS', 'OSS'] as const;
export type DataSourceType = (typeof DATA_SOURCE_TYPES)[number];

/** Statuses in which a load is at work: UpdateDataCache and CopyDataCache wait for it to end. */
export const LOADING: ReadonlySet<DataCacheStatus> = new Set(['Creating', 'Loading', 'Updating']);

/** DataSource as given: its type and its options (URL: url; NAS: server, path; OSS: bucket, url, path). */
export interface DataSource {
  type: DataSourceType;
  options: Record<string, string>;
}

export interface DataCache {
  id: string;
  account: string;
  regionId: string;
  name: string;
  bucket: string;
  path: string;
  dataSource: DataSource;
  /** GiB (Size, default 20). */
  sizeGiB: number;
  status: DataCacheStatus;
  creationTime: Micros;
  statusTime: Micros;
  /** The temporary instance that loads the data (the job); its events and log tell why a load failed. */
  containerGroupId?: string;
  /** Bytes the last load wrote. */
  usedBytes?: number;
  snapshotId?: string;
  /** 0 to 100; while loading, from the load's window. */
  progress: number;
  loadWindow?: { from: Micros; to: Micros };
  retentionDays?: number;
  expireTime?: Micros;
  lastMatchedTime?: Micros;
  resourceGroupId: string;
  tags: Tag[];
  vSwitchId?: string;
  securityGroupId?: string;
  eipInstanceId?: string;
  /** The cache it was copied from (CopyDataCache), which has no job of its own. */
  copiedFrom?: string;
}
