export { ImageCaches, DEFAULT_CAPACITY_GIB, imageCacheNotFound, type ImageCachesOptions } from './image-caches.js';
export {
  IMAGE_CACHE_STATUSES,
  ELIMINATION_STRATEGIES,
  type ImageCache,
  type ImageCacheStatus,
  type CachedImage,
  type EliminationStrategy,
} from './image-cache.js';
export type { Architecture, PullImage, PullOutcome, PullRequest, PulledImage, PullFailure, RegistryCredential } from './image-source.js';
export type { CreateImageCacheRequest, UpdateImageCacheRequest, ImageCacheFilter } from './requests.js';
export type { CachePage, CacheList } from './list.js';
export { matchCaches, normalizeImage, type CacheMatch, type MatchKind } from './match.js';
export { imageCacheRef, IMAGE_CACHE_API_VERSION } from './cache-events.js';
export { CACHE_TIMINGS, type CacheTimings } from './timings.js';
