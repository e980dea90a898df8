// CommitContainer and DescribeCommitContainerTask: a running container is saved as an image and
// pushed to a registry of the world, phase by phase on the service's clock. Every check that can
// refuse the call is made before the task exists; what fails later (the base image's registry or
// the destination not answering, refusing the instance's credentials) fails the task, with the
// pull's reason as its message, and changes no registry. Each task is a document and the wait
// before its next step a timer holding that step as data (COMMIT_TIMER), so a task in flight
// goes on after a restart.
import type { Clock } from '../../model/clock.js';
import type { Micros } from '../../model/event.js';
import { EmulatorError, invalid } from '../errors.js';
import { newId } from '../image-caches/cache-ids.js';
import { parseReference, pullTime, resolveImage, type ImageArch, type ImageReference } from '../images/index.js';
import type { GroupRuntime } from '../runtime.js';
import { ChangedDocs } from '../state/changed-docs.js';
import type { TimerTable } from '../state/timers.js';
import type { World } from '../world/world.js';
import { COMMIT_PHASES, type CommitPhase, type CommitTask, type CommitTaskStatus } from './commit-task.js';
import { commitTarget } from './commit-target.js';
import { addImage, canPush, pushTime, type PushedImage } from './push.js';

const S = 1_000_000;
/** Snapshotting the container's writable layer (this service's figure). */
export const SNAPSHOT_TIME: Micros = 2 * S;
/** The writable layer a commit adds, MB: the model does not track what a container writes. */
export const COMMITTED_LAYER_MB = 1;
/** Finished tasks are kept this long (ACS keeps a finished Commit's metadata 7 days by default). */
export const TASK_RETENTION: Micros = 7 * 24 * 3600 * S;

export interface CommitRequest {
  account: string;
  regionId: string;
  containerGroupId: string;
  containerName: string;
  /** Image.Repository: registry host and repository, e.g. registry.cn-hangzhou.aliyuncs.com/team/app. */
  repository: string;
  /** Image.Tag (default: the base image's tag, latest for an image pinned by digest). */
  tag?: string;
  author?: string;
  message?: string;
}

export interface CommitFilter {
  containerGroupId?: string;
  taskIds?: string[];
  status?: CommitTaskStatus;
}

export interface CommitsContext {
  world: World;
  /** Where a task's phases wait (data: the step, under COMMIT_TIMER). */
  timers: TimerTable;
  clock: Clock;
  /** The account's group in the region (throws InvalidContainerGroupId.NotFound). */
  group: (account: string, id: string, regionId: string) => GroupRuntime;
  /** The group if it still exists, for the later phases. */
  live: (id: string) => GroupRuntime | undefined;
}

/** The timer of a task's next step: { taskId, step }. */
export const COMMIT_TIMER = 'commit.step';

/**
 * A task's step that waits, as data: what it needs of the steps before (the committed image's
 * size and layers; its architecture once the instance's is known; a failure's reason).
 */
export type CommitStep =
  | { op: 'fail'; phase: CommitPhase; reason: string }
  | { op: 'pulled'; sizeMB: number; layers: number }
  | { op: 'snapshotted'; sizeMB: number; layers: number }
  | { op: 'pushed'; image: PushedImage };

/** A task's document (the emulator's state); the step it waits for is its timer's payload. */
export interface CommitTaskDoc {
  task: CommitTask;
}

export class Commits {
  private readonly tasks = new Map<string, CommitTask>();
  private readonly changes = new ChangedDocs();
  private seq = 0;

  constructor(private readonly ctx: CommitsContext) {
    ctx.timers.on<{ taskId: string; step: CommitStep }>(COMMIT_TIMER, (p) => {
      const task = this.tasks.get(p.taskId);
      if (!task) return;
      this.changes.mark(task.id);
      this.due(task, p.step);
    });
  }

