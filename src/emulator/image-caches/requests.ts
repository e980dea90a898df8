// What the image-cache actions ask of the emulator, already parsed by the RPC layer.
import type { Tag } from '../container-group.js';
import type { EliminationStrategy, ImageCacheStatus } from './image-cache.js';
import type { RegistryCredential } from './image-source.js';

export interface CreateImageCacheRequest {
  account: string;
  regionId: string;
  name: string;
  images: string[];
  zoneId?: string;
  vSwitchId?: string;
  securityGroupId?: string;
  eipInstanceId?: string;
  /** GiB (default 20). */
  capacityGiB?: number;
  retentionDays?: number;
  eliminationStrategy?: EliminationStrategy;
  flash?: boolean;
  flashCopyCount?: number;
  standardCopyCount?: number;
  resourceGroupId?: string;
  tags?: Tag[];
  credentials?: RegistryCredential[];
  clientToken?: string;
}

/**
 * UpdateImageCache: only what is given changes. New images or a new size rebuild the cache. Where
 * a cache lives (account, region, zone) and the creation's idempotency token are not changed.
 */
export type UpdateImageCacheRequest = Partial<Omit<CreateImageCacheRequest, 'account' | 'regionId' | 'zoneId' | 'clientToken'>>;

export interface ImageCacheFilter {
  ids?: string[];
  name?: string;
  snapshotId?: string;
  /** Caches holding this image. */
  image?: string;
  /** Caches holding these images (MatchImage.N), best match first. */
  matchImages?: string[];
  /** With matchImages: only caches holding every one of them. */
  fullMatch?: boolean;
  /** With matchImages: at most this many caches. */
  matchCount?: number;
  resourceGroupId?: string;
  tags?: Tag[];
  status?: ImageCacheStatus;
}
