// One container's life on its host, as kubelet drives it: pull (or reuse) the image, create,
// start; then the fate its command gives it (container-fate.ts) or the end its resource use
// brings (workload/limits.ts); on exit, a restart when the restart policy asks for one, at once
// or after kubelet's crash-loop back-off (crash-loop.ts); Killing when the platform stops it.
import type { Clock } from '../model/clock.js';
import { FINAL_STATUSES, type Container, type ContainerGroup, type ContainerState, type GroupStatus } from './container-group.js';
import { runScript, scriptOf, type ContainerFate } from './container-fate.js';
import type { OutputEnv } from './script-output.js';
import type { GroupEvents } from './group-events.js';
import type { World } from './world/world.js';
import type { GroupPayload, GroupRuntime } from './runtime.js';
import type { Sequence, StepSpec } from './steps.js';
import { goDuration, type Timings } from './timings.js';
import { backOffResyncDelay, inBackOff, nextBackOff } from './crash-loop.js';
import { ImagePulls, POD_RESYNC_AFTER_ERROR } from './image-pulls.js';
import type { TimerTable } from './state/timers.js';
import type { Micros } from '../model/event.js';
import { ev } from './world/causes/event.js';
import { cgroupOomAt, cgroupOomLine, instanceSize, OOM_EXIT_CODE, ownMemory, processName, systemOomMessage, victimPid } from './workload/limits.js';
import { instanceEnd, type InstanceEnd, type InstanceProcess } from './workload/instance.js';
import type { TimedChange } from './workload/usage.js';

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
  /** Its process goes over its own Memory: { g, name, scope } (scope 'instance' only in timers stored before shortages were the instance's). */
  oom: 'container.oom',
  /** Its process finds the temporary storage full: { g, name } (only in timers stored before shortages were the instance's). */
  diskFull: 'container.disk-full',
  /** The instance's containers together run out of memory or temporary storage: { g } (workload/instance.ts). */
  shortage: 'instance.shortage',
  /** Its process writes the script's write number i: { g, name, i }. */
  write: 'container.write',
  /** Its process writes the line of the script's repeat number i (`log TEXT every D`), and again D later: { g, name, i }. */
  repeat: 'container.repeat',
  /** kubelet syncs the pod of an exited container: BackOff while in back-off, else a restart. { g, name } */
  sync: 'container.sync',
  /** The pod's next sync after a failed pull: the start is tried again. { g, name } */
  resync: 'container.resync',
} as const;

type ContainerPayload = GroupPayload & { name: string };

/** Statuses in which the instance's shortages are no longer checked. */
const SETTLED: ReadonlySet<GroupStatus> = new Set([...FINAL_STATUSES, 'ScheduleFailed', 'Terminating']);

const CREATING: ContainerState = { state: 'Waiting', reason: 'ContainerCreating' };

/** kubelet's name for a pod in messages: name_namespace(uid). */
function podName(rt: GroupRuntime): string {
  const g = rt.group;
  return `${g.name}_${g.namespace}(${g.id})`;
}

/** What the lifecycle does when a container's run ends. */
export interface RunnerHooks {
  /** After an app container's exit: the group settles its status. */
  settle: (rt: GroupRuntime) => void;
  /** Runs a container's own start sequence (startSteps on its own timer). */
  startAgain: (rt: GroupRuntime, name: string) => void;
  /** An init container's process ended: the next one, a restart, or the group fails. */
  initExited: (rt: GroupRuntime, name: string, exitCode: number) => void;
}

export class ContainerRunner {
  private readonly pulls: ImagePulls;

