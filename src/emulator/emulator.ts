// The emulator's container groups: the domain behind CreateContainerGroup,
// DescribeContainerGroups, DescribeContainerGroupStatus, DeleteContainerGroup,
// RestartContainerGroup and UpdateContainerGroup. No HTTP here: the RPC layer parses and renders,
// this class checks against the world, changes state and records the events that follow.
import type { Clock } from '../model/clock.js';
import { DEFAULT_ACCOUNT } from '../model/event.js';
import type { Recorder } from '../recorder/index.js';
import { settledQuietly, TurnWrites } from './turn-writes.js';
import { FINAL_STATUSES, type ContainerGroup, type GroupStatus } from './container-group.js';
import { EmulatorError, groupNotFound, type EmulatorErrorCode } from './errors.js';
import type { ProvisionRequest } from './world/causes/request.js';
import { dryRun } from './world/dry-run.js';
import { GroupEvents } from './group-events.js';
import { PodChanges } from './pod-changes.js';
import { declaredParts, newContainer } from './group-declaration.js';
import type { FailureCause } from './hooks.js';
import { newGroupId } from './ids.js';
import { Lifecycle } from './lifecycle.js';
import { planCreate, type CreatePlan } from './plan-create.js';
import { planUpdate } from './plan-update.js';
import { matches, newestFirst, page } from './query.js';
import type { RegionInfo } from './regions.js';
import type { CreateRequest, ListFilter, ListResult, Page, UpdateRequest } from './requests.js';
import { DEFAULT_RETENTION, expiredGroups, type RetentionPolicy } from './retention.js';
import { GroupRuntime } from './runtime.js';
import type { Scheduler } from './scheduler.js';
import { DEFAULT_TIMINGS, type Timings } from './timings.js';
import { scaledTimings } from './time-scale.js';
import { World } from './world/world.js';
import { Incidents, type ReclaimRequest } from './incidents.js';
import type { Fault, FaultRequest } from './world/faults.js';
import type { WorldSpec } from './world/spec.js';
import { accountView, type WorldState } from './world-view.js';
import { CacheEvents } from './image-caches/cache-events.js';
import { ImageCaches } from './image-caches/image-caches.js';
import type { PullImage } from './image-caches/image-source.js';
import { worldPull } from './image-caches/image-pull.js';
import type { CacheTimings } from './image-caches/timings.js';
import { ImageCacheUse } from './image-cache-use.js';
import { Commits } from './commits/commits.js';
import { OpsTasks } from './ops/ops-tasks.js';
import { Volumes } from './volumes/volumes.js';
import { execIn, logRun, runningContainer, type ExecResult } from './container-access.js';
import { ContainerRunner } from './container-run.js';
import { ExecSessions } from './exec-sessions.js';
import type { LogRun } from './container-log.js';
import { NodeEvents } from './virtual-nodes/node-events.js';
import type { VnodeTimings } from './virtual-nodes/timings.js';
import { VirtualNodes } from './virtual-nodes/virtual-nodes.js';
import { DataCaches } from './data-caches/data-caches.js';
import { DataCacheEvents } from './data-caches/cache-events.js';
import type { DataCacheTimings } from './data-caches/timings.js';
import { ManualScheduler } from './scheduler.js';
import { TimerTable } from './state/timers.js';
import { DOC_KINDS, type StateSink } from './state/sink.js';
import { collectState, restoredState, SavedDocs } from './state/emulator-doc.js';
import type { LoadedState } from '../store/index.js';

