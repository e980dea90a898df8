// One container's life on its host, as kubelet drives it: pull (or reuse) the image, create,
// start; then the fate its command gives it (container-fate.ts); on exit, a restart after a
// back-off when the restart policy asks for one; Killing when the platform stops it.
import type { Clock } from '../model/clock.js';
import type { ContainerGroup, ContainerState } from './container-group.js';
import { runScript } from './container-fate.js';
import type { OutputEnv } from './script-output.js';
import type { GroupEvents } from './group-events.js';
import type { World } from './world/world.js';
import type { GroupPayload, GroupRuntime } from './runtime.js';
import type { Sequence, StepSpec } from './steps.js';
import { backoffDelay, goDuration, type Timings } from './timings.js';
import { ImagePulls, POD_RESYNC_AFTER_ERROR } from './image-pulls.js';
import type { TimerTable } from './state/timers.js';
import type { Micros } from '../model/event.js';

export interface LifecycleContext {
  clock: Clock;
  timings: Timings;
  events: GroupEvents;
  world: World;
  /** Where the lifecycle's timers go (data: state/timers.ts). */
  timers: TimerTable;
  /** A live group by id (a timer's payload names its group). */
  group: (id: string) => GroupRuntime | undefined;
  /** The node a group's pod is assigned to as it is placed (default: the zone's virtual kubelet). */
  nodeFor?: (g: ContainerGroup) => string | undefined;
  /** Told of each status a group takes (a data cache watches its loading job this way). */
  statusChanged?: (rt: GroupRuntime) => void;
}

/** A container's timers (state/timers.ts), by kind. */
export const CONTAINER_TIMERS = {
  /** Its process exits: { g, name, exitCode }. */
  exit: 'container.exit',
  /** Its process writes the script's write number i: { g, name, i }. */
  write: 'container.write',
  /** Its crash-loop back-off is over: it starts again. { g, name } */
  backoff: 'container.backoff',
  /** The pod's next sync after a failed pull: the start is tried again. { g, name } */
  resync: 'container.resync',
} as const;

