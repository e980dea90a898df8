// A group's status machine. Every operation is a step sequence on the scheduler:
//
//   create   Pending ─accept─> Scheduling ─schedule─> [Scheduled] ─per container: pull, create,
//            start─> Running ─containers exit─> Succeeded | Failed  (by restart policy)
//   restart  Restarting: Killing running containers ─stop─> start all again ─> Running
//   update   Updating: Killing changed containers ─stop─> pull the new image, start ─> Running
//   delete   Terminating: Killing, StopCharge ─terminate─> gone
//   fail     (hooks) the cause's events ─> Failed | ScheduleFailed
//
// A new sequence replaces the one in flight. Statuses and their meanings: reference/eci-api.md §2.
import type { ContainerGroup, GroupStatus } from './container-group.js';
import { ContainerRunner, type LifecycleContext } from './container-run.js';
import type { FailureCause } from './hooks.js';
import type { GroupRuntime } from './runtime.js';
import { runSteps, type Step } from './steps.js';

/** Statuses in which container exits decide the group's status. */
const SETTLING: ReadonlySet<GroupStatus> = new Set(['Pending', 'Scheduling', 'Running', 'Restarting', 'Updating']);

interface Convergence {
  /** The status while the sequence runs. */
  status: GroupStatus;
  /** Running containers to stop first (Killing). */
  kill: string[];
  /** Containers to (re)start, in the group's order. */
  start: string[];
}

export class Lifecycle {
  private readonly containers: ContainerRunner;

  constructor(private readonly ctx: LifecycleContext) {
    this.containers = new ContainerRunner(ctx, (rt) => this.settle(rt));
  }

  /** A new group: Scheduling (being created) until the platform accepts it, then Pending (scheduled, pulling, starting) until Running. */
  admit(rt: GroupRuntime): void {
    rt.starting = true;
    rt.after(this.ctx.timings.accept, () => this.converge(rt, { status: 'Pending', kill: [], start: names(rt.group) }));
  }

  /** RestartContainerGroup: stop every running container and start them all again. */
  restart(rt: GroupRuntime): void {
    rt.quickExits.clear();
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
    for (const n of changed) rt.quickExits.delete(n);
    const start = names(rt.group).filter((n) => changed.has(n) || idle(n));
    this.converge(rt, { status: 'Updating', kill: [...changed], start });
  }

  /** DeleteContainerGroup: Terminating, then `gone` after the terminate timing. */
  terminate(rt: GroupRuntime, gone: () => void): void {
    rt.cancelAll();
    this.setStatus(rt, 'Terminating');
    for (const c of rt.group.containers) this.containers.stop(rt, c.name);
    this.ctx.events.platform(rt.group, 'StopCharge', []);
    rt.after(this.ctx.timings.terminate, gone);
  }

  /** A modelled fault ends the group (the hooks' entry point after creation). */
  fail(rt: GroupRuntime, cause: FailureCause): void {
    rt.cancelAll();
    for (const event of cause.events) this.ctx.events.catalog(rt.group, event);
    const now = this.ctx.clock.now();
    for (const c of rt.group.containers) {
      if (c.currentState.state !== 'Running') continue;
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
    if (!rt.placed) steps.push({ delay: timings.schedule, run: () => this.place(rt) });
    for (const n of plan.start) steps.push(...this.containers.startSteps(rt, n));
    steps.push({
      delay: 0,
      run: () => {
        rt.starting = false;
        this.settle(rt);
      },
    });
    runSteps((delay, fn) => rt.after(delay, fn), steps);
  }

  /** The scheduling step: the hooks may fail it; otherwise the agent reports the placement. */
  private place(rt: GroupRuntime): boolean {
    const g = rt.group;
    for (const check of this.ctx.hooks.schedulingChecks ?? []) {
      const verdict = check(g);
      if (verdict && !verdict.ok) {
        for (const event of verdict.events) this.ctx.events.catalog(g, event);
        this.finish(rt, verdict.status ?? 'ScheduleFailed');
        return false;
      }
    }
    rt.placed = true;
    g.startTime = this.ctx.clock.now();
    this.ctx.events.agent(g, 'Scheduled', [`${g.namespace}/${g.name}`, `virtual-kubelet-${g.zoneId}`]);
    return true;
  }

  /** After a sequence or an exit: Running, or a final status once every container is done. */
  private settle(rt: GroupRuntime): void {
    const g = rt.group;
    if (rt.starting || !SETTLING.has(g.status)) return;
    if (g.containers.every((c) => c.currentState.state === 'Terminated')) {
      // Under Never every exit is final; under OnFailure only exit 0 is; Always never gets here
      // (unless an update changed the policy since).
      this.finish(rt, g.containers.every((c) => c.currentState.exitCode === 0) ? 'Succeeded' : 'Failed');
    } else {
      this.setStatus(rt, 'Running');
    }
  }

  private finish(rt: GroupRuntime, status: GroupStatus): void {
    rt.cancelAll();
    this.setStatus(rt, status);
    const now = this.ctx.clock.now();
    if (status === 'Succeeded') rt.group.succeededTime = now;
    if (status === 'Failed' || status === 'ScheduleFailed') rt.group.failedTime = now;
    for (const c of rt.group.containers) c.ready = false;
  }

  private setStatus(rt: GroupRuntime, status: GroupStatus): void {
    if (rt.group.status === status) return;
    rt.group.status = status;
    rt.group.statusTime = this.ctx.clock.now();
  }
}

function names(group: ContainerGroup): string[] {
  return group.containers.map((c) => c.name);
}
