// A group's status machine. Every operation is a step sequence on the scheduler:
//
//   create   Pending ─accept─> Scheduling ─schedule─> [Scheduled] ─per init container, one at a
//            time: pull, create, start, exit 0─> per container: pull, create, start─> Running
//            ─containers exit─> Succeeded | Failed  (by restart policy)
//   restart  Restarting: Killing running containers ─stop─> init containers again, then start
//            all again ─> Running
//   update   Updating: Killing changed containers ─stop─> pull the new image, start ─> Running
//   delete   Terminating: Killing, StopCharge ─terminate─> gone
//   fail     (world) the cause's events ─> Failed | ScheduleFailed | Expired
//   move     (world) host failure, reboot, maintenance: Restarting on a new host ─> Running
//
// A new sequence replaces the one in flight. Statuses and their meanings: reference/eci-api.md §2.
// Init containers run as kubelet runs them (kuberuntime_container.go computeInitContainerActions):
// the first that has not succeeded is started; one that fails is restarted after the crash-loop
// back-off, or, under RestartPolicy Never, fails the group; the app containers start only once
// the last has exited 0. Until then the group is Pending (its pod's phase).
import type { Container, ContainerGroup, GroupStatus } from './container-group.js';
import { PULL_WAITING_REASONS } from './image-pulls.js';
import { ContainerRunner, type LifecycleContext } from './container-run.js';
import type { CatalogEvent, FailureCause } from './hooks.js';
import type { GroupPayload, GroupRuntime } from './runtime.js';
import { stepDue, walk, type Convergence, type Sequence, type StepRunner, type StepSpec } from './steps.js';
import type { Micros } from '../model/event.js';
import { ev } from './world/causes/event.js';
import { provision } from './world/provision.js';

/** Statuses in which container exits decide the group's status. */
const SETTLING: ReadonlySet<GroupStatus> = new Set(['Pending', 'Scheduling', 'Running', 'Restarting', 'Updating']);

/** The group's timers (state/timers.ts), by kind. */
export const GROUP_TIMERS = {
  /** The next step of a sequence: { g, seq }. */
  step: 'group.step',
  /** A sequence begins (after the accept delay, or a throttled creation's back-off): { g, plan }. */
  converge: 'group.converge',
  /** A deleted group is gone: { g }. */
  gone: 'group.gone',
} as const;

export interface LifecycleOptions extends LifecycleContext {
  /** A deleted group's terminate timing is over: it is gone. */
  gone: (rt: GroupRuntime) => void;
}

export class Lifecycle {
  private readonly containers: ContainerRunner;
  private readonly steps: StepRunner;

  constructor(private readonly ctx: LifecycleOptions) {
    this.steps = {
      delay: (seq, step) => this.stepDelay(seq, step),
      run: (seq, step) => this.runStep(this.ctx.group(seq.g)!, seq, step),
      wait: (seq, delay) => {
        const rt = this.ctx.group(seq.g)!;
        const payload = { seq };
        if (seq.container === undefined) rt.after(delay, GROUP_TIMERS.step, payload);
        else rt.afterFor(seq.container, delay, GROUP_TIMERS.step, payload);
      },
    };
    this.containers = new ContainerRunner(ctx, {
      settle: (rt) => this.settle(rt),
      startAgain: (rt, name) => this.startContainer(rt, name),
      initExited: (rt, name, exitCode) => this.initExited(rt, name, exitCode),
    });
    const { timers } = ctx;
    const onGroup = <P extends GroupPayload>(kind: string, fn: (rt: GroupRuntime, p: P) => void) =>
      timers.on<P>(kind, (p, id) => {
        const rt = ctx.group(p.g);
        if (!rt) return;
        rt.fired(id);
        fn(rt, p);
      });
    onGroup<GroupPayload & { seq: Sequence }>(GROUP_TIMERS.step, (_rt, p) => stepDue(this.steps, p.seq));
    onGroup<GroupPayload & { plan: Convergence }>(GROUP_TIMERS.converge, (rt, p) => this.converge(rt, p.plan));
    onGroup<GroupPayload>(GROUP_TIMERS.gone, (rt) => ctx.gone(rt));
  }