export interface EmulatorOptions {
  recorder: Recorder;
  clock: Clock;
  scheduler: Scheduler;
  /** Step durations; missing ones take DEFAULT_TIMINGS. */
  timings?: Partial<Timings>;
  /** Gets failed event writes (the state machine never waits for them); default: a process warning. */
  onError?: (err: unknown) => void;
  /** The modelled world the groups live in (default: the default world, on this clock). */
  world?: World;
  retention?: RetentionPolicy;
  /** How image-cache builds pull (default: the world's image model, image-caches/image-pull.ts). */
  pullImage?: PullImage;
  /** Image-cache build step durations; missing ones take CACHE_TIMINGS. */
  cacheTimings?: Partial<CacheTimings>;
  /** Virtual-node step durations; missing ones take VNODE_TIMINGS. */
  vnodeTimings?: Partial<VnodeTimings>;
  /** Data-cache load step durations; missing ones take DATA_CACHE_TIMINGS. */
  dataCacheTimings?: Partial<DataCacheTimings>;
  /**
   * Where each turn's state changes go, committed with the turn's events (state/sink.ts); the
   * recorder of a store-backed service. Without one the state lives in memory only.
   */
  state?: StateSink;
}

/** Only these statuses can be restarted (RestartContainerGroup's documented rule). */
const RESTARTABLE: ReadonlySet<GroupStatus> = new Set(['Pending', 'Running']);
/** Nothing runs in these any more, so nothing can be updated. */
const NOT_UPDATABLE: ReadonlySet<GroupStatus> = new Set([...FINAL_STATUSES, 'ScheduleFailed', 'Terminating']);

function incorrectStatus(g: ContainerGroup, action: string, allowed: string): EmulatorError {
  return new EmulatorError('IncorrectStatus', `The container group ${g.id} is ${g.status}; ${action} needs ${allowed}.`, 'ContainerGroupId');
}

function provisionRequest(groupId: string, req: CreateRequest, plan: CreatePlan): ProvisionRequest {
  return {
    groupId,
    account: plan.account,
    regionId: plan.region.regionId,
    vSwitches: plan.vSwitches,
    instanceTypes: plan.instanceTypes,
    securityGroupId: plan.securityGroupId,
    spotStrategy: plan.spotStrategy,
    ...(plan.spotPriceLimit !== undefined ? { spotPriceLimit: plan.spotPriceLimit } : {}),
    restartPolicy: plan.restartPolicy,
    request: structuredClone(req),
  };
}

/** Finished groups are forgotten (retention) at most this often. */
const SWEEP_INTERVAL_MICROS = 1_000_000;

export class Emulator {
  private lastSweep = -Infinity;
  private readonly groups = new Map<string, GroupRuntime>();
  private readonly clientTokens = new Map<string, string>();
  /** The pending steps, as data (state/timers.ts). */
  private readonly timers: TimerTable;
  private readonly sink: StateSink | undefined;
  /** The documents as last handed to the sink (only what changed is written). */
  private readonly saved = new SavedDocs();
  private turnDepth = 0;
  /**
   * The groups the turn may have changed (every lookup of a group marks it), or all of them:
   * only their documents are serialized and compared at the turn's end.
   */
  private readonly touched = new Set<string>();
  private allTouched = false;
  /** The same, since the pod feed last looked: it looks after every step, and a turn may hold many. */
  private readonly podsTouched = new Set<string>();
  private podsAllTouched = false;
  private readonly removedGroups = new Set<string>();
  /** The writes of the last turn: its events and, with a sink, its state changes. */
  private lastWritten: Promise<void> = Promise.resolve();
  private readonly turnWrites = new TurnWrites();
  private readonly onError: (err: unknown) => void;
  readonly world: World;
  /** CreateImageCache and the other image-cache actions. */
  readonly imageCaches: ImageCaches;
  /** CommitContainer and DescribeCommitContainerTask. */
  readonly commits: Commits;
  /** CreateInstanceOpsTask and DescribeInstanceOpsRecords. */
  readonly opsTasks: OpsTasks;
  /** ResizeContainerGroupVolume. */
  readonly volumes: Volumes;
  /** ExecContainerCommand's sessions (Sync=false), opened over the service's WebSocket. */
  readonly execSessions: ExecSessions;
  /** CreateVirtualNode and the other virtual-node actions. */
  readonly virtualNodes: VirtualNodes;
  /** CreateDataCache and the other data-cache actions; their loading jobs are groups of this emulator. */
  readonly dataCaches: DataCaches;
  /**
   * Every change of a group as its pod shows it, versioned (pod-changes.ts): what a watch of
   * pods reads. Its counter is kept in the meta document; a restart starts the feed afresh from it.
   */
  readonly podChanges = new PodChanges();
  private readonly lifecycle: Lifecycle;
  private readonly incidents: Incidents;
  private readonly cacheUse: ImageCacheUse;
  private readonly events: GroupEvents;
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly retention: RetentionPolicy;
  private seq = 0;

