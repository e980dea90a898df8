// How long each lifecycle step takes, in microseconds. Two sets: ECI_TIMINGS, ECI's own
// durations, which a service on the real clock runs (a group takes the tens of seconds an ECI
// instance does before it runs; tests scale them down with serve --time-scale, time-scale.ts);
// and DEFAULT_TIMINGS, compact steps for a virtual clock and in-process tests, whose timelines
// (documented and tested to the millisecond) stay as they were. Pulls are the registry model's
// (images/pull-time.ts) on both. Sources and estimates: beside each value, and docs/WORLD.md.
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

/** Compact steps: a one-container group runs within two seconds of a virtual clock. */
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

/** ECI's durations, for the real clock: a one-container group runs after about 25 s. */
export const ECI_TIMINGS: Timings = {
  // The API answers at once; the platform's creation workflow picks the request up within
  // seconds (estimate: ECI's first event, the instance-type one, follows the call by ~1-2 s).
  accept: 2 * S,
  // Inventory, host placement, and the ENI created and attached in the vSwitch: ECI's
  // "Scheduling" status. Estimate, of the order ECI's console shows before the Scheduled event;
  // ENI attachment alone adds "several seconds" to a task launch (AWS ECS, awsvpc mode:
  // docs.aws.amazon.com/AmazonECS/latest/developerguide/task-recommendations.html).
  schedule: 20 * S,
  // Created → Started: the sandbox and the container's process (estimate; kubelet's own step is ~1 s).
  start: 2 * S,
  // A container that exits on SIGTERM (estimate; TerminationGracePeriodSeconds caps it at 30 s).
  stop: 2 * S,
  // Terminating → gone: the instance, its ENI and disks released (estimate).
  terminate: 10 * S,
  backoffBase: DEFAULT_TIMINGS.backoffBase,
  backoffMax: DEFAULT_TIMINGS.backoffMax,
  podResync: DEFAULT_TIMINGS.podResync,
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
