// How long each lifecycle step takes, in microseconds. The defaults make the happy path of a
// one-container group take under two seconds of wall time: long enough to see every status,
// short enough for a test or a demo. Tests on a ManualScheduler can use any values.
import type { Micros } from '../model/event.js';

export interface Timings {
  /** Until the platform accepts a new group (it stays Scheduling until it is placed). */
  accept: Micros;
  /** Accepted → provisioned in the world and placed on a host (Pending; the agent's Scheduled event). */
  schedule: Micros;
  /**
   * A fixed time for every pull, instead of the registry model (images/pull-time.ts): for
   * in-process lifecycle tests that pace the steps by hand. Absent (the default): modelled.
   */
  pull?: Micros;
  /** Created → Started, per container. */
  start: Micros;
  /** A container asked to stop (Killing) is gone, before a restart or update starts it again. */
  stop: Micros;
  /** Terminating → gone from Describe after a delete. */
  terminate: Micros;
  /** The first wait before restarting an exited container (and pulling a failed image again); it doubles. */
  backoffBase: Micros;
  /** The longest such wait. */
  backoffMax: Micros;
  /**
   * kubelet's resync interval (syncFrequency): the longest a pod worker waits before it syncs a
   * pod in crash-loop back-off again (crash-loop.ts), before its jitter of up to half.
   */
  podResync: Micros;
}

const MS = 1000;
const S = 1_000_000;

export const DEFAULT_TIMINGS: Timings = {
  accept: 100 * MS,
  schedule: 500 * MS,
  start: 300 * MS,
  stop: 500 * MS,
  terminate: 1 * S,
  // kubelet's CrashLoopBackOff: 10 s doubling to 5 min. Shorter waits would make a crash loop
  // on a virtual clock a burst of restarts (a year at 30 s is a million); at 5 min it is ~105,000.
  backoffBase: 10 * S,
  backoffMax: 300 * S,
  // kubelet's --sync-frequency default.
  podResync: 60 * S,
};

/** The `failures`-th wait of a back-off (0: the first): base × 2^failures, capped. */
export function backoffDelay(timings: Timings, failures: number): Micros {
  return Math.min(timings.backoffMax, timings.backoffBase * 2 ** Math.min(failures, 30));
}

/** A duration as Go prints it, as kubelet's Pulled message shows it: 812ms, 1.5s, 2m3s. */
export function goDuration(micros: Micros): string {
  if (micros < 1000) return `${micros}µs`;
  if (micros < S) return `${trim(micros / MS)}ms`;
  const totalSeconds = micros / S;
  if (totalSeconds < 60) return `${trim(totalSeconds)}s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds - minutes * 60;
  if (minutes < 60) return `${minutes}m${trim(seconds)}s`;
  return `${Math.floor(minutes / 60)}h${minutes % 60}m${trim(seconds)}s`;
}

function trim(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