  /**
   * A new emulator; with `restored` (the store's documents and timers, loaded by
   * Emulator.restore), the emulator those describe, its timers re-armed.
   */
  constructor(options: EmulatorOptions, restored?: LoadedState) {
    this.clock = options.clock;
    this.scheduler = options.scheduler;
    this.retention = options.retention ?? DEFAULT_RETENTION;
    this.sink = options.state;
    const state = restored && restoredState(restored, this.clock, options.world?.settings);
    this.world = state?.world ?? options.world ?? new World(undefined, this.clock);
    const onError = options.onError ?? ((err: unknown) => process.emitWarning(`emulator event not recorded: ${String(err)}`));
    this.onError = onError;
    this.timers = new TimerTable(this.scheduler, (run) => this.turn(run));
    // A step of a clock advance is one turn: its documents are written once, with its events.
    if (this.sink && this.scheduler instanceof ManualScheduler) this.scheduler.aroundStep = (run) => this.turn(run);
    // An event about a group marks it: whatever recorded it may have changed it.
    // Every event class reports through this, so that a turn knows its own writes.
    const reporter = this.turnWrites.reporter(options.recorder);
    this.events = new GroupEvents(reporter, this.clock, onError, (g) => this.mark(g.id));
    this.lifecycle = new Lifecycle({
      clock: this.clock,
      timings: scaledTimings({ ...DEFAULT_TIMINGS, ...options.timings }, () => this.world.timeScale),
      events: this.events,
      world: this.world,
      timers: this.timers,
      group: (id) => this.live(id),
      gone: (rt) => this.remove(rt),
      // A data cache's loading job names its cache in its runtime (kept in its document).
      statusChanged: (rt) => {
        if (rt.dataCacheJob !== undefined) this.dataCaches.jobStatus(rt.dataCacheJob, rt.group);
      },
      // A pod goes to the account's Ready virtual node in the region when there is one.
      nodeFor: (g) => this.virtualNodes.readyNode(g.account, g.regionId)?.name,
    });
    this.imageCaches = this.inTurns(
      new ImageCaches({
        world: this.world,
        timers: this.timers,
        clock: this.clock,
        events: new CacheEvents(reporter, this.clock, onError),
        pull: options.pullImage ?? worldPull(this.world),
        ...(options.cacheTimings ? { timings: options.cacheTimings } : {}),
        removed: (cache) => this.cacheUse.removed(cache),
      }),
      ['create', 'update', 'delete'],
    );
    this.execSessions = new ExecSessions(this.clock, this.scheduler);
    this.virtualNodes = this.inTurns(
      new VirtualNodes({
        world: this.world,
        timers: this.timers,
        clock: this.clock,
        events: new NodeEvents(reporter, this.clock, onError),
        // The node's instance pulls like a cache's builder: the image model, from an empty disk.
        pull: options.pullImage ?? worldPull(this.world),
        ...(options.vnodeTimings ? { timings: options.vnodeTimings } : {}),
      }),
      ['create', 'update', 'delete'],
    );
    this.dataCaches = this.inTurns(
      new DataCaches({
        world: this.world,
        timers: this.timers,
        clock: this.clock,
        events: new DataCacheEvents(reporter, this.clock, onError),
        ...(options.dataCacheTimings ? { timings: options.dataCacheTimings } : {}),
        jobs: {
          create: (req, cacheId) => {
            const g = this.create(req);
            this.live(g.id)!.dataCacheJob = cacheId;
            return g;
          },
          stop: (account, id) => {
            const rt = this.find(account, id);
            if (rt && !NOT_UPDATABLE.has(rt.group.status)) this.delete(account, id);
          },
        },
      }),
      ['create', 'update', 'delete', 'copy'],
    );
    this.cacheUse = new ImageCacheUse(
      this.world,
      () => this.imageCaches,
      this.events,
      () => this.allLive(),
    );
    this.commits = this.inTurns(
      new Commits({
        world: this.world,
        timers: this.timers,
        clock: this.clock,
        group: (account, id, regionId) => this.require(account, id, regionId),
        live: (id) => this.live(id),
      }),
      ['commit'],
    );
    // A list is a turn too: reading may end a record (a core file made since), which is then written.
    this.opsTasks = this.inTurns(new OpsTasks({ clock: this.clock, group: (account, id, regionId) => this.require(account, id, regionId) }), [
      'create',
      'list',
    ]);
    this.volumes = this.inTurns(new Volumes({ world: this.world, group: (account, id, regionId) => this.require(account, id, regionId) }), ['resize']);
    this.incidents = new Incidents(
      this.world,
      this.lifecycle,
      this.events,
      this.timers,
      this.clock,
      () => this.allLive(),
      (id) => this.live(id),
    );
    if (state) {
      for (const rt of state.groups(this.timers)) {
        this.groups.set(rt.group.id, rt);
        if (rt.clientToken !== undefined) this.clientTokens.set(`${rt.group.account}\u0000${rt.clientToken}`, rt.group.id);
      }
      this.imageCaches.restore(state.of(DOC_KINDS.imageCache));
      this.virtualNodes.restore(state.of(DOC_KINDS.virtualNode));
      this.dataCaches.restore(state.of(DOC_KINDS.dataCache));
      this.commits.restore(state.of(DOC_KINDS.commitTask), state.counter(DOC_KINDS.commitTask));
      this.opsTasks.restore(state.of(DOC_KINDS.opsRecords), state.counter(DOC_KINDS.opsRecords));
      this.seq = state.meta.seq;
      // Watches from before the restart resume from nothing kept (410 Expired: they list again).
      this.podChanges.resume(
        state.meta.pods ?? 0,
        [...this.groups.values()].map((rt) => rt.group),
      );
      this.saved.load(restored!.docs, state.worldRevision);
      this.timers.restore(restored!.timers, state.meta.nextTimer);
    }
  }