  /** CommitContainer: checks, then the task starts Running with its first phase due. */
  commit(req: CommitRequest): CommitTask {
    const rt = this.ctx.group(req.account, req.containerGroupId, req.regionId);
    const container = rt.group.containers.find((c) => c.name === req.containerName);
    if (!container) throw invalid('ContainerName', req.containerName, `the container group ${rt.group.id} has no container of that name`);
    // "Empty by default: the tag is not changed" (Image.Tag): the base image's tag carries over.
    const base = parseReference(container.image);
    const target = commitTarget(req, (base.ok ? base.ref.tag : undefined) ?? 'latest');
    if (rt.group.status !== 'Running' || container.currentState.state !== 'Running') {
      throw new EmulatorError(
        'IncorrectStatus',
        `The container ${req.containerName} of ${rt.group.id} is not running (the group is ${rt.group.status}, the container ${container.currentState.state}); only a running container can be committed.`,
        'ContainerName',
      );
    }
    const busy = [...this.tasks.values()].find((t) => t.containerGroupId === rt.group.id && t.containerName === req.containerName && t.status === 'Running');
    if (busy)
      throw new EmulatorError(
        'IncorrectStatus',
        `The container ${req.containerName} of ${rt.group.id} is being committed by task ${busy.id}; commit it again once that task has ended.`,
        'ContainerName',
      );
    this.sweep();
    const prefix = this.ctx.world.directory.region(req.regionId)?.idPrefix ?? '';
    let id = newId('s', prefix);
    id = `t-${id.slice(2)}`;
    while (this.tasks.has(id)) id = `t-${newId('s', prefix).slice(2)}`;
    const now = this.ctx.clock.now();
    const task: CommitTask = {
      id,
      account: rt.group.account,
      regionId: rt.group.regionId,
      containerGroupId: rt.group.id,
      containerName: req.containerName,
      target,
      ...(req.author ? { author: req.author } : {}),
      ...(req.message ? { message: req.message } : {}),
      status: 'Running',
      statusMessage: `Commit container ${req.containerName} of ${rt.group.id}: PullBaseImage`,
      phases: [],
      creationTime: now,
      seq: this.seq++,
    };
    this.tasks.set(id, task);
    this.changes.mark(id);
    this.pullBase(task, rt);
    return structuredClone(task);
  }

  /** DescribeCommitContainerTask: the account's tasks in the region, newest first. */
  list(account: string, regionId: string, filter: CommitFilter): CommitTask[] {
    this.sweep();
    return [...this.tasks.values()]
      .filter((t) => t.account === account && t.regionId === regionId)
      .filter(
        (t) =>
          (filter.containerGroupId === undefined || t.containerGroupId === filter.containerGroupId) &&
          (filter.taskIds === undefined || filter.taskIds.includes(t.id)) &&
          (filter.status === undefined || t.status === filter.status),
      )
      .sort((a, b) => b.seq - a.seq)
      .map((t) => structuredClone(t));
  }

  /** The documents of the tasks changed since the last call, the ids of those gone, and the order counter. */
  changedDocs(): { docs: Array<{ id: string; body: CommitTaskDoc }>; removed: string[]; counter: number } {
    const { changed, removed } = this.changes.take();
    const docs = changed.flatMap((id) => {
      const task = this.tasks.get(id);
      return task ? [{ id, body: { task: structuredClone(task) } }] : [];
    });
    return { docs, removed, counter: this.seq };
  }

  /** Nothing is written (an emulator without a store): the changes are not kept for later. */
  forgetChanges(): void {
    this.changes.take();
  }

  /** Takes back the tasks of stored documents and the order counter (their timers are re-armed by the table). */
  restore(docs: readonly CommitTaskDoc[], counter: number): void {
    this.seq = Math.max(this.seq, counter);
    for (const d of docs) {
      this.tasks.set(d.task.id, structuredClone(d.task));
      this.seq = Math.max(this.seq, d.task.seq + 1);
    }
  }

  private arch(rt: GroupRuntime): ImageArch {
    return this.ctx.world.instanceType(rt.group.instanceType)?.arch === 'ARM64' ? 'arm64' : 'amd64';
  }

  /** Every commit phase's delay is modelled: it runs at the world's time scale. */
  private after(task: CommitTask, delay: Micros, step: CommitStep): void {
    this.ctx.timers.after(this.ctx.world.scaled(delay), COMMIT_TIMER, { taskId: task.id, step });
  }

  /** A step's wait is over (COMMIT_TIMER's handler). */
  private due(task: CommitTask, step: CommitStep): void {
    if (step.op === 'fail') return this.fail(task, step.phase, step.reason);
    if (step.op === 'pulled') {
      if (!this.running(task)) return;
      this.done(task, 'PullBaseImage', `Pull base image for container ${task.containerName} successfully`);
      return this.after(task, SNAPSHOT_TIME, { op: 'snapshotted', sizeMB: step.sizeMB, layers: step.layers });
    }
    if (step.op === 'snapshotted') {
      const rt = this.running(task);
      if (!rt) return;
      this.done(task, 'CommitContainer', `Commit container ${task.containerName} successfully`);
      return this.push(task, rt, { sizeMB: step.sizeMB, layers: step.layers, arch: this.arch(rt) });
    }
    this.pushed(task, step.image);
  }

