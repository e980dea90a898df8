// CommitContainer and DescribeCommitContainerTask: a running container is saved as an image and
// pushed to a registry of the world, phase by phase on the service's clock. Every check that can
// refuse the call is made before the task exists; what fails later (the base image's registry or
// the destination not answering, refusing the instance's credentials) fails the task, with the
// pull's reason as its message, and changes no registry.
import type { Clock } from '../../model/clock.js';
import type { Micros } from '../../model/event.js';
import { EmulatorError, invalid } from '../errors.js';
import { newId } from '../image-caches/cache-ids.js';
import { parseReference, pullTime, resolveImage, type ImageArch, type ImageReference } from '../images/index.js';
import type { GroupRuntime } from '../runtime.js';
import type { Cancel, Scheduler } from '../scheduler.js';
import type { World } from '../world/world.js';
import { COMMIT_PHASES, type CommitPhase, type CommitTask, type CommitTaskStatus } from './commit-task.js';
import { commitTarget } from './commit-target.js';
import { addImage, canPush, pushTime } from './push.js';

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
  scheduler: Scheduler;
  clock: Clock;
  /** The account's group in the region (throws InvalidContainerGroupId.NotFound). */
  group: (account: string, id: string, regionId: string) => GroupRuntime;
  /** The group if it still exists, for the later phases. */
  live: (id: string) => GroupRuntime | undefined;
}

export class Commits {
  private readonly tasks = new Map<string, CommitTask>();
  private readonly timers = new Set<Cancel>();
  private seq = 0;

  constructor(private readonly ctx: CommitsContext) {}

  /** CommitContainer: checks, then the task starts Running with its first phase due. */
  commit(req: CommitRequest): CommitTask {
    const rt = this.ctx.group(req.account, req.containerGroupId, req.regionId);
    const container = rt.group.containers.find((c) => c.name === req.containerName);
    if (!container) throw invalid('ContainerName', req.containerName, `the container group ${rt.group.id} has no container of that name`);
    // "Empty by default: the tag is not changed" (Image.Tag): the base image's tag carries over.
    const base = parseReference(container.image);
    const target = commitTarget(req, (base.ok ? base.ref.tag : undefined) ?? 'latest');
    if (rt.group.status !== 'Running' || container.currentState.state !== 'Running') {
      throw new EmulatorError('IncorrectStatus', `The container ${req.containerName} of ${rt.group.id} is not running (the group is ${rt.group.status}, the container ${container.currentState.state}); only a running container can be committed.`, 'ContainerName');
    }
    const busy = [...this.tasks.values()].find((t) => t.containerGroupId === rt.group.id && t.containerName === req.containerName && t.status === 'Running');
    if (busy) throw new EmulatorError('IncorrectStatus', `The container ${req.containerName} of ${rt.group.id} is being committed by task ${busy.id}; commit it again once that task has ended.`, 'ContainerName');
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
    this.pullBase(task);
    return structuredClone(task);
  }

  /** DescribeCommitContainerTask: the account's tasks in the region, newest first. */
  list(account: string, regionId: string, filter: CommitFilter): CommitTask[] {
    this.sweep();
    return [...this.tasks.values()]
      .filter((t) => t.account === account && t.regionId === regionId)
      .filter((t) => (filter.containerGroupId === undefined || t.containerGroupId === filter.containerGroupId) && (filter.taskIds === undefined || filter.taskIds.includes(t.id)) && (filter.status === undefined || t.status === filter.status))
      .sort((a, b) => b.seq - a.seq)
      .map((t) => structuredClone(t));
  }

  close(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }

  private arch(rt: GroupRuntime): ImageArch {
    return this.ctx.world.instanceType(rt.group.instanceType)?.arch === 'ARM64' ? 'arm64' : 'amd64';
  }

  /** Every commit phase's delay is modelled: it runs at the world's time scale. */
  private after(delay: Micros, fn: () => void): void {
    const cancel = this.ctx.scheduler.after(this.ctx.world.scaled(delay), () => {
      this.timers.delete(cancel);
      fn();
    });
    this.timers.add(cancel);
  }

  /** The instance still runs the container, or the task fails: the phases run on it. */
  private running(task: CommitTask): GroupRuntime | undefined {
    const rt = this.ctx.live(task.containerGroupId);
    const c = rt?.group.containers.find((x) => x.name === task.containerName);
    if (rt && c && rt.group.status === 'Running' && c.currentState.state === 'Running') return rt;
    this.fail(task, this.next(task), `the container ${task.containerName} of ${task.containerGroupId} stopped running before the commit ended`);
    return undefined;
  }

  private next(task: CommitTask): CommitPhase {
    return COMMIT_PHASES[task.phases.length] ?? 'PushImage';
  }

  private pullBase(task: CommitTask): void {
    const rt = this.ctx.live(task.containerGroupId)!;
    const container = rt.group.containers.find((c) => c.name === task.containerName)!;
    const found = resolveImage(this.ctx.world.spec, container.image, { credentials: rt.credentials, arch: this.arch(rt), outage: (host) => this.ctx.world.faults.on('registry-outage', host.toLowerCase()) !== undefined });
    if (!found.ok) {
      if (found.failure.kind === 'unreachable' && found.failure.registry) this.ctx.world.faults.hit('registry-outage', found.failure.registry.toLowerCase());
      this.after(found.failure.after, () => this.fail(task, 'PullBaseImage', found.failure.reason));
      return;
    }
    const base = found.image;
    // The instance holds the base image's layers: only the reference is resolved again.
    this.after(pullTime(base, new Set(base.layers.map((l) => l.digest))).duration, () => {
      if (!this.running(task)) return;
      this.done(task, 'PullBaseImage', `Pull base image for container ${task.containerName} successfully`);
      this.after(SNAPSHOT_TIME, () => {
        const now = this.running(task);
        if (!now) return;
        this.done(task, 'CommitContainer', `Commit container ${task.containerName} successfully`);
        this.push(task, now, { sizeMB: base.bytes / 1_000_000 + COMMITTED_LAYER_MB, layers: base.layers.length + 1, arch: this.arch(now) });
      });
    });
  }

  private push(task: CommitTask, rt: GroupRuntime, image: { sizeMB: number; layers: number; arch: ImageArch }): void {
    const ref: ImageReference = { registry: task.target.registry, repository: task.target.repository, tag: task.target.tag, canonical: task.target.canonical };
    const check = canPush(this.ctx.world, ref, rt.credentials, image.arch);
    if (!check.ok) {
      this.after(check.after, () => this.fail(task, 'PushImage', check.reason));
      return;
    }
    this.after(pushTime(check.registry, image), () => {
      // The registry is asked again when the upload ends: it may have gone away meanwhile.
      const last = canPush(this.ctx.world, ref, rt.credentials, image.arch);
      if (!last.ok) return this.fail(task, 'PushImage', last.reason);
      const refused = addImage(this.ctx.world, task.target.registry, task.target.repository, task.target.tag, image);
      if (refused) return this.fail(task, 'PushImage', refused);
      this.done(task, 'PushImage', `Push image ${task.target.canonical} successfully`);
      task.status = 'Succeeded';
      task.statusMessage = `Commit container ${task.containerName} of ${task.containerGroupId} to ${task.target.canonical} successfully`;
      task.finishedTime = this.ctx.clock.now();
    });
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
    for (const [id, t] of this.tasks) if (t.finishedTime !== undefined && now - t.finishedTime > TASK_RETENTION) this.tasks.delete(id);
  }
}