  /**
   * The emulator the store's documents describe (loaded with EventStore.loadEmulatorState): the
   * groups, the world and its faults, the counters, and every pending timer re-armed (one due
   * already runs at once, once, in due order). An empty store gives a new emulator. The virtual
   * clock's stored time is the caller's to set first (storedClockTime).
   */
  static restore(options: EmulatorOptions, loaded: LoadedState): Emulator {
    return loaded.docs.length === 0 && loaded.timers.length === 0 ? new Emulator(options) : new Emulator(options, loaded);
  }

  /**
   * The object with its mutating methods run as turns (the API calls the emulator's resources
   * directly: emulator.imageCaches.create...). Calls from inside a turn join it.
   */
  private inTurns<T extends object>(target: T, methods: ReadonlyArray<keyof T & string>): T {
    const names = new Set<string | symbol>(methods);
    return new Proxy(target, {
      get: (t, key, receiver) => {
        const v: unknown = Reflect.get(t, key, receiver);
        if (typeof v !== 'function' || !names.has(key)) return v;
        return (...args: unknown[]) => this.turn(() => (v as (...a: unknown[]) => unknown).apply(receiver, args));
      },
    });
  }

  /**
   * Runs `fn` as one turn: its events and its state changes are handed to the sink together at
   * its end (nested turns join the outer one).
   */
  private turn<T>(fn: () => T): T {
    if (this.turnDepth > 0) {
      // A timer inside a clock advance's step: each shows in the pod feed, as a watch would see it.
      try {
        return fn();
      } finally {
        this.notePods();
      }
    }
    this.turnDepth++;
    this.turnWrites.begin();
    this.sink?.openTurn();
    try {
      return fn();
    } finally {
      this.turnDepth--;
      this.notePods();
      const events = this.turnWrites.end();
      if (this.sink) this.lastWritten = settledQuietly(Promise.all([events, this.closeTurn(this.sink)]));
      else {
        this.forgetTouched();
        this.lastWritten = events;
      }
    }
  }