  /**
   * A new group: Scheduling (being created: accepted, then provisioned in the world, however many
   * throttled tries that takes) until the platform has placed it, then Pending (pulling,
   * starting) until Running.
   */
  admit(rt: GroupRuntime): void {
    rt.starting = true;
    // kubelet's default waiting state of a pod with init containers (kubelet_pods.go convertToAPIContainerStatuses).
    if (rt.group.initContainers.length) for (const c of allContainers(rt.group)) c.currentState = { ...POD_INITIALIZING };
    rt.after(this.ctx.timings.accept, GROUP_TIMERS.converge, { plan: { status: 'Scheduling', kill: [], start: names(rt.group), init: true } });
  }

  /** RestartContainerGroup: stop every running container and start them all again. */
  restart(rt: GroupRuntime): void {
    rt.crashLoops = {};
    this.converge(rt, { status: 'Restarting', kill: names(rt.group), start: names(rt.group), init: true });
  }

  /** UpdateContainerGroup: restart the changed containers, and start any the update interrupted. */
  update(rt: GroupRuntime, changed: ReadonlySet<string>): void {
    // Containers an interrupted sequence left behind: waiting without a timer of their own, or
    // running but no longer ready (a restart or update had begun to stop them).
    const idle = (n: string) => {
      const c = rt.container(n);
      return c.currentState.state === 'Waiting' ? !rt.hasContainerTimer(n) : c.currentState.state === 'Running' && !c.ready;
    };
    // kubelet keys a back-off by the container's spec hash: a changed container starts afresh.
    for (const n of changed) delete rt.crashLoops[n];
    // The init containers still run: the app containers start after them, as they are now.
    if (rt.init) return;
    const start = names(rt.group).filter((n) => changed.has(n) || idle(n));
    this.converge(rt, { status: 'Updating', kill: [...changed], start });
  }

  /** DeleteContainerGroup: Terminating, then gone after the terminate timing. */
  terminate(rt: GroupRuntime): void {
    rt.cancelAll();
    this.setStatus(rt, 'Terminating');
    for (const c of allContainers(rt.group)) this.containers.stop(rt, c.name);
    // Only an instance that was placed was ever charged.
    if (rt.placed) this.ctx.events.platform(rt.group, 'StopCharge', []);
    rt.after(this.ctx.timings.terminate, GROUP_TIMERS.gone, {});
  }

  /** A modelled fault ends the group (the hooks' entry point after creation). */
  fail(rt: GroupRuntime, cause: FailureCause): void {
    rt.provision = undefined;
    rt.cancelAll();
    for (const event of cause.events) this.ctx.events.catalog(rt.group, event);
    const now = this.ctx.clock.now();
    for (const c of allContainers(rt.group)) {
      if (c.currentState.state !== 'Running') continue;
      rt.endProcess(c.name);
      c.currentState = {
        state: 'Terminated',
        startTime: c.currentState.startTime,
        finishTime: now,
        exitCode: cause.exitCode ?? 137,
        reason: cause.reason ?? 'Error',
      };
    }
    this.finish(rt, cause.status ?? 'Failed');
  }

  private converge(rt: GroupRuntime, plan: Convergence): void {
    rt.cancelSequence();
    // The containers it stops end as the sequence says, not killed for memory or disk meanwhile:
    // what the others use together is checked again as each stops or starts (container-run.ts).
    rt.cancelShortage();
    rt.starting = true;
    this.setStatus(rt, plan.status);
    // A new sandbox: init containers still running are killed too, to run again from the first.
    const inits = plan.init ? rt.group.initContainers.map((c) => c.name) : [];
    const killed = [...plan.kill, ...inits].filter((n) => this.containers.stop(rt, n));
    for (const n of [...inits, ...plan.start]) rt.cancelContainer(n);
    const steps: StepSpec[] = [{ op: 'stop', killed, start: plan.start }];
    if (!rt.placed) steps.push({ op: 'place' });
    if (inits.length) steps.push({ op: 'init' });
    else steps.push(...appSteps(plan));
    walk(this.steps, { g: rt.group.id, plan, steps, i: 0, pulls: {} });
  }

  /**
   * kubelet's computeInitContainerActions for init containers that are not sidecars: the first
   * one that has not exited 0 is started (as the group's sequence, so that a new one cancels
   * it); once none is left, the held-back sequence starts the app containers.
   */
  private nextInit(rt: GroupRuntime): void {
    const plan = rt.init;
    if (!plan) return;
    const next = rt.group.initContainers.find((c) => !succeeded(c));
    if (next) {
      walk(this.steps, { g: rt.group.id, plan, steps: ContainerRunner.startSteps(next.name), i: 0, pulls: {} });
      return;
    }
    rt.init = undefined;
    walk(this.steps, { g: rt.group.id, plan, steps: appSteps(plan), i: 0, pulls: {} });
  }

