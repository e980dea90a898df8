// The modelled load of a running container, a function of the seconds since its run started and
// nothing else, so that every read of the same instant gives the same figures (docs/WORLD.md,
// "Metrics"). A container starts busy (loading, warming caches), then settles; it uses nothing
// while it is not running. Shares are of the container's own limits.

/** A run's start-up: this long at STARTUP_CPU_SHARE of the CPU limit. */
export const STARTUP_SECONDS = 30;
export const STARTUP_CPU_SHARE = 0.5;
/** After start-up: a steady tenth of the CPU limit. */
export const STEADY_CPU_SHARE = 0.1;
/** Working set: from this share of the memory limit at the start, rising evenly over start-up... */
export const START_MEMORY_SHARE = 0.1;
/** ...to this share, where it stays. */
export const STEADY_MEMORY_SHARE = 0.3;
/** Resident set and page cache as shares of the working set (usage = rss + cache, as cgroups count it). */
export const RSS_OF_WORKING_SET = 0.8;
export const CACHE_OF_WORKING_SET = 0.3;
/** Traffic of a running container on the instance's ENI, bytes per second, and bytes per packet. */
export const RX_BYTES_PER_SECOND = 2048;
export const TX_BYTES_PER_SECOND = 1024;
export const BYTES_PER_PACKET = 512;
/** Each run reads its program and libraries once at the start; then writes logs and state. */
export const READ_BYTES_PER_RUN = 4 * 1024 * 1024;
export const WRITE_BYTES_PER_SECOND = 512;
/** Bytes per disk IO (the page size). */
export const BYTES_PER_IO = 4096;

/** CPU in use, as a share of the limit, `tau` seconds into a run. */
export function cpuShare(tau: number): number {
  return tau < STARTUP_SECONDS ? STARTUP_CPU_SHARE : STEADY_CPU_SHARE;
}

/** The integral of cpuShare over the first `tau` seconds of a run: limit-seconds used. */
export function cpuShareSeconds(tau: number): number {
  const t = Math.max(0, tau);
  return STARTUP_CPU_SHARE * Math.min(t, STARTUP_SECONDS) + STEADY_CPU_SHARE * Math.max(0, t - STARTUP_SECONDS);
}

/** Working set, as a share of the memory limit, `tau` seconds into a run. */
export function memoryShare(tau: number): number {
  if (tau >= STARTUP_SECONDS) return STEADY_MEMORY_SHARE;
  return START_MEMORY_SHARE + ((STEADY_MEMORY_SHARE - START_MEMORY_SHARE) * Math.max(0, tau)) / STARTUP_SECONDS;
}