  /** Hands the turn's changed documents and timers to the sink, with its events; settles once they are durable. */
  private closeTurn(sink: StateSink): Promise<void> {
    let change;
    try {
      change = collectState(this.saved, this.docs(), this.timers.changes());
    } catch (err) {
      this.onError(err);
    }
    const done = sink.closeTurn(change);
    // Awaited by the action that made the turn (committed()); a timer's turn has no one to tell.
    done.catch(this.onError);
    return done;
  }

  /** Tells the pod feed of the groups the turn may have changed (it ignores those that did not). */
  private notePods(): void {
    const groups = this.podsAllTouched ? this.groups.keys() : this.podsTouched;
    for (const id of groups) {
      const rt = this.groups.get(id);
      if (rt) this.podChanges.note(rt.group);
    }
    this.podsTouched.clear();
    this.podsAllTouched = false;
  }

  private forgetTouched(): void {
    this.touched.clear();
    this.removedGroups.clear();
    this.allTouched = false;
    this.commits.forgetChanges();
    this.opsTasks.forgetChanges();
  }

  /**
   * Resolves once every turn so far is committed (rejects when the last one failed); what changed
   * outside a turn (a read that swept finished groups) is written now too. Events are never
   * reported outside a turn (restore.test.ts checks it): a cache's or a node's steps are timers.
   * Mutating actions answer only after it.
   */
  committed(): Promise<void> {
    if (!this.sink) return Promise.resolve();
    this.turn(() => undefined);
    return this.lastWritten;
  }

  /**
   * Runs `change` as one turn of its own: its value, and `written`, which settles once what that
   * turn reported and changed is stored (rejecting when it could not be). A caller that answers
   * after `written` answers with its own events stored, without waiting for anybody else's.
   */
  changing<T>(change: () => T): { value: T; written: Promise<void> } {
    if (this.turnDepth > 0) throw new Error('changing() runs a turn of its own: it cannot be called inside one');
    const value = this.turn(change);
    return { value, written: this.lastWritten };
  }

  /**
   * The writes of the turn that ran last (a step of a clock advance: the advance awaits each
   * step's before the next, so that it holds no more than a step's events in memory).
   */
  lastTurnWritten(): Promise<void> {
    return this.lastWritten;
  }

  /** A group by id, marked as possibly changed by this turn. */
  private live(id: string): GroupRuntime | undefined {
    const rt = this.groups.get(id);
    if (rt) this.mark(id);
    return rt;
  }

  /** Every group, all marked as possibly changed by this turn. */
  private allLive(): IterableIterator<GroupRuntime> {
    this.allTouched = true;
    this.podsAllTouched = true;
    return this.groups.values();
  }

  /** The group may change in this turn: its document is compared at the turn's end, its pod at the step's. */
  private mark(id: string): void {
    this.touched.add(id);
    this.podsTouched.add(id);
  }

  /** The emulator's documents that this turn may have changed (state/emulator-doc.ts); then starts afresh. */
  private docs() {
    const groups = this.allTouched
      ? [...this.groups.values()]
      : [...this.touched].map((id) => this.groups.get(id)).filter((rt): rt is GroupRuntime => rt !== undefined);
    const removedGroups = [...this.removedGroups];
    this.touched.clear();
    this.removedGroups.clear();
    this.allTouched = false;
    return {
      removedGroups,
      seq: this.seq,
      nextTimer: this.timers.next,
      pods: this.podChanges.latest,
      clock: this.clock.now(),
      world: this.world,
      groups,
      resources: [
        { kind: DOC_KINDS.imageCache, docs: this.imageCaches.toDocs() },
        { kind: DOC_KINDS.virtualNode, docs: this.virtualNodes.toDocs() },
        { kind: DOC_KINDS.dataCache, docs: this.dataCaches.toDocs() },
        // Given only when changed: a long-lived service gathers many tasks and records.
        { kind: DOC_KINDS.commitTask, ...this.commits.changedDocs() },
        { kind: DOC_KINDS.opsRecords, ...this.opsTasks.changedDocs() },
      ],
    };
  }

