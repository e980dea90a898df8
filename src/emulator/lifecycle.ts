// A group's status machine. Every operation is a step sequence on the scheduler:
//
//   create   Pending ─accept─> Scheduling ─schedule─> [Scheduled] ─per container: pull, create,
//            start─> Running ─containers exit─> Succeeded | Failed  (by restart policy)
//   restart  Restarting: Killing running containers ─stop─> start all again ─> Running
//   update   Updating: Killing changed containers ─stop─> pull the new image, start ─> Running
//   delete   Terminating: Killing, StopCharge ─terminate─> gone
//   fail     (world) the cause's events ─> Failed | ScheduleFailed | Expired
//   move     (world) host failure, reboot, maintenance: Restarting on a new host ─> Running
//
// A new sequence replaces the one in flight. Statuses and their meanings: reference/eci-api.md §2.
import type { ContainerGroup, GroupStatus } from './container-group.js';
import { PULL_WAITING_REASONS } from './image-pulls.js';
import { ContainerRunner, type LifecycleContext } from './container-run.js';
import type { CatalogEvent, FailureCause } from './hooks.js';
import type { GroupRuntime } from './runtime.js';
import { runSteps, type Step } from './steps.js';
import { ev } from './world/causes/event.js';
import { provision } from './world/provision.js';

/** Statuses in which container exits decide the group's status. */
const SETTLING: ReadonlySet<GroupStatus> = new Set(['Pending', 'Scheduling', 'Running', 'Restarting', 'Updating']);

interface Convergence {
  /** The status while the sequence runs. */
  status: GroupStatus;
  /** Running containers to stop first (Killing). */
  kill: string[];
  /** Containers to (re)start, in the group's order. */
  start: string[];
  /** Platform events recorded once the sequence has brought the group back to Running. */
  then?: CatalogEvent[];
}

export class Lifecycle {
  private readonly containers: ContainerRunner;

  constructor(private readonly ctx: LifecycleContext) {
    this.containers = new ContainerRunner(ctx, (rt) => this.settle(rt));
  }

  /**
   * A new group: Scheduling (being created: accepted, then provisioned in the world, however many
   * throttled tries that takes) until the platform has placed it, then Pending (pulling,
   * starting) until Running.
   */
  admit(rt: GroupRuntime): void {
    rt.starting = true;
    rt.after(this.ctx.timings.accept, () => this.converge(rt, { status: 'Scheduling', kill: [], start: names(rt.group) }));
  }

  /** RestartContainerGroup: stop every running container and start them all again. */
  restart(rt: GroupRuntime): void {
    rt.crashLoops = {};
    this.converge(rt, { status: 'Restarting', kill: names(rt.group), start: names(rt.group) });
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
    const start = names(rt.group).filter((n) => changed.has(n) || idle(n));
    this.converge(rt, { status: 'Updating', kill: [...changed], start });
  }

  /** DeleteContainerGroup: Terminating, then `gone` after the terminate timing. */
  terminate(rt: GroupRuntime, gone: () => void): void {
    rt.cancelAll();
    this.setStatus(rt, 'Terminating');
    for (const c of rt.group.containers) this.containers.stop(rt, c.name);
    // Only an instance that was placed was ever charged.
    if (rt.placed) this.ctx.events.platform(rt.group, 'StopCharge', []);
    rt.after(this.ctx.timings.terminate, gone);
  }

  /** A modelled fault ends the group (the hooks' entry point after creation). */
  fail(rt: GroupRuntime, cause: FailureCause): void {
    rt.provision = undefined;
    rt.cancelAll();
    for (const event of cause.events) this.ctx.events.catalog(rt.group, event);
    const now = this.ctx.clock.now();
    for (const c of rt.group.containers) {
      if (c.currentState.state !== 'Running') continue;
      rt.endProcess(c.name);
      c.currentState = { state: 'Terminated', startTime: c.currentState.startTime, finishTime: now, exitCode: cause.exitCode ?? 137, reason: cause.reason ?? 'Error' };
    }
    this.finish(rt, cause.status ?? 'Failed');
  }

  private converge(rt: GroupRuntime, plan: Convergence): void {
    const { timings } = this.ctx;
    rt.cancelSequence();
    rt.starting = true;
    this.setStatus(rt, plan.status);
    const killed = plan.kill.filter((n) => this.containers.stop(rt, n));
    for (const n of plan.start) rt.cancelContainer(n);
    const steps: Step[] = [
      {
        delay: killed.length ? timings.stop : 0,
        run: () => {
          // Every container to start that still runs has now stopped: those killed above, and
          // any a replaced sequence had begun to stop.
          for (const n of new Set([...killed, ...plan.start])) this.containers.stopped(rt, n);
          for (const n of plan.start) this.containers.waitForStart(rt, n);
        },
      },
    ];
    if (!rt.placed) steps.push({ delay: timings.schedule, run: () => this.place(rt, plan) });
    for (const n of plan.start) steps.push(...this.containers.startSteps(rt, n));
    steps.push({
      delay: 0,
      run: () => {
        rt.starting = false;
        this.settle(rt);
        if (rt.group.status === 'Running') for (const e of plan.then ?? []) this.ctx.events.catalog(rt.group, e);
      },
    });
    runSteps((delay, fn) => rt.after(delay, fn), steps);
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
      rt.after(world.scaled(out.after), () => this.converge(rt, plan));
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
    rt.onStatus?.(rt.group);
  }
}

function names(group: ContainerGroup): string[] {
  return group.containers.map((c) => c.name);
}