  constructor(
    private readonly ctx: LifecycleContext,
    private readonly hooks: RunnerHooks,
  ) {
    this.pulls = new ImagePulls(ctx);
    const on = <P extends GroupPayload>(kind: string, fn: (rt: GroupRuntime, p: P, due: Micros) => void) =>
      ctx.timers.on<P>(kind, (p, id, due) => {
        const rt = ctx.group(p.g);
        if (!rt) return;
        rt.fired(id);
        fn(rt, p, due);
      });
    on<ContainerPayload & { exitCode: number }>(CONTAINER_TIMERS.exit, (rt, p) => this.exitDue(rt, p.name, p.exitCode));
    on<ContainerPayload & { scope: 'container' | 'instance' }>(CONTAINER_TIMERS.oom, (rt, p) => this.oomKilled(rt, p.name, p.scope));
    on<ContainerPayload>(CONTAINER_TIMERS.diskFull, (rt, p) => this.diskFull(rt, p.name));
    on<GroupPayload>(CONTAINER_TIMERS.shortage, (rt, _p, due) => this.shortage(rt, due));
    on<ContainerPayload & { i: number }>(CONTAINER_TIMERS.write, (rt, p) => this.write(rt, p.name, p.i));
    on<ContainerPayload & { i: number }>(CONTAINER_TIMERS.repeat, (rt, p) => this.repeat(rt, p.name, p.i));
    on<ContainerPayload>(CONTAINER_TIMERS.sync, (rt, p) => this.sync(rt, p.name));
    on<ContainerPayload>(CONTAINER_TIMERS.resync, (rt, p) => this.hooks.startAgain(rt, p.name));
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
      if (ready) events.agent(rt.group, 'Created', [step.name], step.name);
      return;
    }
    const p = step.op === 'pulled' || step.op === 'start' ? seq.pulls[step.name] : undefined;
    if (!p) throw new Error(`step ${step.op} before its pull`);
    if (step.op === 'pulled') {
      if (p.pull.kind === 'pulling') {
        p.ready = this.pulls.finish(rt, step.name, p.pull.outcome);
        if (p.ready) events.agent(rt.group, 'Created', [step.name], step.name);
      }
      if (!p.ready) this.retryPull(rt, step.name);
      return;
    }
    if (step.op === 'start') {
      if (!p.ready) return;
      this.started(rt, step.name);
      this.hooks.settle(rt);
    }
  }

  /** The next pod sync after a failed one tries the container again (its own timer). */
  private retryPull(rt: GroupRuntime, name: string): void {
    rt.afterFor(name, POD_RESYNC_AFTER_ERROR, CONTAINER_TIMERS.resync, { name });
  }

  /**
   * Before a (re)start: the container waits to be created (or, `reason` PodInitializing, for the
   * init containers to finish); a finished run becomes its previous state.
   */
  waitForStart(rt: GroupRuntime, name: string, reason?: string): void {
    const c = rt.container(name);
    if (c.currentState.state === 'Terminated') c.previousState = c.currentState;
    c.currentState = reason ? { state: 'Waiting', reason } : { ...CREATING };
    c.ready = false;
  }

  /**
   * Killing: the platform stops a running container. Returns false when it was not running, or
   * is already being stopped (running but no longer ready; a running init container is never
   * ready, so it is killed whenever it runs).
   */
  stop(rt: GroupRuntime, name: string): boolean {
    const c = rt.container(name);
    rt.cancelContainer(name);
    if (c.currentState.state !== 'Running' || (!c.ready && !rt.isInit(name))) return false;
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
    this.checkShortage(rt);
  }

  /**
   * The run a container's command gives it: its use over time, and when it ends by itself (its
   * exit or its own cgroup's OOM kill, whichever comes first), from its start.
   */
  private runOf(rt: GroupRuntime, c: Container, init: boolean): { run: ReturnType<typeof runScript>; fate: ContainerFate; oom?: Micros } {
    const run = runScript(c.commands, c.args, ContainerRunner.env(rt, c.image));
    // An image's own entrypoint runs until deleted, but an init container's is a task that must
    // end for the pod to start: the emulator takes it to succeed at once (docs/WORKLOADS.md).
    const fate: ContainerFate = init && scriptOf(c.commands, c.args) === '' ? { kind: 'exits', after: 0, exitCode: 0 } : run.fate;
    const oom = cgroupOomAt(run.usage, ownMemory(c), fate.kind === 'exits' ? fate.after : Infinity);
    return { run, fate, ...(oom !== undefined ? { oom } : {}) };
  }

  /** The instance's running processes, for what they use together (workload/instance.ts). */
  private processes(rt: GroupRuntime): InstanceProcess[] {
    const out: InstanceProcess[] = [];
    for (const [list, init] of [
      [rt.group.initContainers, true],
      [rt.group.containers, false],
    ] as const) {
      for (const c of list) {
        if (c.currentState.state !== 'Running' || c.currentState.startTime === undefined) continue;
        const { run, fate, oom } = this.runOf(rt, c, init);
        const start = c.currentState.startTime;
        const ends = [oom, fate.kind === 'exits' ? fate.after : undefined].filter((x): x is Micros => x !== undefined);
        const own = ownMemory(c);
        out.push({
          name: c.name,
          start,
          usage: run.usage as TimedChange[],
          ...(ends.length ? { end: start + Math.min(...ends) } : {}),
          ...(own !== undefined ? { ownMemory: own } : {}),
        });
      }
    }
    return out;
  }

  /**
   * Arms the instance's shortage timer at the next instant its running containers together go
   * over its memory or its temporary storage, or clears it. Called whenever a run begins or ends.
   */
  private checkShortage(rt: GroupRuntime, from?: Micros): void {
    // A group being deleted or ended restarts nothing: what its last processes use until they
    // stop is no longer the lifecycle's (as their exits were cancelled).
    if (SETTLED.has(rt.group.status)) return rt.cancelShortage();
    const now = this.ctx.clock.now();
    const end = instanceEnd(this.processes(rt), instanceSize(rt.group.memory, rt.ephemeralStorageGiB), Math.min(from ?? now, now));
    if (!end) return rt.cancelShortage();
    // Already due (a run that takes too much as it starts): now, before any of its own timers.
    if (end.at <= now) return this.runOut(rt, end);
    rt.afterShortage(end.at, CONTAINER_TIMERS.shortage);
  }

  /**
   * The instance ran out: the kernel's OOM killer's victim, or the writer that found no space. Read
   * at the instant the timer was due (`due`), not when it ran: on the real clock a timer runs late,
   * and a use that lasts less than the lateness (an allocation just before its process exits) would
   * be gone by then. No run began or ended in between, or the timer would have been armed again.
   */
  private shortage(rt: GroupRuntime, due: Micros): void {
    const now = this.ctx.clock.now();
    const end = instanceEnd(this.processes(rt), instanceSize(rt.group.memory, rt.ephemeralStorageGiB), Math.min(due, now));
    if (end && end.at <= now) return this.runOut(rt, end);
    this.checkShortage(rt);
  }

  /**
   * A run's exit is due. On the real clock timers run in whole milliseconds, so the instance's
   * shortage timer, due just before (a last statement that takes too much), may not have run yet:
   * while one is pending, a shortage of the runs as they are, since this one started, comes first.
   * Without one there is nothing to look for (the common case: every exit of a crash loop).
   */
  private exitDue(rt: GroupRuntime, name: string, exitCode: number): void {
    if (rt.shortage !== undefined) {
      const now = this.ctx.clock.now();
      const from = Math.min(rt.container(name).currentState.startTime ?? now, now);
      const end = instanceEnd(this.processes(rt), instanceSize(rt.group.memory, rt.ephemeralStorageGiB), from);
      if (end && end.at <= now) {
        this.runOut(rt, end);
        if (rt.container(name).currentState.state !== 'Running') return;
      }
    }
    this.exited(rt, name, exitCode);
  }

  private runOut(rt: GroupRuntime, end: InstanceEnd): void {
    rt.cancelShortage();
    if (end.kind === 'system-oom') this.oomKilled(rt, end.victim, 'instance');
    else this.diskFull(rt, end.writer);
  }

  private started(rt: GroupRuntime, name: string): void {
    const c = rt.container(name);
    if (rt.everStarted.has(name)) c.restartCount++;
    rt.everStarted.add(name);
    const { clock } = this.ctx;
    c.currentState = { state: 'Running', startTime: clock.now() };
    // An init container is ready only once it has succeeded (prober_manager.go UpdatePodStatus).
    c.ready = !rt.isInit(name);
    this.ctx.events.agent(rt.group, 'Started', [name], name);
    const { run, fate, oom } = this.runOf(rt, c, rt.isInit(name));
    const { writes, repeats } = run;
    rt.log(name).begin(clock.now());
    // Writes are timed before the exit, so that one due at the exit's instant lands first.
    writes.forEach((w, i) => {
      if (w.after <= 0) this.write(rt, name, i);
      else rt.afterWrite(name, w.after, CONTAINER_TIMERS.write, { name, i });
    });
    repeats.forEach((r, i) => rt.afterWrite(name, r.after, CONTAINER_TIMERS.repeat, { name, i }));
    // A workload over its own Memory ends the run first (workload/limits.ts); what it uses of the
    // instance's memory and disk is checked with the other containers' (workload/instance.ts).
    if (oom !== undefined) rt.afterFor(name, oom, CONTAINER_TIMERS.oom, { name, scope: 'container' });
    else if (fate.kind === 'exits') rt.afterFor(name, fate.after, CONTAINER_TIMERS.exit, { name, exitCode: fate.exitCode });
    // From its start: on the real clock the clock has moved on since, maybe past a short run's end.
    this.checkShortage(rt, c.currentState.startTime);
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

  /**
   * `log TEXT every D`: the script's repeat number i writes its line now, and again D later while
   * the run lasts (its writes end with the process). Read again from the script, as write() is.
   */
  private repeat(rt: GroupRuntime, name: string, i: number): void {
    const c = rt.container(name);
    const r = runScript(c.commands, c.args, ContainerRunner.env(rt, c.image)).repeats[i];
    const run = rt.log(name).current;
    if (!r || !run) return;
    run.write(this.ctx.clock.now(), r.text);
    rt.afterWrite(name, r.every, CONTAINER_TIMERS.repeat, { name, i });
  }

  /** The kernel killed the process for memory: ECI's SystemOM event, then exit 137, OOMKilled. */
  private oomKilled(rt: GroupRuntime, name: string, scope: 'container' | 'instance'): void {
    const c = rt.container(name);
    const comm = processName(c.commands, c.args, c.image);
    // Seeded by the creation order, not the random id: a scenario gives the same messages every run.
    const pid = victimPid(`${rt.seq}/${name}/${c.restartCount}`);
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
    // What it used is free again: the others may now fit (or a victim was not enough).
    this.checkShortage(rt);
    if (rt.isInit(name)) {
      c.ready = exitCode === 0;
      this.hooks.initExited(rt, name, exitCode);
      return;
    }
    const policy = rt.group.restartPolicy;
    if (policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0)) this.sync(rt, name);
    this.hooks.settle(rt);
  }

  /**
   * One pod sync for an exited container (kubelet's doBackOff, crash-loop.ts): in back-off,
   * BackOff is recorded, the container waits in CrashLoopBackOff and the pod worker syncs again
   * at the back-off's end (at most a resync interval away, jittered); out of it, the back-off
   * grows and the container starts.
   */
  sync(rt: GroupRuntime, name: string): void {
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
      // The jitter's seed is the group's creation order, not its random id: the same scenario on a
      // virtual clock gives the same syncs in every run.
      rt.afterFor(name, backOffResyncDelay(entry, finishedAt, now, timings.podResync, `${rt.seq}/${name}`), CONTAINER_TIMERS.sync, { name });
      return;
    }
    rt.crashLoops[name] = nextBackOff(entry, finishedAt, now, timings.backoffBase, timings.backoffMax);
    this.waitForStart(rt, name);
    this.hooks.startAgain(rt, name);
  }
}
