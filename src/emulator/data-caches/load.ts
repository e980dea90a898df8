// Loading a data cache, step by step on the service's clock: a proxy is created in the cache's
// vSwitch (it takes an address there), it reaches the source, the job is created as a container
// group of the account, the job runs the loader, the loaded disk is snapshotted (Available). Each
// DataCache event comes from the step that fails; the job's own events and log say the rest.
import type { Clock } from '../../model/clock.js';
import type { ContainerGroup } from '../container-group.js';
import { EmulatorError } from '../errors.js';
import type { TimerTable } from '../state/timers.js';
import type { World } from '../world/world.js';
import type { DataCacheEvents } from './cache-events.js';
import type { DataCache } from './data-cache.js';
import { jobRequest, planLoad, type JobGroups } from './job.js';
import { findSource } from './source.js';
import { DEFAULT_SOURCE_SPEED_MBPS, type DataCacheTimings } from './timings.js';

export interface LoadContext {
  world: World;
  /** Where the load's steps wait (data: the step, under LOAD_TIMER). */
  timers: TimerTable;
  clock: Clock;
  events: DataCacheEvents;
  timings: DataCacheTimings;
  jobs: JobGroups;
  newSnapshotId(regionId: string): string;
  /** Called when a load ends, either way. */
  settled(cache: DataCache): void;
}

/** The timer of a load's next step: { cacheId, step }. */
export const LOAD_TIMER = 'data-cache.load';

/** A load's step that waits, as data (so that a load in flight survives a restart). */
export type LoadStep = { op: 'proxy' } | { op: 'job-start-timeout'; jobId: string } | { op: 'snapshotted' };

/** What an update replaces, put back when the reload fails ("UpdateFailed": the old data stays). */
export type Previous = Pick<DataCache, 'dataSource' | 'sizeGiB' | 'usedBytes' | 'snapshotId' | 'containerGroupId'>;

/** The figures of the plan the job's statuses are read against. */
export interface LoadFigures {
  seconds: number;
  sourceBytes: number;
}

/** A load as the cache's document keeps it. */
export interface LoadDoc {
  previous?: Previous;
  /** The proxy's address, taken from the world's pool until the load ends. */
  proxy?: { vSwitchId: string; ip: string };
  plan?: LoadFigures;
  jobStarted: boolean;
  jobSettled: boolean;
  timers: string[];
}

export class DataLoad {
  private readonly timers = new Set<string>();
  private cancelled = false;
  private proxy?: { vSwitchId: string; ip: string };
  private plan?: LoadFigures;
  private jobStarted = false;
  private jobSettled = false;

  constructor(
    private readonly ctx: LoadContext,
    private readonly cache: DataCache,
    private readonly previous?: Previous,
  ) {}

  toDoc(): LoadDoc {
    return structuredClone({
      ...(this.previous ? { previous: this.previous } : {}),
      ...(this.proxy ? { proxy: this.proxy } : {}),
      ...(this.plan ? { plan: this.plan } : {}),
      jobStarted: this.jobStarted,
      jobSettled: this.jobSettled,
      timers: [...this.timers],
    });
  }

  static fromDoc(ctx: LoadContext, cache: DataCache, doc: LoadDoc): DataLoad {
    const d = structuredClone(doc);
    const load = new DataLoad(ctx, cache, d.previous);
    if (d.proxy) load.proxy = d.proxy;
    if (d.plan) load.plan = d.plan;
    load.jobStarted = d.jobStarted;
    load.jobSettled = d.jobSettled;
    for (const t of d.timers) load.timers.add(t);
    return load;
  }

  start(): void {
    this.after(this.ctx.timings.proxy, { op: 'proxy' });
  }

  /** Stops the load: its steps, the proxy, and the job (DeleteDataCache, or a reload replacing it). */
  cancel(): void {
    this.cancelled = true;
    for (const t of this.timers) this.ctx.timers.cancel(t);
    this.timers.clear();
    this.releaseProxy();
    const job = this.cache.containerGroupId;
    if (job && this.plan && !this.jobSettled) this.ctx.jobs.stop(this.cache.account, job);
  }

  /** A step's wait is over (LOAD_TIMER's handler). */
  due(timerId: string, step: LoadStep): void {
    this.timers.delete(timerId);
    if (this.cancelled) return;
    if (step.op === 'proxy') this.proxyUp();
    else if (step.op === 'job-start-timeout') this.jobStartTimedOut(step.jobId);
    else this.snapshotted();
  }

  /** The job took a status (the emulator tells the cache whose job it is). */
  jobStatus(g: ContainerGroup): void {
    if (this.cancelled || !this.plan || g.id !== this.cache.containerGroupId) return;
    this.onJobStatus(g, this.plan.seconds, this.plan.sourceBytes);
  }

  private after(delay: number, step: LoadStep): void {
    this.timers.add(this.ctx.timers.after(delay, LOAD_TIMER, { cacheId: this.cache.id, step }));
  }

  private status(status: DataCache['status']): void {
    this.cache.status = status;
    this.cache.statusTime = this.ctx.clock.now();
  }

