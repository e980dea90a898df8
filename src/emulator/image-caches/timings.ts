// How long each step of building an image cache takes on the service's clock. ECI documents no
// figures; these are of the order its console shows for a small cache, and every one is named
// here so a test can compute when each status and event falls.
import type { Micros } from '../../model/event.js';

const S = 1_000_000;

export interface CacheTimings {
  /** The intermediate instance and its ESSD disk are created and started (Preparing → Creating). */
  prepare: Micros;
  /** A temporary local (flash) snapshot of the disk. */
  flashSnapshot: Micros;
  /** A regular snapshot: a fixed part... */
  snapshotBase: Micros;
  /** ...plus this per GiB used on the disk. */
  snapshotPerGiB: Micros;
  /** Each extra regular snapshot (StandardCopyCount above 1). */
  copy: Micros;
}

export const CACHE_TIMINGS: CacheTimings = {
  prepare: 30 * S,
  flashSnapshot: 10 * S,
  snapshotBase: 60 * S,
  snapshotPerGiB: 10 * S,
  copy: 30 * S,
};

/** A failed cache is kept this long (CreateImageCache: "image caches that fail to be created are only retained for one day"). */
export const FAILED_RETENTION: Micros = 24 * 3600 * S;
export const DAY: Micros = 24 * 3600 * S;
