// kubelet's crash-loop back-off, as plain data so that a group's runtime can be stored as JSON.
//
// Sources (kubernetes/kubernetes, pkg/kubelet):
// - kuberuntime/kuberuntime_manager.go doBackOff: on each pod sync, a container that exited is
//   restarted unless `IsInBackOffSince(key, finishedAt)`; when it is, kubelet records the Warning
//   event BackOff "Back-off restarting failed container NAME in pod POD", leaves the container
//   waiting with reason CrashLoopBackOff and the message
//   "back-off 5m0s restarting failed container=NAME pod=NAME_NAMESPACE(UID)", and skips it.
//   When it is not, `Next(key, finishedAt)` grows the back-off and the container starts at once.
// - client-go util/flowcontrol/backoff.go: kubelet's Backoff is NewBackOff(10s, 5m) (kubelet.go
//   backOffPeriod, MaxContainerBackOff), no jitter; Next starts an entry at 10 s and doubles it up
//   to 5 min; an entry whose last update is more than 2 × 5 min = 10 min before the exit is
//   expired: the container restarts at once and the back-off starts again from 10 s. So the first
//   exit restarts at once (kubernetes#133472 confirms it), the second waits 10 s, then 20, 40...
// - pod_workers.go completeWork: a sync that failed (a back-off is a failure) is retried after
//   wait.Jitter(d, workerBackOffPeriodJitterFactor = 0.5), i.e. d to 1.5 d, where d is, since
//   Kubernetes 1.35 (kubernetes#133066), the time left of the back-off, at most the resync
//   interval (syncFrequency, 1 min). So a back-off up to a minute records one BackOff and the
//   restart comes up to half of it late; a 5 min back-off records about four BackOff events, one
//   every 60 to 90 s. (Before 1.35, d was always backOffPeriod = 10 s: kubernetes#123602.)
// The jitter is drawn from a hash of the group, the container and the sync's number instead of a
// random source, so a run on the virtual clock gives the same times every time.
import type { Micros } from '../model/event.js';

/** One container's flowcontrol.Backoff entry, and how many back-off syncs it has had (the jitter's input). */
export interface CrashLoopState {
  /** The current back-off (what the waiting message shows). */
  backoff: Micros;
  /** When the back-off was last grown (the restart that followed it). */
  lastUpdate: Micros;
  /** Syncs skipped in back-off so far, over the container's life. */
  syncs: number;
}

/** wait.Jitter's factor for the pod worker's retry after a failed sync. */
export const POD_SYNC_JITTER_FACTOR = 0.5;

/** A number in [0, 1) from the text and the counter: FNV-1a, 32 bits. */
export function jitterFraction(seed: string, n: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}#${n}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

/** wait.Jitter(d, 0.5): d plus up to half of it, drawn from (seed, n). */
export function jitter(d: Micros, seed: string, n: number): Micros {
  return d + Math.floor(jitterFraction(seed, n) * POD_SYNC_JITTER_FACTOR * d);
}

/** When the pod worker syncs a pod in back-off again: the back-off's end, at most `resync` away, jittered. */
export function backOffResyncDelay(entry: CrashLoopState, finishedAt: Micros, now: Micros, resync: Micros, seed: string): Micros {
  const left = Math.min(Math.max(0, finishedAt + entry.backoff - now), resync);
  return jitter(left, seed, entry.syncs);
}

/** flowcontrol's hasExpired: the container ran stably for twice the cap since the back-off last grew. */
function expired(entry: CrashLoopState, finishedAt: Micros, max: Micros): boolean {
  return finishedAt - entry.lastUpdate > 2 * max;
}

/** IsInBackOffSince(key, finishedAt) at `now`. */
export function inBackOff(entry: CrashLoopState | undefined, finishedAt: Micros, now: Micros, max: Micros): entry is CrashLoopState {
  if (!entry || expired(entry, finishedAt, max)) return false;
  return now - finishedAt < entry.backoff;
}

/** Next(key, finishedAt) at `now`: a new or expired entry starts at the base, else it doubles to the cap. */
export function nextBackOff(entry: CrashLoopState | undefined, finishedAt: Micros, now: Micros, base: Micros, max: Micros): CrashLoopState {
  const syncs = entry?.syncs ?? 0;
  if (!entry || expired(entry, finishedAt, max)) return { backoff: Math.min(base, max), lastUpdate: now, syncs };
  return { backoff: Math.min(entry.backoff * 2, max), lastUpdate: now, syncs };
}