  /**
   * The world as it stands, with where each living group is placed; given an account, only what
   * that account may see of it (world-view.ts).
   */
  worldState(account?: string): WorldState {
    const state: WorldState = {
      world: this.world.show(),
      hosts: this.world.hosts(),
      placements: [...this.world.placements.values()].map((p) => ({
        containerGroupId: p.groupId,
        account: p.account,
        zoneId: p.zoneId,
        hostId: p.hostId,
        instanceType: p.instanceType,
        spot: p.spot,
        ip: p.ip,
        ...(p.eipId ? { eipId: p.eipId } : {}),
      })),
      faults: this.world.faults.all(),
    };
    return account === undefined ? state : accountView(state, account);
  }

  /** Changes the world by a partial world (throws WorldError, changing nothing, when it is not valid). */
  changeWorld(patch: unknown): WorldSpec {
    return this.turn(() => {
      const out = this.world.apply(patch);
      this.incidents.repriced();
      return out;
    });
  }

  injectFault(req: FaultRequest): Fault {
    return this.turn(() => {
      return this.incidents.inject(req);
    });
  }

  clearFault(id: string): Fault {
    return this.turn(() => {
      return this.incidents.clear(id);
    });
  }

  /** The spot market takes instances of a zone back; the ids of the groups that will be released. */
  reclaimSpot(req: ReclaimRequest): string[] {
    return this.turn(() => {
      return this.incidents.reclaim(req);
    });
  }

  /** DescribeRegions. */
  regions(): RegionInfo[] {
    return this.world.directory.describe();
  }

  /** CreateContainerGroup: checks everything first (a refusal changes nothing), then starts the group. */
  create(asked: CreateRequest): ContainerGroup {
    return this.turn(() => {
      const plan = planCreate(asked, this.world);
      const tokenKey = asked.clientToken ? `${plan.account}\u0000${asked.clientToken}` : undefined;
      const earlier = tokenKey && this.groups.get(this.clientTokens.get(tokenKey) ?? '');
      if (earlier) return structuredClone(earlier.group);
      const mounts = asked.dataCache ? this.dataCaches.mountsFor(plan.account, plan.region.regionId, asked.dataCache, asked.volumes ?? []) : [];
      // Each mounted cache comes as a pay-as-you-go disk of the cache's size, made from its
      // snapshot with the instance: it counts against the disk quota like any disk the platform makes.
      const req: CreateRequest = mounts.length
        ? {
            ...asked,
            volumes: [...(asked.volumes ?? []), ...mounts.map((m) => ({ name: `data-cache-${m.cache.id}`, type: 'DiskVolume', diskSize: m.cache.sizeGiB }))],
          }
        : asked;
      if (req.dryRun) {
        // ECI's dry run also checks service limits and inventory: the first cause that would
        // refuse the creation refuses the call, with its reason as the code.
        const refused = dryRun(this.world, provisionRequest('', req, plan));
        if (refused) throw new EmulatorError(refused.reason as EmulatorErrorCode, `DryRun: ${refused.message}`);
        throw new EmulatorError('DryRunOperation', 'Request validation has been passed with DryRun flag set.');
      }

      const rt = new GroupRuntime(this.timers, this.newGroup(req, plan), this.seq++);
      if (asked.clientToken) rt.clientToken = asked.clientToken;
      rt.provision = provisionRequest(rt.group.id, req, plan);
      rt.credentials = (req.imageRegistryCredentials ?? []).map((c) => ({ ...c }));
      rt.volumes = structuredClone(req.volumes ?? []);
      rt.ephemeralStorageGiB = req.ephemeralStorage ?? 0;
      this.groups.set(rt.group.id, rt);
      this.mark(rt.group.id);
      if (tokenKey) this.clientTokens.set(tokenKey, rt.group.id);
      this.events.platform(rt.group, plan.instanceTypeEvent, [plan.instanceType.name]);
      for (const note of plan.notes) this.events.catalog(rt.group, note);
      this.cacheUse.atCreate(rt, req);
      for (const m of mounts) this.dataCaches.used(plan.account, m.cache.id);
      this.lifecycle.admit(rt);
      return structuredClone(rt.group);
    });
  }

