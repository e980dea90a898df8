// A live group: its public state plus what the lifecycle needs to drive it. Timers are data
// (state/timers.ts), owned here by id in two kinds, so one operation can cancel exactly what it
// replaces: the group's step sequence (start, restart, update, terminate) and each container's
// own timer (its exit, or the back-off before its restart); each running process's writes; and
// the instance's one shortage timer (its containers together out of memory or disk).
import type { Micros } from '../model/event.js';
import type { Container, ContainerGroup } from './container-group.js';
import type { ProvisionRequest } from './world/causes/request.js';
import type { PullBackoff } from './image-pulls.js';
import type { PullCredential } from './images/index.js';
import type { CacheInUse } from './image-cache-use.js';
import type { VolumeRequest } from './requests.js';
import { ContainerLog } from './container-log.js';
import type { CrashLoopState } from './crash-loop.js';
import type { TimerTable } from './state/timers.js';
import type { Convergence } from './steps.js';

/** Every group timer's payload names its group. */
export interface GroupPayload {
  g: string;
}

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
  /** The ClientToken of its creation, if any (a repeat with it answers this group). */
  clientToken?: string;
  /** The data cache this group loads (its loading job), if it is one: told of each status it takes. */
  dataCacheJob?: string;
  /** Containers that have been started at least once (later starts count as restarts). */
  readonly everStarted = new Set<string>();
  /** EphemeralStorage of the create, GiB: the temporary storage beyond the free 30 GiB (workload/limits.ts). */
  ephemeralStorageGiB = 0;
  /** Each container's crash-loop back-off (crash-loop.ts), by name: plain data. */
  crashLoops: Record<string, CrashLoopState> = {};
  /**
   * The sequence the init containers hold back (lifecycle.ts): set while they run, one at a time;
   * its app containers start once the last one has succeeded. Plain data, stored with the group.
   */
  init?: Convergence;
  /** Timer ids of the group's step sequence. */
  readonly sequence = new Set<string>();
  /** The timer id of each container's one timer. */
  readonly perContainer = new Map<string, string>();
  /** Each container's log (container-log.ts), from its first start. */
  readonly logs = new Map<string, ContainerLog>();
  /** The timer ids of the writes still to come of each container's running process. */
  readonly writes = new Map<string, Set<string>>();
  /**
   * The timer id of the instance's next shortage: its containers' use together going over its
   * memory or its temporary storage (workload/instance.ts); at most one, set again as runs begin and end.
   */
  shortage?: string;

  constructor(
    private readonly timers: TimerTable,
    readonly group: ContainerGroup,
    /** Creation order, unique: breaks ties between groups created in the same microsecond. */
    readonly seq: number,
  ) {}

  /** A container or an init container by name (their names are unique across both lists). */
  container(name: string): Container {
    const c = this.group.containers.find((x) => x.name === name) ?? this.group.initContainers.find((x) => x.name === name);
    if (!c) throw new Error(`container ${name} is not in group ${this.group.id}`);
    return c;
  }

  isInit(name: string): boolean {
    return this.group.initContainers.some((c) => c.name === name);
  }

  /** A step of the group's sequence, `delay` from now: the timer `kind` with the payload. */
  after(delay: Micros, kind: string, payload: object): void {
    this.sequence.add(this.timers.after(delay, kind, { ...payload, g: this.group.id }));
  }

  /** The container's one timer, replacing any it had. */
  afterFor(name: string, delay: Micros, kind: string, payload: object): void {
    this.cancelContainer(name);
    this.perContainer.set(name, this.timers.after(delay, kind, { ...payload, g: this.group.id }));
  }

  /** A write of the container's process, `delay` from now; apart from its one timer, which is its exit. */
  afterWrite(name: string, delay: Micros, kind: string, payload: object): void {
    let set = this.writes.get(name);
    if (!set) this.writes.set(name, (set = new Set()));
    set.add(this.timers.after(delay, kind, { ...payload, g: this.group.id }));
  }

  /** The instance's shortage timer, due at `at`, replacing any it had. */
  afterShortage(at: Micros, kind: string): void {
    this.cancelShortage();
    this.shortage = this.timers.at(at, kind, { g: this.group.id });
  }

  cancelShortage(): void {
    if (this.shortage !== undefined) this.timers.cancel(this.shortage);
    this.shortage = undefined;
  }

  /** A timer of this group ran: it is no longer pending anywhere. */
  fired(id: string): void {
    this.sequence.delete(id);
    if (this.shortage === id) this.shortage = undefined;
    for (const [name, t] of this.perContainer) if (t === id) this.perContainer.delete(name);
    for (const [name, set] of this.writes) {
      set.delete(id);
      if (set.size === 0) this.writes.delete(name);
    }
  }

  log(name: string): ContainerLog {
    let log = this.logs.get(name);
    if (!log) this.logs.set(name, (log = new ContainerLog()));
    return log;
  }

  /** The container's process is gone: what it had still to write never is, and its run's log ends. */
  endProcess(name: string): void {
    for (const id of this.writes.get(name) ?? []) this.timers.cancel(id);
    this.writes.delete(name);
    this.logs.get(name)?.current?.end();
  }

  hasContainerTimer(name: string): boolean {
    return this.perContainer.has(name);
  }

  cancelContainer(name: string): void {
    const id = this.perContainer.get(name);
    if (id !== undefined) this.timers.cancel(id);
    this.perContainer.delete(name);
  }

  cancelSequence(): void {
    for (const id of this.sequence) this.timers.cancel(id);
    this.sequence.clear();
    this.starting = false;
    // The init containers held back the sequence just cancelled; a new one decides again.
    this.init = undefined;
  }

  cancelAll(): void {
    this.cancelSequence();
    for (const name of [...this.perContainer.keys()]) this.cancelContainer(name);
    for (const name of [...this.writes.keys()]) this.endProcess(name);
    this.cancelShortage();
  }
}