  /**
   * An init container's process ended. Exit 0: the next one (or the app containers). A failure
   * is restarted as any container is, with the crash-loop back-off (kubelet restarts failed init
   * containers under Always and OnFailure alike); under Never the pod has failed
   * (kuberuntime_manager.go computePodActions kills a pod whose failed init container its policy
   * does not restart, and getPhase makes it Failed).
   */
  private initExited(rt: GroupRuntime, name: string, exitCode: number): void {
    if (!rt.init) return;
    if (exitCode === 0) this.nextInit(rt);
    else if (rt.group.restartPolicy === 'Never') this.finish(rt, 'Failed');
    else this.containers.sync(rt, name);
  }

  /** A container's own start sequence (after its back-off, or to try its pull again). */
  private startContainer(rt: GroupRuntime, name: string): void {
    walk(this.steps, {
      g: rt.group.id,
      plan: { status: rt.group.status, kill: [], start: [name] },
      steps: ContainerRunner.startSteps(name),
      i: 0,
      pulls: {},
      container: name,
    });
  }

  private stepDelay(seq: Sequence, step: StepSpec): Micros {
    const { timings } = this.ctx;
    if (step.op === 'stop') return step.killed.length ? timings.stop : 0;
    if (step.op === 'place') return timings.schedule;
    if (step.op === 'settle' || step.op === 'init') return 0;
    return this.containers.stepDelay(seq, step);
  }

  private runStep(rt: GroupRuntime, seq: Sequence, step: StepSpec): boolean | void {
    switch (step.op) {
      case 'stop':
        // Every container to start that still runs has now stopped: those killed above, and
        // any a replaced sequence had begun to stop.
        for (const n of new Set([...step.killed, ...step.start])) this.containers.stopped(rt, n);
        for (const n of step.start) this.containers.waitForStart(rt, n, initWaiting(rt.group, seq.plan));
        return;
      case 'place':
        return this.place(rt, seq.plan);
      case 'init':
        for (const c of rt.group.initContainers) {
          // One a replaced sequence had begun to kill has stopped by now too.
          this.containers.stopped(rt, c.name);
          this.containers.waitForStart(rt, c.name, 'PodInitializing');
        }
        rt.init = seq.plan;
        this.nextInit(rt);
        // The init containers go on as sequences of their own (nextInit); this one is over.
        return false;
      case 'settle':
        rt.starting = false;
        this.settle(rt);
        if (rt.group.status === 'Running') for (const e of seq.plan.then ?? []) this.ctx.events.catalog(rt.group, e);
        return;
      default:
        return this.containers.runStep(rt, seq, step);
    }
  }

  /**
   * The scheduling step: the platform provisions the group in the world (world/provision.ts),
   * which may refuse it, throttle it (tried again after a back-off) or place it; then the agent
   * reports the placement, and a broken runtime on the host can still fail the start.
   */
  private place(rt: GroupRuntime, plan: Convergence): boolean {
    const g = rt.group;
    const { world, events } = this.ctx;
    if (!rt.provision) {
      rt.placed = true;
      return true;
    }
    const out = provision(world, rt.provision, rt.attempts);
    for (const e of out.events) events.catalog(g, e);
    if (out.kind === 'retry') {
      rt.attempts += 1;
      rt.after(world.scaled(out.after), GROUP_TIMERS.converge, { plan });
      return false;
    }
    if (out.kind === 'failed') {
      this.finish(rt, 'ScheduleFailed');
      return false;
    }
    const c = out.choice;
    Object.assign(g, {
      zoneId: c.zone.zoneId,
      vSwitchId: c.vSwitch.vSwitchId,
      vpcId: c.vSwitch.vpcId,
      intranetIp: c.ip,
      instanceType: c.type.name,
      cpu: c.type.cpu,
      memory: c.type.memory,
      hostId: c.hostId,
      ...(c.degraded ? { spotStrategy: 'NoSpot' } : {}),
      ...(out.placement.eipId ? { eipInstanceId: out.placement.eipId, internetIp: world.eipAddress(out.placement.eipId) } : {}),
    });
    rt.provision = undefined;
    rt.placed = true;
    if (g.status === 'Scheduling') this.setStatus(rt, 'Pending');
    g.startTime = this.ctx.clock.now();
    g.nodeName = this.ctx.nodeFor?.(g) ?? `virtual-kubelet-${g.zoneId}`;
    events.agent(g, 'Scheduled', [`${g.namespace}/${g.name}`, g.nodeName]);
    for (const e of out.later) events.catalog(g, e);
    const broken = world.faults.hit('runtime-error', c.hostId);
    if (broken) {
      events.catalog(g, ev('StartingFailed', broken.detail ?? `the container runtime on host ${c.hostId} is not responding`));
      this.finish(rt, 'Failed');
      return false;
    }
    return true;
  }