  /** One group of the account (and region, when given), or undefined. */
  get(account: string, id: string, regionId?: string): ContainerGroup | undefined {
    this.sweep();
    const rt = this.find(account, id, regionId);
    return rt && structuredClone(rt.group);
  }

  /** DescribeContainerGroups: the account's groups in a region, newest first, a page at a time. */
  list(account: string, regionId: string, filter: ListFilter = {}, pageRequest: Page = { limit: 20 }): ListResult {
    this.checkRegion(regionId);
    this.sweep();
    const owner = account || DEFAULT_ACCOUNT;
    const sorted = [...this.groups.values()]
      .filter((rt) => rt.group.account === owner && rt.group.regionId === regionId && matches(rt.group, filter))
      .map((rt) => ({ group: rt.group, seq: rt.seq }))
      .sort(newestFirst);
    const { items, nextToken } = page(sorted, pageRequest.limit, pageRequest.nextToken);
    return { groups: items.map((p) => structuredClone(p.group)), totalCount: sorted.length, ...(nextToken ? { nextToken } : {}) };
  }

  /** DeleteContainerGroup: Terminating now, gone after the terminate timing. Again while Terminating: nothing more. */
  delete(account: string, id: string, regionId?: string): ContainerGroup {
    return this.turn(() => {
      const rt = this.require(account, id, regionId);
      if (rt.group.status !== 'Terminating') {
        this.lifecycle.terminate(rt);
      }
      return structuredClone(rt.group);
    });
  }

  /** RestartContainerGroup: only a Pending or Running group. */
  restart(account: string, id: string, regionId?: string): ContainerGroup {
    return this.turn(() => {
      const rt = this.require(account, id, regionId);
      if (!RESTARTABLE.has(rt.group.status)) throw incorrectStatus(rt.group, 'a restart', 'Pending or Running');
      this.lifecycle.restart(rt);
      return structuredClone(rt.group);
    });
  }

  /** UpdateContainerGroup: tags and restart policy at once; changed containers are restarted (Updating). */
  update(account: string, id: string, req: UpdateRequest, regionId?: string): ContainerGroup {
    return this.turn(() => {
      const rt = this.require(account, id, regionId);
      if (NOT_UPDATABLE.has(rt.group.status)) throw incorrectStatus(rt.group, 'an update', 'a group that is neither ended nor being deleted');
      const plan = planUpdate(rt.group, req);
      if (plan.tags) rt.group.tags = plan.tags;
      if (plan.restartPolicy) rt.group.restartPolicy = plan.restartPolicy;
      if (req.imageRegistryCredentials) rt.credentials = req.imageRegistryCredentials.map((c) => ({ ...c }));
      for (const [name, spec] of plan.containers) Object.assign(rt.container(name), spec);
      if (plan.containers.size > 0) this.lifecycle.update(rt, new Set(plan.containers.keys()));
      return structuredClone(rt.group);
    });
  }

  /** A container's log: its current (or last) run's, or with `previous` the run before. */
  containerLog(account: string, id: string, containerName: string, previous: boolean, regionId?: string): LogRun {
    return logRun(this.require(account, id, regionId), containerName, previous);
  }

  /** ExecContainerCommand: runs a command in a running container and gives what it wrote. */
  exec(account: string, id: string, containerName: string, command: readonly string[], regionId?: string): ExecResult {
    return execIn(this.require(account, id, regionId), containerName, command, this.clock.now());
  }

  /** ExecContainerCommand without Sync: a session's token, for a command in a running container. */
  execSession(account: string, id: string, containerName: string, command: readonly string[], regionId?: string): string {
    const rt = this.require(account, id, regionId);
    const c = runningContainer(rt, containerName);
    const startTime = c.currentState.startTime;
    // Opened later, the session runs only in the same run of the container, still running.
    const running = () => this.groups.get(id) === rt && c.currentState.state === 'Running' && c.currentState.startTime === startTime;
    return this.execSessions.create(command, ContainerRunner.env(rt, c.image), running);
  }