type ContainerPayload = GroupPayload & { name: string };

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
    /** Runs a container's own start sequence (startSteps on its own timer). */
    private readonly startAgain: (rt: GroupRuntime, name: string) => void,
  ) {
    this.pulls = new ImagePulls(ctx);
    const on = <P extends ContainerPayload>(kind: string, fn: (rt: GroupRuntime, p: P) => void) =>
      ctx.timers.on<P>(kind, (p, id) => {
        const rt = ctx.group(p.g);
        if (!rt) return;
        rt.fired(id);
        fn(rt, p);
      });
    on<ContainerPayload & { exitCode: number }>(CONTAINER_TIMERS.exit, (rt, p) => this.exited(rt, p.name, p.exitCode));
    on<ContainerPayload & { i: number }>(CONTAINER_TIMERS.write, (rt, p) => this.write(rt, p.name, p.i));
    on<ContainerPayload>(CONTAINER_TIMERS.backoff, (rt, p) => {
      rt.container(p.name).currentState = { ...CREATING };
      this.startAgain(rt, p.name);
    });
    on<ContainerPayload>(CONTAINER_TIMERS.resync, (rt, p) => this.startAgain(rt, p.name));
  }

  /**
   * Pull (unless the image is present and the policy allows reuse), create, start. A container
   * whose image cannot be had waits (ErrImagePull, ImagePullBackOff...) and is tried again when
   * kubelet next syncs the pod; the other containers of the group go on.
   */
  static startSteps(name: string): StepSpec[] {
    return [
      { op: 'pull', name },
      { op: 'pulled', name },
      { op: 'start', name },
    ];
  }

  stepDelay(seq: Sequence, step: StepSpec): Micros {
    if (step.op === 'pull') return 0;
    const p = step.op === 'pulled' || step.op === 'start' ? seq.pulls[step.name] : undefined;
    if (step.op === 'pulled') return p?.pull.kind === 'pulling' ? p.pull.after : 0;
    if (step.op === 'start') return p?.ready ? this.ctx.timings.start : 0;
    throw new Error(`not a container step: ${step.op}`);
  }

  runStep(rt: GroupRuntime, seq: Sequence, step: StepSpec): boolean | void {
    const { events } = this.ctx;
    if (step.op === 'pull') {
      const pull = this.pulls.begin(rt, step.name);
      const ready = pull.kind === 'present';
      seq.pulls[step.name] = { pull, ready };
      if (ready) events.agent(rt.group, 'Created', [step.name]);
      return;
    }
    const p = step.op === 'pulled' || step.op === 'start' ? seq.pulls[step.name] : undefined;
    if (!p) throw new Error(`step ${step.op} before its pull`);
    if (step.op === 'pulled') {
      if (p.pull.kind === 'pulling') {
        p.ready = this.pulls.finish(rt, step.name, p.pull.outcome);
        if (p.ready) events.agent(rt.group, 'Created', [step.name]);
      }
      if (!p.ready) this.retryPull(rt, step.name);
      return;
    }
    if (step.op === 'start') {
      if (!p.ready) return;
      this.started(rt, step.name);
      this.settle(rt);
    }
  }

  /** The next pod sync after a failed one tries the container again (its own timer). */
  private retryPull(rt: GroupRuntime, name: string): void {
    rt.afterFor(name, POD_RESYNC_AFTER_ERROR, CONTAINER_TIMERS.resync, { name });
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
    this.ctx.events.agent(rt.group, 'Killing', [name]);
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
    this.ctx.events.agent(rt.group, 'Started', [name]);
    const { fate, writes } = runScript(c.commands, c.args, ContainerRunner.env(rt, c.image));
    rt.log(name).begin(clock.now());
    // Writes are timed before the exit, so that one due at the exit's instant lands first.
    writes.forEach((w, i) => {
      if (w.after <= 0) this.write(rt, name, i);
      else rt.afterWrite(name, w.after, CONTAINER_TIMERS.write, { name, i });
    });
    if (fate.kind === 'exits') rt.afterFor(name, fate.after, CONTAINER_TIMERS.exit, { name, exitCode: fate.exitCode });
  }

  /**
   * The script's write number i, now. The script is read again (it is a pure function of the
   * container's command and where it runs), so that a pending write is only ids and a number.
   */
  private write(rt: GroupRuntime, name: string, i: number): void {
    const c = rt.container(name);
    const w = runScript(c.commands, c.args, ContainerRunner.env(rt, c.image)).writes[i];
    const run = rt.log(name).current;
    if (!w || !run) return;
    const now = this.ctx.clock.now();
    run.write(now, typeof w.text === 'string' ? w.text : w.text(now));
  }

  private exited(rt: GroupRuntime, name: string, exitCode: number): void {
    const c = rt.container(name);
    rt.endProcess(name);
    c.currentState = {
      state: 'Terminated',
      startTime: c.currentState.startTime,
      finishTime: this.ctx.clock.now(),
      exitCode,
      reason: exitCode === 0 ? 'Completed' : 'Error',
    };
    c.ready = false;
    const policy = rt.group.restartPolicy;
    if (policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0)) this.backOff(rt, name);
    this.settle(rt);
  }

  /** Waits base × 2^(quick exits in a row), then starts the container again with its image reused. */
  private backOff(rt: GroupRuntime, name: string): void {
    const { clock, timings, events } = this.ctx;
    const c = rt.container(name);
    const ran = clock.now() - (c.currentState.startTime ?? clock.now());
    const quick = ran >= 2 * timings.backoffMax ? 0 : (rt.quickExits.get(name) ?? 0);
    rt.quickExits.set(name, quick + 1);
    const delay = backoffDelay(timings, quick);
    events.agent(rt.group, 'BackOff', [name, podName(rt)]);
    c.previousState = c.currentState;
    c.currentState = {
      state: 'Waiting',
      reason: 'CrashLoopBackOff',
      message: `back-off ${goDuration(delay)} restarting failed container=${name} pod=${podName(rt)}`,
    };
    rt.afterFor(name, delay, CONTAINER_TIMERS.backoff, { name });
  }
}
