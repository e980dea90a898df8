export {
  DataCaches,
  DEFAULT_DATA_CACHE_GIB,
  DEFAULT_BUCKET,
  RESERVED_BUCKET,
  dataCacheNotFound,
  type DataCachesOptions,
  type DataCacheList,
} from './data-caches.js';
export { DATA_CACHE_STATUSES, DATA_SOURCE_TYPES, type DataCache, type DataCacheStatus, type DataSource, type DataSourceType } from './data-cache.js';
export type { CreateDataCacheRequest, UpdateDataCacheRequest, CopyDataCacheRequest, DataCacheFilter } from './requests.js';
export { dataCacheRef, DATA_CACHE_API_VERSION } from './cache-events.js';
export { DATA_CACHE_TIMINGS, type DataCacheTimings } from './timings.js';
export { loaderImage, LOADER_CONTAINER } from './job.js';