  /** The instance still runs the container, or the task fails: the phases run on it. */
  private running(task: CommitTask): GroupRuntime | undefined {
    const rt = this.ctx.live(task.containerGroupId);
    const c = rt?.group.containers.find((x) => x.name === task.containerName);
    if (rt && c && rt.group.status === 'Running' && c.currentState.state === 'Running') return rt;
    this.stopped(task);
    return undefined;
  }

  private stopped(task: CommitTask): void {
    this.fail(task, this.next(task), `the container ${task.containerName} of ${task.containerGroupId} stopped running before the commit ended`);
  }

  private next(task: CommitTask): CommitPhase {
    return COMMIT_PHASES[task.phases.length] ?? 'PushImage';
  }

  private pullBase(task: CommitTask, rt: GroupRuntime): void {
    const container = rt.group.containers.find((c) => c.name === task.containerName)!;
    const found = resolveImage(this.ctx.world.spec, container.image, {
      credentials: rt.credentials,
      arch: this.arch(rt),
      outage: (host) => this.ctx.world.faults.on('registry-outage', host.toLowerCase()) !== undefined,
    });
    if (!found.ok) {
      if (found.failure.kind === 'unreachable' && found.failure.registry) this.ctx.world.faults.hit('registry-outage', found.failure.registry.toLowerCase());
      return this.after(task, found.failure.after, { op: 'fail', phase: 'PullBaseImage', reason: found.failure.reason });
    }
    const base = found.image;
    // The instance holds the base image's layers: only the reference is resolved again.
    this.after(task, pullTime(base, new Set(base.layers.map((l) => l.digest))).duration, {
      op: 'pulled',
      sizeMB: base.bytes / 1_000_000 + COMMITTED_LAYER_MB,
      layers: base.layers.length + 1,
    });
  }

  private push(task: CommitTask, rt: GroupRuntime, image: PushedImage): void {
    const check = canPush(this.ctx.world, this.reference(task), rt.credentials, image.arch);
    if (!check.ok) return this.after(task, check.after, { op: 'fail', phase: 'PushImage', reason: check.reason });
    this.after(task, pushTime(check.registry, image), { op: 'pushed', image });
  }

  private pushed(task: CommitTask, image: PushedImage): void {
    // The upload is the instance's: one deleted meanwhile pushed nothing.
    const rt = this.ctx.live(task.containerGroupId);
    if (!rt) return this.stopped(task);
    // The registry is asked again when the upload ends: it may have gone away meanwhile.
    const last = canPush(this.ctx.world, this.reference(task), rt.credentials, image.arch);
    if (!last.ok) return this.fail(task, 'PushImage', last.reason);
    const refused = addImage(this.ctx.world, task.target.registry, task.target.repository, task.target.tag, image);
    if (refused) return this.fail(task, 'PushImage', refused);
    this.done(task, 'PushImage', `Push image ${task.target.canonical} successfully`);
    task.status = 'Succeeded';
    task.statusMessage = `Commit container ${task.containerName} of ${task.containerGroupId} to ${task.target.canonical} successfully`;
    task.finishedTime = this.ctx.clock.now();
  }

  private reference(task: CommitTask): ImageReference {
    return { registry: task.target.registry, repository: task.target.repository, tag: task.target.tag, canonical: task.target.canonical };
  }

  private done(task: CommitTask, phase: CommitPhase, message: string): void {
    task.phases.push({ phase, status: 'Success', message, recordTime: this.ctx.clock.now() });
    const next = COMMIT_PHASES[task.phases.length];
    if (next) task.statusMessage = `Commit container ${task.containerName} of ${task.containerGroupId}: ${next}`;
  }

  private fail(task: CommitTask, phase: CommitPhase, reason: string): void {
    if (task.status !== 'Running') return;
    const now = this.ctx.clock.now();
    task.phases.push({ phase, status: 'Failed', message: reason, recordTime: now });
    task.status = 'Failed';
    task.statusMessage = reason;
    task.finishedTime = now;
  }

  private sweep(): void {
    const now = this.ctx.clock.now();
    for (const [id, t] of this.tasks) {
      if (t.finishedTime === undefined || now - t.finishedTime <= TASK_RETENTION) continue;
      this.tasks.delete(id);
      this.changes.drop(id);
    }
  }
}