  private proxyUp(): void {
    const { world, events } = this.ctx;
    const region = world.directory.region(this.cache.regionId)!;
    const vSwitch = this.cache.vSwitchId ? world.directory.vSwitch(region, this.cache.vSwitchId) : world.directory.zoneVSwitch(region, region.defaultZoneId);
    if (!vSwitch) {
      events.platform(this.cache, 'DataCacheProxyCreateFailed', [`no vSwitch: the region ${region.regionId} has no default VPC, give VSwitchId`]);
      return this.fail();
    }
    const fault = world.faults.hit('eni-service-error', this.cache.regionId);
    if (fault) {
      events.platform(this.cache, 'DataCacheProxyCreateFailed', [
        `the ENI of the proxy could not be created in ${vSwitch.vSwitchId}${fault.detail ? `: ${fault.detail}` : ''}`,
      ]);
      return this.fail();
    }
    const ip = world.ips.allocate(vSwitch.vSwitchId, vSwitch.cidr);
    if (!ip) {
      events.platform(this.cache, 'DataCacheProxyCreateFailed', [`the vSwitch ${vSwitch.vSwitchId} has no free IP address`]);
      return this.fail();
    }
    this.proxy = { vSwitchId: vSwitch.vSwitchId, ip };
    const found = findSource(world.spec, this.cache.dataSource, this.cache.regionId, vSwitch.vpcId);
    if (!found.ok) {
      events.platform(this.cache, 'DataCacheSourceIllegal', []);
      return this.fail();
    }
    const plan = planLoad(found.source.sizeGB, this.cache.sizeGiB, found.source.speedMBps ?? DEFAULT_SOURCE_SPEED_MBPS);
    let job: ContainerGroup;
    try {
      job = this.ctx.jobs.create(jobRequest(this.cache, plan, vSwitch.vSwitchId), this.cache.id);
    } catch (err) {
      if (!(err instanceof EmulatorError)) throw err;
      events.platform(this.cache, 'DataCacheJobCreateFailed', [`${err.code}: ${err.message}`]);
      return this.fail();
    }
    this.cache.containerGroupId = job.id;
    this.plan = { seconds: plan.seconds, sourceBytes: plan.sourceBytes };
    this.after(this.ctx.timings.jobStartTimeout, { op: 'job-start-timeout', jobId: job.id });
  }

  private jobStartTimedOut(jobId: string): void {
    if (this.jobStarted) return;
    // The job never ran: why is in its own events (a pull that fails, no host...).
    this.ctx.events.platform(this.cache, 'DataCacheJobStartFailed', []);
    this.jobSettled = true;
    this.ctx.jobs.stop(this.cache.account, jobId);
    this.fail();
  }

  private onJobStatus(g: ContainerGroup, seconds: number, bytes: number): void {
    if (this.jobSettled) return;
    const { events, clock } = this.ctx;
    switch (g.status) {
      case 'Running':
        if (this.jobStarted) return;
        this.jobStarted = true;
        if (!this.previous) this.status('Loading');
        this.cache.loadWindow = { from: clock.now(), to: clock.now() + seconds * 1_000_000 };
        return;
      case 'ScheduleFailed':
        this.jobSettled = true;
        events.platform(this.cache, 'DataCacheJobCreateFailed', [`the job ${g.id} could not be placed, see its events`]);
        return this.fail();
      case 'Failed':
        this.jobSettled = true;
        // A loader that ran and exited non-zero is a load error (its log says which); a job that
        // failed before it ran did not start (its events say why).
        if (this.jobStarted) {
          events.platform(this.cache, 'DataCacheLoadFailed', []);
        } else {
          events.platform(this.cache, 'DataCacheJobStartFailed', []);
        }
        return this.fail();
      case 'Terminating':
        // Someone deleted the job (CreateDataCache: "Do not delete the ECI instance ... Otherwise,
        // the data cache creation will fail"): as a load cut short, or a job that never started.
        this.jobSettled = true;
        events.platform(this.cache, this.jobStarted ? 'DataCacheLoadFailed' : 'DataCacheJobStartFailed', []);
        return this.fail();
      case 'Succeeded':
        this.jobSettled = true;
        this.loaded(bytes);
        return;
      default:
        return;
    }
  }

  private loaded(bytes: number): void {
    this.releaseProxy();
    this.cache.loadWindow = undefined;
    this.cache.usedBytes = bytes;
    this.cache.progress = 100;
    const { timings } = this.ctx;
    const gib = bytes / 1024 ** 3;
    const duration = timings.snapshotBase + Math.ceil(gib * (timings.snapshotPerGiB / 1_000_000)) * 1_000_000;
    this.after(duration, { op: 'snapshotted' });
  }

  private snapshotted(): void {
    this.cache.snapshotId = this.ctx.newSnapshotId(this.cache.regionId);
    this.status('Available');
    this.ctx.settled(this.cache);
  }

  private fail(): void {
    this.releaseProxy();
    this.cache.loadWindow = undefined;
    if (this.previous) {
      const failedJob = this.cache.containerGroupId;
      Object.assign(this.cache, this.previous);
      // The job that failed is the one to read: keep it as the cache's job.
      if (failedJob) this.cache.containerGroupId = failedJob;
      this.status('UpdateFailed');
    } else {
      this.cache.progress = 0;
      this.status('Failed');
    }
    this.ctx.settled(this.cache);
  }

  private releaseProxy(): void {
    if (!this.proxy) return;
    this.ctx.world.ips.release(this.proxy.vSwitchId, this.proxy.ip);
    this.proxy = undefined;
  }
}
