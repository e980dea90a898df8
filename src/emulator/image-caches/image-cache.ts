// An image cache as the emulator keeps it: what CreateImageCache asked for, what building it
// found (sizes, architectures, layers), the snapshots it made, and where it stands. Types only.
import type { Micros } from '../../model/event.js';
import type { Tag } from '../container-group.js';
import type { Architecture, RegistryCredential } from './image-source.js';

/** DescribeImageCaches' Status values, as the API reference lists them (docs/WORLD.md). */
export const IMAGE_CACHE_STATUSES = ['Preparing', 'Creating', 'Ready', 'Failed', 'Updating', 'UpdateFailed'] as const;
export type ImageCacheStatus = (typeof IMAGE_CACHE_STATUSES)[number];

/** Statuses in which the cache's builder is at work: a second build of the same images conflicts. */
export const BUILDING: ReadonlySet<ImageCacheStatus> = new Set(['Preparing', 'Creating', 'Updating']);
/** UpdateImageCache's documented rule: only these can be updated. */
export const UPDATABLE: ReadonlySet<ImageCacheStatus> = new Set(['Ready', 'UpdateFailed']);

/** The only EliminationStrategy value ECI documents; absent means "always kept". */
export const ELIMINATION_STRATEGIES = ['LRU'] as const;
export type EliminationStrategy = (typeof ELIMINATION_STRATEGIES)[number];

/** What one built image contributed: a later match compares these with a group's images. */
export interface CachedImage {
  image: string;
  digest: string;
  architectures: Architecture[];
  layers: Array<{ digest: string; sizeBytes: number }>;
}

export interface ImageCache {
  id: string;
  account: string;
  regionId: string;
  zoneId: string;
  name: string;
  /** The images as the caller named them, in order. */
  images: string[];
  status: ImageCacheStatus;
  creationTime: Micros;
  statusTime: Micros;
  /** The intermediate instance that pulls the images (ECI creates one per build); the cache's events belong to it. */
  containerGroupId: string;
  /** Capacity of the cache disk, GiB (ImageCacheSize). */
  capacityGiB: number;
  /** What the built images take on the disk, layers shared between images counted once. */
  usedBytes?: number;
  /** The built images (absent until a build has pulled them). */
  built?: CachedImage[];
  /** Architectures every built image offers: a group can use the cache only on one of these. */
  architectures?: Architecture[];
  eliminationStrategy?: EliminationStrategy;
  retentionDays?: number;
  /** When it is deleted because its retention is over (absent: kept until deleted). */
  expireTime?: Micros;
  flash: boolean;
  flashCopyCount: number;
  standardCopyCount: number;
  /** The regular snapshot; set when the standard image cache is made. */
  snapshotId?: string;
  /** The temporary local snapshot of a flash build, until the regular one replaces it. */
  flashSnapshotId?: string;
  /** Extra regular snapshots (copies) made after the first. */
  copies: string[];
  /** Progress of the regular snapshot, 0 to 100, when no snapshot is being made. */
  progress: number;
  /** While the regular snapshot is made: from when to when (Progress grows with the clock). */
  snapshotWindow?: { from: Micros; to: Micros };
  resourceGroupId: string;
  tags: Tag[];
  lastMatchedTime?: Micros;
  vSwitchId?: string;
  securityGroupId?: string;
  eipInstanceId?: string;
  /** Kept to pull with; never shown. */
  credentials: RegistryCredential[];
}
