// One container's life on its host, as kubelet drives it: pull (or reuse) the image, create,
// start; then the fate its command gives it (container-fate.ts); on exit, a restart when the
// restart policy asks for one, at once or after kubelet's crash-loop back-off (crash-loop.ts);
// Killing when the platform stops it.
import type { Clock } from '../model/clock.js';
import type { ContainerGroup, ContainerState } from './container-group.js';
import { runScript } from './container-fate.js';
import type { OutputEnv } from './script-output.js';
import type { GroupEvents } from './group-events.js';
import type { World } from './world/world.js';
import type { GroupRuntime } from './runtime.js';
import { runSteps, type Step } from './steps.js';
import { goDuration, type Timings } from './timings.js';
import { backOffResyncDelay, inBackOff, nextBackOff } from './crash-loop.js';
import type { Micros } from '../model/event.js';
import { ev } from './world/causes/event.js';
import { cgroupOomLine, OOM_EXIT_CODE, processName, resourceEnd, runLimits, systemOomMessage, victimPid } from './workload/limits.js';
import { ImagePulls, POD_RESYNC_AFTER_ERROR, type PullStart } from './image-pulls.js';

export interface LifecycleContext {
  clock: Clock;
  timings: Timings;
  events: GroupEvents;
  world: World;
  /** The node a group's pod is assigned to as it is placed (default: the zone's virtual kubelet). */
  nodeFor?: (g: ContainerGroup) => string | undefined;
}

const CREATING: ContainerState = { state: 'Waiting', reason: 'ContainerCreating' };

/** kubelet's name for a pod in messages: name_namespace(uid). */
function podName(rt: GroupRuntime): string {
  const g = rt.group;
  return `${g.name}_${g.namespace}(${g.id})`;
}

export class ContainerRunner {
  private readonly pulls: ImagePulls;

  constructor(
    private readonly ctx: LifecycleContext,
    /** Called after an exit so the group can settle its status. */
    private readonly settle: (rt: GroupRuntime) => void,
  ) {
    this.pulls = new ImagePulls(ctx);
  }

  /**
   * Pull (unless the image is present and the policy allows reuse), create, start. A container
   * whose image cannot be had waits (ErrImagePull, ImagePullBackOff...) and is tried again when
   * kubelet next syncs the pod; the other containers of the group go on.
   */
  startSteps(rt: GroupRuntime, name: string): Step[] {
    const { events, timings } = this.ctx;
    let pull: PullStart = { kind: 'blocked' };
    let ready = false;
    return [
      {
        delay: 0,
        run: () => {
          pull = this.pulls.begin(rt, name);
          ready = pull.kind === 'present';
          if (ready) events.agent(rt.group, 'Created', [name], name);
        },
      },
      {
        delay: () => (pull.kind === 'pulling' ? pull.after : 0),
        run: () => {
          if (pull.kind === 'pulling') {
            ready = pull.finish();
            if (ready) events.agent(rt.group, 'Created', [name], name);
          }
          if (!ready) this.retryPull(rt, name);
        },
      },
      {
        delay: () => (ready ? timings.start : 0),
        run: () => {
          if (!ready) return;
          this.started(rt, name);
          this.settle(rt);
        },
      },
    ];
  }

  /** The next pod sync after a failed one tries the container again (its own timer). */
  private retryPull(rt: GroupRuntime, name: string): void {
    rt.afterFor(name, POD_RESYNC_AFTER_ERROR, () => runSteps((d, fn) => rt.afterFor(name, d, fn), this.startSteps(rt, name)));
  }

  /** Before a (re)start: the container waits to be created; a finished run becomes its previous state. */
  waitForStart(rt: GroupRuntime, name: string): void {
    const c = rt.container(name);
    if (c.currentState.state === 'Terminated') c.previousState = c.currentState;
    c.currentState = { ...CREATING };
    c.ready = false;
  }

  /**
   * Killing: the platform stops a running container. Returns false when it was not running, or
   * is already being stopped (running but no longer ready).
   */
  stop(rt: GroupRuntime, name: string): boolean {
    const c = rt.container(name);
    rt.cancelContainer(name);
    if (c.currentState.state !== 'Running' || !c.ready) return false;
    this.ctx.events.agent(rt.group, 'Killing', [name], name);
    c.ready = false;
    return true;
  }

  /** What the container's process sees of where it runs (script-output.ts). */
  static env(rt: GroupRuntime, image: string): OutputEnv {
    return { hostname: rt.group.extra['HostName'] || rt.group.name, image, cpus: rt.group.cpu };
  }

  /** A stopped container is gone: it exited cleanly on SIGTERM. Does nothing unless it was running. */
  stopped(rt: GroupRuntime, name: string): void {
    const c = rt.container(name);
    if (c.currentState.state !== 'Running') return;
    rt.endProcess(name);
    c.currentState = { state: 'Terminated', startTime: c.currentState.startTime, finishTime: this.ctx.clock.now(), exitCode: 0, reason: 'Completed' };
  }

