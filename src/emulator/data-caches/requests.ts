// What the data-cache actions ask of the emulator, already parsed by the RPC layer.
import type { Tag } from '../container-group.js';
import type { DataSource } from './data-cache.js';

export interface CreateDataCacheRequest {
  account: string;
  regionId: string;
  name: string;
  /** Default "default". */
  bucket?: string;
  path: string;
  dataSource: DataSource;
  /** GiB (default 20). */
  sizeGiB?: number;
  retentionDays?: number;
  vSwitchId?: string;
  securityGroupId?: string;
  eipInstanceId?: string;
  resourceGroupId?: string;
  tags?: Tag[];
  clientToken?: string;
}

/** UpdateDataCache: only what is given changes; a new DataSource or Size loads the cache again. */
export type UpdateDataCacheRequest = Partial<Omit<CreateDataCacheRequest, 'account' | 'regionId' | 'path' | 'clientToken'>>;

export interface CopyDataCacheRequest {
  destinationRegionId: string;
  name?: string;
  bucket?: string;
  path?: string;
  retentionDays?: number;
  resourceGroupId?: string;
  tags?: Tag[];
}

export interface DataCacheFilter {
  ids?: string[];
  bucket?: string;
  path?: string;
  resourceGroupId?: string;
  tags?: Tag[];
}