  /** Extension point: a modelled fault (spot reclaim, host failure...) ends a live group. */
  fail(account: string, id: string, cause: FailureCause): ContainerGroup {
    return this.turn(() => {
      const rt = this.require(account, id);
      if (NOT_UPDATABLE.has(rt.group.status)) throw incorrectStatus(rt.group, 'a failure', 'a live group');
      this.lifecycle.fail(rt, cause);
      return structuredClone(rt.group);
    });
  }

  /**
   * Cancels every pending step; groups stay as they are. Nothing of it is written: a store keeps
   * the timers, which the next start re-arms. The pod feed ends: its watches end with it.
   */
  close(): void {
    this.timers.close();
    this.podChanges.close();
    this.imageCaches.close();
    this.virtualNodes.close();
    this.dataCaches.close();
  }

  private newGroup(req: CreateRequest, plan: CreatePlan): ContainerGroup {
    let id = newGroupId(plan.region.idPrefix);
    while (this.groups.has(id)) id = newGroupId(plan.region.idPrefix);
    const now = this.clock.now();
    return {
      id,
      account: plan.account,
      name: req.containerGroupName,
      namespace: 'default',
      regionId: plan.region.regionId,
      zoneId: plan.zoneId,
      status: 'Scheduling',
      creationTime: now,
      statusTime: now,
      instanceType: plan.instanceType.name,
      cpu: plan.instanceType.cpu,
      memory: plan.instanceType.memory,
      vpcId: plan.vSwitches[0]?.vpcId ?? '',
      vSwitchId: plan.vSwitches[0]?.vSwitchId ?? '',
      securityGroupId: plan.securityGroupId,
      // Given when the platform places the group (world/provision.ts).
      intranetIp: '',
      resourceGroupId: plan.resourceGroupId,
      tags: plan.tags,
      restartPolicy: plan.restartPolicy,
      spotStrategy: plan.spotStrategy,
      ...(plan.spotPriceLimit !== undefined ? { spotPriceLimit: plan.spotPriceLimit } : {}),
      containers: req.containers.map((c) => newContainer(c, plan.instanceType)),
      ...declaredParts(req, plan.instanceType),
      extra: plan.extra,
    };
  }

  private checkRegion(regionId: string): void {
    if (!this.world.directory.region(regionId)) {
      throw new EmulatorError('InvalidRegionId.NotFound', `The specified RegionId ${JSON.stringify(regionId)} does not exist.`, 'RegionId');
    }
  }

  private find(account: string, id: string, regionId?: string): GroupRuntime | undefined {
    const rt = this.live(id);
    // A foreign group is simply not found: accounts never learn of each other's ids.
    if (!rt || rt.group.account !== (account || DEFAULT_ACCOUNT)) return undefined;
    if (regionId !== undefined && rt.group.regionId !== regionId) return undefined;
    return rt;
  }

  private require(account: string, id: string, regionId?: string): GroupRuntime {
    this.sweep();
    const rt = this.find(account, id, regionId);
    if (!rt) throw groupNotFound(id);
    return rt;
  }

  private remove(rt: GroupRuntime): void {
    rt.cancelAll();
    this.groups.delete(rt.group.id);
    this.touched.delete(rt.group.id);
    this.removedGroups.add(rt.group.id);
    this.podChanges.gone(rt.group.id);
    for (const [key, id] of this.clientTokens) if (id === rt.group.id) this.clientTokens.delete(key);
    this.world.release(rt.group.id);
    this.opsTasks.forget(rt.group.id);
  }

  /** Drops groups past retention (reference/eci-api.md §2). */
  private sweep(): void {
    // Reads call this on every lookup; a scan of every group once per second of the clock is enough.
    const now = this.clock.now();
    if (now - this.lastSweep < SWEEP_INTERVAL_MICROS) return;
    this.lastSweep = now;
    const ids = expiredGroups(
      [...this.groups.values()].map((rt) => rt.group),
      this.clock.now(),
      this.retention,
    );
    for (const id of ids) this.remove(this.groups.get(id)!);
  }
}