  /**
   * The host under a group failed, rebooted or went into maintenance: Restarting, every container
   * stopped, then placed again (on another healthy host when `move`) and started. A group still
   * starting, or one with nowhere to go, fails instead (SYSTEM_FAILURE).
   */
  relocate(rt: GroupRuntime, move: boolean, notice: CatalogEvent[], then: CatalogEvent[] = []): void {
    const g = rt.group;
    const { world, events } = this.ctx;
    if (g.status !== 'Running' && g.status !== 'Restarting' && g.status !== 'Updating') {
      this.fail(rt, { events: [ev('SYSTEM_FAILURE')] });
      return;
    }
    const target = move ? world.moveHost(g.id) : g.hostId;
    if (!target) {
      this.fail(rt, { events: [ev('SYSTEM_FAILURE')] });
      return;
    }
    for (const e of notice) events.catalog(g, e);
    // Images stay on a host that rebooted; a new host has none.
    if (target !== g.hostId) {
      rt.pulled.clear();
      rt.layers.clear();
    }
    g.hostId = target;
    rt.crashLoops = {};
    this.converge(rt, { status: 'Restarting', kill: names(g), start: names(g), then });
  }

  /** After a sequence or an exit: Running, or a final status once every container is done. */
  private settle(rt: GroupRuntime): void {
    const g = rt.group;
    if (rt.starting || !SETTLING.has(g.status)) return;
    if (g.containers.every((c) => c.currentState.state === 'Terminated')) {
      // Under Never every exit is final; under OnFailure only exit 0 is; Always never gets here
      // (unless an update changed the policy since).
      this.finish(rt, g.containers.every((c) => c.currentState.exitCode === 0) ? 'Succeeded' : 'Failed');
    } else if (g.containers.some((c) => !rt.everStarted.has(c.name) && PULL_WAITING_REASONS.has(c.currentState.reason ?? ''))) {
      // A container that never ran waits for its image: the pod has not started (ECI: Pending).
      this.setStatus(rt, 'Pending');
    } else {
      this.setStatus(rt, 'Running');
    }
  }

  private finish(rt: GroupRuntime, status: GroupStatus): void {
    rt.cancelAll();
    // A group that ended holds nothing any more: stock, addresses, quota and charges stop.
    this.ctx.world.release(rt.group.id);
    this.setStatus(rt, status);
    const now = this.ctx.clock.now();
    if (status === 'Succeeded') rt.group.succeededTime = now;
    if (status === 'Expired') rt.group.expiredTime = now;
    if (status === 'Failed' || status === 'ScheduleFailed') rt.group.failedTime = now;
    for (const c of rt.group.containers) c.ready = false;
  }

  private setStatus(rt: GroupRuntime, status: GroupStatus): void {
    if (rt.group.status === status) return;
    rt.group.status = status;
    rt.group.statusTime = this.ctx.clock.now();
    this.ctx.statusChanged?.(rt);
  }
}

function names(group: ContainerGroup): string[] {
  return group.containers.map((c) => c.name);
}

function allContainers(group: ContainerGroup): Container[] {
  return [...group.initContainers, ...group.containers];
}

/** The waiting state of a container kubelet has no runtime status for yet, in a pod with init containers. */
const POD_INITIALIZING = { state: 'Waiting', reason: 'PodInitializing' } as const;

/** How the app containers wait to be started by the plan: PodInitializing while init containers run first. */
function initWaiting(group: ContainerGroup, plan: Convergence): string | undefined {
  return plan.init && group.initContainers.length ? POD_INITIALIZING.reason : undefined;
}

/** An init container that is done: its last run exited 0. */
function succeeded(c: Container): boolean {
  return c.currentState.state === 'Terminated' && c.currentState.exitCode === 0;
}

/** The app containers' start and the settle, after the init containers. */
function appSteps(plan: Convergence): StepSpec[] {
  return [...plan.start.flatMap((n) => ContainerRunner.startSteps(n)), { op: 'settle' }];
}
