// How long each step of a data cache's load takes on the service's clock. ECI documents no
// figures; each is named so a test can compute when each status and event falls.
import type { Micros } from '../../model/event.js';

const S = 1_000_000;

export interface DataCacheTimings {
  /** The proxy (an ENI in the cache's vSwitch) is created and reaches the source. */
  proxy: Micros;
  /** The job has this long to start running; after it, DataCacheJobStartFailed. */
  jobStartTimeout: Micros;
  /** The snapshot of the loaded disk: a fixed part... */
  snapshotBase: Micros;
  /** ...plus this per GiB loaded. */
  snapshotPerGiB: Micros;
  /** CopyDataCache: the snapshot copied to the other region. */
  copy: Micros;
}

export const DATA_CACHE_TIMINGS: DataCacheTimings = {
  proxy: 10 * S,
  jobStartTimeout: 600 * S,
  snapshotBase: 30 * S,
  snapshotPerGiB: 5 * S,
  copy: 60 * S,
};

/** Read speed of a source that names none, MB/s. */
export const DEFAULT_SOURCE_SPEED_MBPS = 100;
/** A failed cache is kept a day, as a failed image cache is. */
export const FAILED_RETENTION: Micros = 24 * 3600 * S;
export const DAY: Micros = 24 * 3600 * S;