  private started(rt: GroupRuntime, name: string): void {
    const c = rt.container(name);
    if (rt.everStarted.has(name)) c.restartCount++;
    rt.everStarted.add(name);
    const { clock } = this.ctx;
    c.currentState = { state: 'Running', startTime: clock.now() };
    c.ready = true;
    this.ctx.events.agent(rt.group, 'Started', [name], name);
    const { fate, writes, usage, repeats } = runScript(c.commands, c.args, ContainerRunner.env(rt, c.image));
    const run = rt.log(name).begin(clock.now());
    const write = (w: (typeof writes)[number]) => run.write(clock.now(), typeof w.text === 'string' ? w.text : w.text(clock.now()));
    // Writes are timed before the exit, so that one due at the exit's instant lands first.
    for (const w of writes) {
      if (w.after <= 0) write(w);
      else rt.afterWrite(name, w.after, () => write(w));
    }
    for (const r of repeats) this.repeat(rt, name, r.after, r.every, r.text);
    // A workload that goes over its memory or fills the disk ends the run first (workload/limits.ts).
    const limits = runLimits(rt.group.memory, c.memory, rt.ephemeralStorageGiB);
    const end = resourceEnd(usage, limits, fate.kind === 'exits' ? fate.after : Infinity);
    if (end?.kind === 'oom') rt.afterFor(name, end.after, () => this.oomKilled(rt, name, limits.memoryScope));
    else if (end?.kind === 'disk-full') rt.afterFor(name, end.after, () => this.diskFull(rt, name));
    else if (fate.kind === 'exits') rt.afterFor(name, fate.after, () => this.exited(rt, name, fate.exitCode));
  }

  /** `log TEXT every D`: a line every D while the run lasts (its writes end with the process). */
  private repeat(rt: GroupRuntime, name: string, after: Micros, every: Micros, text: string): void {
    rt.afterWrite(name, after, () => {
      rt.log(name).current?.write(this.ctx.clock.now(), text);
      this.repeat(rt, name, every, every, text);
    });
  }

  /** The kernel killed the process for memory: ECI's SystemOM event, then exit 137, OOMKilled. */
  private oomKilled(rt: GroupRuntime, name: string, scope: 'container' | 'instance'): void {
    const c = rt.container(name);
    const comm = processName(c.commands, c.args, c.image);
    const pid = victimPid(`${rt.group.id}/${name}/${c.restartCount}`);
    const event = scope === 'container' ? ev('OOMKilled', cgroupOomLine(pid, comm)) : ev('PodOOMKilled', systemOomMessage(pid, comm));
    this.ctx.events.catalog(rt.group, event);
    this.exited(rt, name, OOM_EXIT_CODE, 'OOMKilled');
  }

  /** A write found the temporary storage full: the process says so and exits 1; ECI records DiskFull. */
  private diskFull(rt: GroupRuntime, name: string): void {
    rt.log(name).current?.write(this.ctx.clock.now(), 'disk: write error: No space left on device\n');
    this.ctx.events.catalog(rt.group, ev('DiskFull'));
    this.exited(rt, name, 1);
  }

  private exited(rt: GroupRuntime, name: string, exitCode: number, reason = exitCode === 0 ? 'Completed' : 'Error'): void {
    const c = rt.container(name);
    rt.endProcess(name);
    c.currentState = {
      state: 'Terminated',
      startTime: c.currentState.startTime,
      finishTime: this.ctx.clock.now(),
      exitCode,
      reason,
    };
    c.ready = false;
    const policy = rt.group.restartPolicy;
    if (policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0)) this.sync(rt, name);
    this.settle(rt);
  }

  /**
   * One pod sync for an exited container (kubelet's doBackOff, crash-loop.ts): in back-off,
   * BackOff is recorded, the container waits in CrashLoopBackOff and the pod worker syncs again
   * at the back-off's end (at most a resync interval away, jittered); out of it, the back-off
   * grows and the container starts.
   */
  private sync(rt: GroupRuntime, name: string): void {
    const { clock, timings, events } = this.ctx;
    const c = rt.container(name);
    const last = c.currentState.state === 'Terminated' ? c.currentState : c.previousState;
    const now = clock.now();
    const finishedAt = last?.finishTime ?? now;
    const entry = rt.crashLoops[name];
    if (inBackOff(entry, finishedAt, now, timings.backoffMax)) {
      events.agent(rt.group, 'BackOff', [name, podName(rt)], name);
      if (c.currentState.state === 'Terminated') c.previousState = c.currentState;
      c.currentState = {
        state: 'Waiting',
        reason: 'CrashLoopBackOff',
        message: `back-off ${goDuration(entry.backoff)} restarting failed container=${name} pod=${podName(rt)}`,
      };
      entry.syncs += 1;
      rt.afterFor(name, backOffResyncDelay(entry, finishedAt, now, timings.podResync, `${rt.group.id}/${name}`), () => this.sync(rt, name));
      return;
    }
    rt.crashLoops[name] = nextBackOff(entry, finishedAt, now, timings.backoffBase, timings.backoffMax);
    this.waitForStart(rt, name);
    runSteps((d, fn) => rt.afterFor(name, d, fn), this.startSteps(rt, name));
  }
}
