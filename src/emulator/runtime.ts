// A live group: its public state plus what the lifecycle needs to drive it. Timers are owned
// here, in two kinds, so one operation can cancel exactly what it replaces: the group's step
// sequence (start, restart, update, terminate) and each container's own timer (its exit, or the
// back-off before its restart).
import type { Micros } from '../model/event.js';
import type { Container, ContainerGroup } from './container-group.js';
import type { Cancel, Scheduler } from './scheduler.js';
import type { ProvisionRequest } from './world/causes/request.js';
import type { PullBackoff } from './image-pulls.js';
import type { PullCredential } from './images/index.js';
import type { CacheInUse } from './image-cache-use.js';
import type { VolumeRequest } from './requests.js';
import { ContainerLog } from './container-log.js';
import type { CrashLoopState } from './crash-loop.js';

export class GroupRuntime {
  /** Placed on a host (the Scheduled event was recorded). */
  placed = false;
  /** A step sequence (start, restart or update) is in flight: the group status is not settled. */
  starting = false;
  /** What the platform needs to place the group; cleared once it is placed. */
  provision?: ProvisionRequest;
  /** The spot market is taking the group back (SpotToBeReleased is or will be recorded). */
  reclaiming = false;
  /** Creation attempts that were throttled so far. */
  attempts = 0;
  /** Images on the group's host, as the containers name them. */
  readonly pulled = new Set<string>();
  /** Layers on the group's host (by digest): a pull fetches only the others. */
  readonly layers = new Set<string>();
  /** Each image's pull back-off after a failed pull (kubelet's flowcontrol.Backoff). */
  readonly pullBackoffs = new Map<string, PullBackoff>();
  /** ImageRegistryCredential.N of the create: what pulls log in with. */
  credentials: PullCredential[] = [];
  /** Volume.N of the create, kept for the group's life: ResizeContainerGroupVolume grows its disks here. */
  volumes: VolumeRequest[] = [];
  /** The image cache the instance starts from, until it is placed or the cache goes. */
  imageCache?: CacheInUse;
  /** Told of each status the group takes (a data cache watches its loading job this way). */
  onStatus?: (group: ContainerGroup) => void;
  /** Containers that have been started at least once (later starts count as restarts). */
  readonly everStarted = new Set<string>();
  /** EphemeralStorage of the create, GiB: the temporary storage beyond the free 30 GiB (workload/limits.ts). */
  ephemeralStorageGiB = 0;
  /** Each container's crash-loop back-off (crash-loop.ts), by name: plain data. */
  crashLoops: Record<string, CrashLoopState> = {};
  private readonly sequence = new Set<Cancel>();
  private readonly perContainer = new Map<string, Cancel>();
  /** Each container's log (container-log.ts), from its first start. */
  private readonly logs = new Map<string, ContainerLog>();
  /** The writes still to come of each container's running process. */
  private readonly writes = new Map<string, Set<Cancel>>();

  constructor(
    private readonly scheduler: Scheduler,
    readonly group: ContainerGroup,
    /** Creation order, unique: breaks ties between groups created in the same microsecond. */
    readonly seq: number,
  ) {}

  container(name: string): Container {
    const c = this.group.containers.find((x) => x.name === name);
    if (!c) throw new Error(`container ${name} is not in group ${this.group.id}`);
    return c;
  }

  /** A step of the group's sequence, `delay` from now. */
  after(delay: Micros, fn: () => void): void {
    const cancel = this.scheduler.after(delay, () => {
      this.sequence.delete(cancel);
      fn();
    });
    this.sequence.add(cancel);
  }

  /** The container's one timer, replacing any it had. */
  afterFor(name: string, delay: Micros, fn: () => void): void {
    this.cancelContainer(name);
    const cancel = this.scheduler.after(delay, () => {
      if (this.perContainer.get(name) === cancel) this.perContainer.delete(name);
      fn();
    });
    this.perContainer.set(name, cancel);
  }

  log(name: string): ContainerLog {
    let log = this.logs.get(name);
    if (!log) this.logs.set(name, (log = new ContainerLog()));
    return log;
  }

  /** A write of the container's process, `delay` from now; apart from its one timer, which is its exit. */
  afterWrite(name: string, delay: Micros, fn: () => void): void {
    let set = this.writes.get(name);
    if (!set) this.writes.set(name, (set = new Set()));
    const cancel = this.scheduler.after(delay, () => {
      set.delete(cancel);
      fn();
    });
    set.add(cancel);
  }

  /** The container's process is gone: what it had still to write never is, and its run's log ends. */
  endProcess(name: string): void {
    for (const cancel of this.writes.get(name) ?? []) cancel();
    this.writes.delete(name);
    this.logs.get(name)?.current?.end();
  }

  hasContainerTimer(name: string): boolean {
    return this.perContainer.has(name);
  }

  cancelContainer(name: string): void {
    this.perContainer.get(name)?.();
    this.perContainer.delete(name);
  }

  cancelSequence(): void {
    for (const cancel of this.sequence) cancel();
    this.sequence.clear();
    this.starting = false;
  }

  cancelAll(): void {
    this.cancelSequence();
    for (const name of [...this.perContainer.keys()]) this.cancelContainer(name);
    for (const name of [...this.writes.keys()]) this.endProcess(name);
  }
}
