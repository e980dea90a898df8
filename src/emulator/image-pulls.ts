// kubelet's image manager for one container start (pkg/kubelet/images/image_manager.go,
// EnsureImageExists): the pull policy decides whether to pull; an image whose last pull failed
// is not pulled again until its back-off has passed (flowcontrol.Backoff: 10 s doubling to
// 5 min, keyed by pod and image); a pull resolves the reference against the world
// (images/resolve.ts) and takes the modelled time (images/pull-time.ts). The events and the
// container's waiting state are kubelet's, word for word:
//   present           Pulled "Container image "%s" already present on machine"
//   Never, absent     Failed "Error: ErrImageNeverPull" (waiting ErrImageNeverPull)
//   in back-off       BackOff "Back-off pulling image "%s"" (Normal), Failed "Error: ImagePullBackOff",
//                     waiting "Back-off pulling image "%s": ErrImagePull: <the last pull's reason>"
//   pull fails        Failed "Failed to pull image "%s": <runtime reason>", Failed "Error: ErrImagePull"
//   bad reference     Failed "Error: InvalidImageName" (waiting InvalidImageName)
// kubelet records ErrImageNeverPull and InspectFailed events too; the catalog has no rows for
// them, so only their Failed "Error: ..." events are recorded (see docs/WORLD.md).
import type { Micros } from '../model/event.js';
import type { ContainerState } from './container-group.js';
import { parseReference, pullTime, resolveImage, type ImageArch, type ImageFacts } from './images/index.js';
import type { GroupRuntime } from './runtime.js';
import type { LifecycleContext } from './container-run.js';
import { backoffDelay, goDuration } from './timings.js';
import type { PullOutcome, PullStart } from './steps.js';

/** Waiting reasons of a container whose image could not be had: the group stays Pending. */
export const PULL_WAITING_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']);

/**
 * How soon kubelet syncs a pod again after a sync failed (pod_workers.go: backOffPeriod 10 s,
 * jittered by up to half; the emulator takes the lower bound so counts are exact).
 */
export const POD_RESYNC_AFTER_ERROR: Micros = 10_000_000;

/** One pull's back-off, as flowcontrol.Backoff keeps it, and the failed pull's error (kubelet's prevPullErrMsg). */
export interface PullBackoff {
  lastUpdate: Micros;
  delay: Micros;
  /** `ErrImagePull: <the runtime's reason>`: what the ImagePullBackOff waiting message wraps. */
  lastError?: string;
}

export type { PullStart, PullOutcome } from './steps.js';

export class ImagePulls {
  constructor(private readonly ctx: LifecycleContext) {}

  /** The architecture the instance's type runs (its manifests must have it). */
  private arch(rt: GroupRuntime): ImageArch {
    return this.ctx.world.instanceType(rt.group.instanceType)?.arch === 'ARM64' ? 'arm64' : 'amd64';
  }

  /**
   * The first half of EnsureImageExists, at the start of a container: the events recorded now,
   * and, for a pull, how long it takes and what happens when it ends (true: the image is there).
   */
  begin(rt: GroupRuntime, name: string): PullStart {
    const { events, clock } = this.ctx;
    const c = rt.container(name);
    // kubelet applies the default tag before anything else (applyDefaultImageTag).
    const parsed = parseReference(c.image);
    if (!parsed.ok) {
      this.wait(rt, name, 'InvalidImageName', `Failed to apply default image tag "${c.image}": couldn't parse image reference "${c.image}": ${parsed.reason}`);
      return { kind: 'blocked' };
    }
    const present = rt.pulled.has(c.image);
    if (c.imagePullPolicy === 'Never' || (c.imagePullPolicy === 'IfNotPresent' && present)) {
      if (present) {
        events.agent(rt.group, 'Pulled', [c.image], name);
        return { kind: 'present' };
      }
      this.wait(rt, name, 'ErrImageNeverPull', `Container image "${c.image}" is not present with pull policy of Never`);
      return { kind: 'blocked' };
    }
    const backoff = rt.pullBackoffs.get(c.image);
    if (backoff && clock.now() - backoff.lastUpdate < backoff.delay) {
      // The event says only the image; the waiting message wraps the last pull's error
      // (image_manager.go EnsureImageExists: prevPullErrMsg, "%s: %s" of ErrImagePull and its message).
      events.agent(rt.group, 'BackOff', [c.image], name);
      const message = `Back-off pulling image "${c.image}"`;
      this.wait(rt, name, 'ImagePullBackOff', backoff.lastError ? `${message}: ${backoff.lastError}` : message);
      return { kind: 'blocked' };
    }
    const found = resolveImage(this.ctx.world.spec, c.image, {
      credentials: rt.credentials,
      arch: this.arch(rt),
      outage: (host) => this.ctx.world.faults.on('registry-outage', host.toLowerCase()) !== undefined,
    });
    events.agent(rt.group, 'Pulling', [c.image], name);
    if (!found.ok) {
      const failure = found.failure;
      const outageRegistry = failure.kind === 'unreachable' && failure.registry ? failure.registry.toLowerCase() : undefined;
      return {
        kind: 'pulling',
        after: this.ctx.world.scaled(failure.after),
        outcome: { ok: false, reason: failure.reason, ...(outageRegistry ? { outageRegistry } : {}) },
      };
    }
    const time = this.duration(rt, found.image);
    return { kind: 'pulling', after: time, outcome: { ok: true, image: c.image, layers: found.image.layers.map((l) => l.digest), time } };
  }

  /** The second half, when the pull's time is over: true when the image is there. */
  finish(rt: GroupRuntime, name: string, outcome: PullOutcome): boolean {
    if (!outcome.ok) {
      // The outage was in force when the dial started: that is what timed it out (and counts as a hit).
      if (outcome.outageRegistry) this.ctx.world.faults.hit('registry-outage', outcome.outageRegistry);
      this.failed(rt, name, outcome.reason);
      return false;
    }
    rt.pulled.add(outcome.image);
    for (const l of outcome.layers) rt.layers.add(l);
    rt.pullBackoffs.delete(outcome.image);
    this.ctx.events.agent(rt.group, 'Pulled', [outcome.image, goDuration(outcome.time)], name);
    return true;
  }

  /** The modelled time, or the fixed one in-process tests pace the lifecycle with (Timings.pull). */
  private duration(rt: GroupRuntime, image: ImageFacts): Micros {
    if (this.ctx.timings.pull !== undefined) return this.ctx.timings.pull;
    // Counted as a hit, so that `--count N` slows N pulls.
    const slow = this.ctx.world.faults.hit('registry-slow', image.registry.host.toLowerCase());
    return this.ctx.world.scaled(pullTime(image, rt.layers, slow?.factor ?? 1).duration);
  }

  /** A pull failed: kubelet's two Failed events, the waiting state, and the back-off grows. */
  private failed(rt: GroupRuntime, name: string, reason: string): void {
    const { events, clock, timings } = this.ctx;
    const c = rt.container(name);
    events.agent(rt.group, 'Failed', [c.image, reason], name);
    const before = rt.pullBackoffs.get(c.image);
    const now = clock.now();
    // flowcontrol.Backoff.Next: start at the base, double up to the cap; forgotten after 2 × cap idle.
    const fresh = !before || now - before.lastUpdate > 2 * timings.backoffMax;
    const delay = fresh ? backoffDelay(timings, 0) : Math.min(timings.backoffMax, before.delay * 2);
    rt.pullBackoffs.set(c.image, { lastUpdate: now, delay, lastError: `ErrImagePull: ${reason}` });
    this.wait(rt, name, 'ErrImagePull', reason);
  }

  /** The container waits with kubelet's reason and message; Failed "Error: <reason>" is recorded. */
  private wait(rt: GroupRuntime, name: string, reason: string, message: string): void {
    const c = rt.container(name);
    const state: ContainerState = { state: 'Waiting', reason, message };
    c.currentState = state;
    c.ready = false;
    this.ctx.events.agent(rt.group, 'Failed', [reason], name);
  }
}
