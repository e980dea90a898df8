// The account's data caches: CreateDataCache, DescribeDataCaches, UpdateDataCache,
// DeleteDataCache and CopyDataCache. Checks come first (a refusal changes nothing); loads run on
// the service's clock (load.ts); a cache is deleted when its retention is over.
import { scaledTimings } from '../time-scale.js';
import { randomInt } from 'node:crypto';
import type { Clock } from '../../model/clock.js';
import { DEFAULT_ACCOUNT } from '../../model/event.js';
import { OwnedResources } from '../owned-resources.js';
import { EmulatorError, invalid } from '../errors.js';
import type { TimerTable } from '../state/timers.js';
import { checkTags } from '../tags.js';
import type { World } from '../world/world.js';
import type { ContainerGroup } from '../container-group.js';
import type { DataCacheMount, VolumeRequest } from '../requests.js';
import type { DataCacheEvents } from './cache-events.js';
import { LOADING, type DataCache } from './data-cache.js';
import type { JobGroups } from './job.js';
import { DataLoad, LOAD_TIMER, type LoadContext, type LoadDoc, type LoadStep } from './load.js';
import type { CopyDataCacheRequest, CreateDataCacheRequest, DataCacheFilter, UpdateDataCacheRequest } from './requests.js';
import { DATA_CACHE_TIMINGS, DAY, FAILED_RETENTION, type DataCacheTimings } from './timings.js';

/** Size when none is given (CreateDataCache: "Default value: 20"). */
export const DEFAULT_DATA_CACHE_GIB = 20;
export const DEFAULT_BUCKET = 'default';
/** "The eci-system bucket is reserved for ECI and cannot be used." */
export const RESERVED_BUCKET = 'eci-system';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
function newId(kind: 'edc' | 's', prefix: string): string {
  let body = prefix.slice(0, 20);
  while (body.length < 20) body += ALPHABET[randomInt(ALPHABET.length)];
  return `${kind}-${body}`;
}

interface Entry {
  cache: DataCache;
  seq: number;
  /** The load in progress (CreateDataCache, or an UpdateDataCache that loads again). */
  load?: DataLoad;
  /** The timer that ends a CopyDataCache's copy. */
  copy?: string;
  /** The timer that deletes the cache when its retention is over. */
  expiry?: string;
}

/** A data cache's document (the emulator's state): the cache, its load or copy in flight, its timers, its ClientTokens. */
export interface DataCacheDoc {
  cache: DataCache;
  seq: number;
  load?: LoadDoc;
  copy?: string;
  expiry?: string;
  tokens: string[];
}

/** The timer that ends a copy: { cacheId }. */
export const COPY_TIMER = 'data-cache.copy';
/** The timer that deletes a cache whose retention is over: { cacheId }. */
export const EXPIRY_TIMER = 'data-cache.expiry';

export interface DataCachesOptions {
  world: World;
  timers: TimerTable;
  clock: Clock;
  events: DataCacheEvents;
  jobs: JobGroups;
  timings?: Partial<DataCacheTimings>;
}

export function dataCacheNotFound(id: string): EmulatorError {
  return new EmulatorError('InvalidDataCacheId.NotFound', `The specified DataCacheId ${JSON.stringify(id)} does not exist.`, 'DataCacheId');
}

export interface DataCacheList {
  caches: DataCache[];
  totalCount: number;
  nextToken?: string;
}

export class DataCaches {
  private readonly entries = new OwnedResources<Entry>((e) => e.cache);
  private readonly ctx: LoadContext;
  private seq = 0;

  constructor(private readonly options: DataCachesOptions) {
    const { world } = options;
    options.timers.on<{ cacheId: string; step: LoadStep }>(LOAD_TIMER, (p, id) => this.entries.get(p.cacheId)?.load?.due(id, p.step));
    options.timers.on<{ cacheId: string }>(COPY_TIMER, (p) => {
      const entry = this.entries.get(p.cacheId);
      if (entry) this.copied(entry);
    });
    options.timers.on<{ cacheId: string }>(EXPIRY_TIMER, (p) => {
      const entry = this.entries.get(p.cacheId);
      if (!entry) return;
      entry.expiry = undefined;
      this.remove(entry);
    });
    this.ctx = {
      world,
      timers: options.timers,
      clock: options.clock,
      events: options.events,
      timings: scaledTimings({ ...DATA_CACHE_TIMINGS, ...options.timings }, () => options.world.timeScale),
      jobs: options.jobs,
      newSnapshotId: (regionId) => newId('s', world.directory.region(regionId)?.idPrefix ?? ''),
      settled: (cache) => this.scheduleExpiry(this.entries.get(cache.id)),
    };
  }

  create(req: CreateDataCacheRequest): DataCache {
    const account = req.account || DEFAULT_ACCOUNT;
    const earlier = this.entries.byToken(account, req.clientToken);
    if (earlier) return structuredClone(earlier.cache);
    const region = this.checkRegion(req.regionId);
    this.checkNetwork(req.regionId, req.vSwitchId, req.securityGroupId);
    const bucket = req.bucket ?? DEFAULT_BUCKET;
    this.checkPlace(account, req.regionId, bucket, req.path);
    const tags = checkTags(req.tags ?? []);
    const now = this.options.clock.now();
    let id = newId('edc', region.idPrefix);
    while (this.entries.has(id)) id = newId('edc', region.idPrefix);
    const cache: DataCache = {
      id,
      account,
      regionId: req.regionId,
      name: req.name,
      bucket,
      path: req.path,
      dataSource: structuredClone(req.dataSource),
      sizeGiB: req.sizeGiB ?? DEFAULT_DATA_CACHE_GIB,
      status: 'Creating',
      creationTime: now,
      statusTime: now,
      progress: 0,
      resourceGroupId: req.resourceGroupId ?? '',
      tags,
      ...(req.retentionDays !== undefined ? { retentionDays: req.retentionDays, expireTime: now + req.retentionDays * DAY } : {}),
      ...(req.vSwitchId ? { vSwitchId: req.vSwitchId } : {}),
      ...(req.securityGroupId ? { securityGroupId: req.securityGroupId } : {}),
      ...(req.eipInstanceId ? { eipInstanceId: req.eipInstanceId } : {}),
    };
    const entry: Entry = { cache, seq: this.seq++ };
    this.entries.set(id, entry);
    this.entries.remember(account, req.clientToken, id);
    this.scheduleExpiry(entry);
    const load = new DataLoad(this.ctx, cache);
    entry.load = load;
    load.start();
    return structuredClone(cache);
  }

  get(account: string, id: string, regionId?: string): DataCache | undefined {
    const e = this.find(account, id, regionId);
    return e && this.view(e.cache);
  }

  /** The Available cache of the account holding bucket and path (a group mounting it), if any. */
  at(account: string, regionId: string, bucket: string, path: string): DataCache | undefined {
    const e = this.of(account || DEFAULT_ACCOUNT, regionId).find((x) => x.cache.bucket === bucket && x.cache.path === path);
    return e && this.view(e.cache);
  }

  /** DescribeDataCaches: newest first, a page at a time. */
  list(account: string, regionId: string, filter: DataCacheFilter, limit: number, nextToken?: string): DataCacheList {
    this.checkRegion(regionId);
    const all = this.of(account || DEFAULT_ACCOUNT, regionId)
      .filter((e) => matches(e.cache, filter))
      .sort((a, b) => b.cache.creationTime - a.cache.creationTime || b.seq - a.seq);
    const start = nextToken === undefined ? 0 : decode(nextToken);
    const items = all.slice(start, start + limit);
    const next = start + limit < all.length ? encode(start + limit) : undefined;
    return { caches: items.map((e) => this.view(e.cache)), totalCount: all.length, ...(next ? { nextToken: next } : {}) };
  }

  update(account: string, id: string, req: UpdateDataCacheRequest, regionId?: string): DataCache {
    const entry = this.require(account, id, regionId);
    const { cache } = entry;
    if (LOADING.has(cache.status)) {
      throw new EmulatorError(
        'IncorrectStatus',
        `The DataCacheId ${cache.id} is ${cache.status}; UpdateDataCache needs a cache that is not loading.`,
        'DataCacheId',
      );
    }
    this.checkNetwork(cache.regionId, req.vSwitchId, req.securityGroupId);
    const bucket = req.bucket ?? cache.bucket;
    if (bucket !== cache.bucket) this.checkPlace(cache.account, cache.regionId, bucket, cache.path);
    const tags = req.tags === undefined ? undefined : checkTags(req.tags);
    const reload =
      (req.dataSource !== undefined && JSON.stringify(req.dataSource) !== JSON.stringify(cache.dataSource)) ||
      (req.sizeGiB !== undefined && req.sizeGiB !== cache.sizeGiB);
    if (req.name !== undefined) cache.name = req.name;
    cache.bucket = bucket;
    if (tags) cache.tags = tags;
    if (req.resourceGroupId !== undefined) cache.resourceGroupId = req.resourceGroupId;
    if (req.retentionDays !== undefined) {
      cache.retentionDays = req.retentionDays;
      cache.expireTime = cache.creationTime + req.retentionDays * DAY;
    }
    if (req.vSwitchId !== undefined) cache.vSwitchId = req.vSwitchId;
    if (req.securityGroupId !== undefined) cache.securityGroupId = req.securityGroupId;
    if (req.eipInstanceId !== undefined) cache.eipInstanceId = req.eipInstanceId;
    if (reload) {
      // A cache that never loaded has nothing to keep: it loads as new (Creating, then Failed or Available).
      const previous =
        cache.status === 'Failed'
          ? undefined
          : {
              dataSource: cache.dataSource,
              sizeGiB: cache.sizeGiB,
              usedBytes: cache.usedBytes,
              snapshotId: cache.snapshotId,
              containerGroupId: cache.containerGroupId,
            };
      if (req.dataSource !== undefined) cache.dataSource = structuredClone(req.dataSource);
      if (req.sizeGiB !== undefined) cache.sizeGiB = req.sizeGiB;
      cache.status = previous ? 'Updating' : 'Creating';
      cache.statusTime = this.options.clock.now();
      cache.progress = 0;
      entry.load?.cancel();
      const load = new DataLoad(this.ctx, cache, previous);
      entry.load = load;
      load.start();
    }
    this.scheduleExpiry(entry);
    return this.view(cache);
  }

  /** DeleteDataCache: gone at once; a load in progress stops, with its job. */
  delete(account: string, id: string, regionId?: string): DataCache {
    const entry = this.require(account, id, regionId);
    this.remove(entry);
    return structuredClone(entry.cache);
  }

  /** CopyDataCache: the Available cache's snapshot copied to another region, as a new cache there. */
  copy(account: string, id: string, req: CopyDataCacheRequest, regionId?: string): DataCache {
    const from = this.require(account, id, regionId).cache;
    // UpdateFailed keeps the old data and its snapshot: that is what is copied.
    if (from.status !== 'Available' && from.status !== 'UpdateFailed') {
      throw new EmulatorError(
        'IncorrectStatus',
        `The DataCacheId ${from.id} is ${from.status}; CopyDataCache needs Available (or UpdateFailed, whose old data stays).`,
        'DataCacheId',
      );
    }
    const region = this.world.directory.region(req.destinationRegionId);
    if (!region)
      throw new EmulatorError(
        'InvalidRegionId.NotFound',
        `The specified DestinationRegionId ${JSON.stringify(req.destinationRegionId)} does not exist.`,
        'DestinationRegionId',
      );
    const bucket = req.bucket ?? from.bucket;
    const path = req.path ?? from.path;
    this.checkPlace(from.account, region.regionId, bucket, path);
    const tags = checkTags(req.tags ?? from.tags);
    const now = this.options.clock.now();
    let newIdValue = newId('edc', region.idPrefix);
    while (this.entries.has(newIdValue)) newIdValue = newId('edc', region.idPrefix);
    const cache: DataCache = {
      id: newIdValue,
      account: from.account,
      regionId: region.regionId,
      name: req.name ?? from.name,
      bucket,
      path,
      dataSource: structuredClone(from.dataSource),
      sizeGiB: from.sizeGiB,
      status: 'Creating',
      creationTime: now,
      statusTime: now,
      progress: 0,
      resourceGroupId: req.resourceGroupId ?? from.resourceGroupId,
      tags,
      ...(from.usedBytes !== undefined ? { usedBytes: from.usedBytes } : {}),
      ...(req.retentionDays !== undefined ? { retentionDays: req.retentionDays, expireTime: now + req.retentionDays * DAY } : {}),
      copiedFrom: from.id,
    };
    const entry: Entry = { cache, seq: this.seq++ };
    this.entries.set(cache.id, entry);
    this.scheduleExpiry(entry);
    // A copy is the snapshot copied across regions: no proxy and no job, Available when the copy ends.
    entry.copy = this.options.timers.after(this.ctx.timings.copy, COPY_TIMER, { cacheId: cache.id });
    return structuredClone(cache);
  }

  private copied(entry: Entry): void {
    const { cache } = entry;
    entry.copy = undefined;
    cache.snapshotId = this.ctx.newSnapshotId(cache.regionId);
    cache.progress = 100;
    cache.status = 'Available';
    cache.statusTime = this.options.clock.now();
  }

  /**
   * The caches a new group mounts: each HostPath volume whose path is a cache of the bucket.
   * ("specify a data cache bucket and mount the data storage path as a HostPath volume"). A bucket
   * none of whose caches a volume names, or a named cache that is not Available, refuses the
   * create: the group would start without its data. Checks only; used() records the mount.
   */
  mountsFor(account: string, regionId: string, mount: DataCacheMount, volumes: readonly VolumeRequest[]): Array<{ volume: VolumeRequest; cache: DataCache }> {
    const owner = account || DEFAULT_ACCOUNT;
    if (mount.bucket === RESERVED_BUCKET)
      throw new EmulatorError(
        'InvalidBucket.Reserved',
        `The specified DataCacheBucket "${RESERVED_BUCKET}" is reserved for ECI and cannot be used.`,
        'DataCacheBucket',
      );
    const inBucket = this.of(owner, regionId).filter((e) => e.cache.bucket === mount.bucket);
    const out: Array<{ volume: VolumeRequest; cache: DataCache }> = [];
    volumes.forEach((volume, i) => {
      if (volume.type !== 'HostPathVolume' || volume.hostPath === undefined) return;
      const e = inBucket.find((x) => x.cache.path === volume.hostPath);
      if (!e) return;
      if (e.cache.status !== 'Available' && e.cache.status !== 'UpdateFailed') {
        throw new EmulatorError(
          'IncorrectStatus',
          `The data cache ${e.cache.id} at Volume.${i + 1}.HostPathVolume.Path ${JSON.stringify(volume.hostPath)} is ${e.cache.status}; it can be mounted only when Available.`,
          `Volume.${i + 1}.HostPathVolume.Path`,
        );
      }
      out.push({ volume, cache: this.view(e.cache) });
    });
    if (!out.length) {
      throw invalid('DataCacheBucket', mount.bucket, `no HostPathVolume names the Path of a data cache of the bucket in ${regionId}`);
    }
    return out;
  }

  /** A group was created with the cache mounted: LastMatchedTime. */
  used(account: string, id: string): void {
    const e = this.find(account, id);
    if (e) e.cache.lastMatchedTime = this.options.clock.now();
  }

  /**
   * A cache's loading job took a status: the cache's load reads it. The job names its cache (the
   * group's runtime keeps the id), so this link survives a restart.
   */
  jobStatus(cacheId: string, job: ContainerGroup): void {
    this.entries.get(cacheId)?.load?.jobStatus(job);
  }

  /** Every cache's document, in creation order. */
  toDocs(): Array<{ id: string; body: DataCacheDoc }> {
    return [...this.entries.values()].map((e) => ({
      id: e.cache.id,
      body: structuredClone({
        cache: e.cache,
        seq: e.seq,
        ...(e.load ? { load: e.load.toDoc() } : {}),
        ...(e.copy !== undefined ? { copy: e.copy } : {}),
        ...(e.expiry !== undefined ? { expiry: e.expiry } : {}),
        tokens: this.entries.tokensOf(e.cache.id),
      }),
    }));
  }

  /** Takes back the caches of stored documents (their timers are re-armed by the table). */
  restore(docs: readonly DataCacheDoc[]): void {
    for (const d of [...docs].sort((a, b) => a.seq - b.seq)) {
      const cache = structuredClone(d.cache);
      const entry: Entry = { cache, seq: d.seq, ...(d.copy !== undefined ? { copy: d.copy } : {}), ...(d.expiry !== undefined ? { expiry: d.expiry } : {}) };
      if (d.load) entry.load = DataLoad.fromDoc(this.ctx, cache, d.load);
      this.entries.set(cache.id, entry);
      for (const t of d.tokens) this.entries.remember(cache.account, t, cache.id);
      this.seq = Math.max(this.seq, d.seq + 1);
    }
  }

  close(): void {
    // The timers are the table's (closed with the emulator): nothing to cancel here, and the jobs stay.
  }

  private get world(): World {
    return this.options.world;
  }

  /** Progress grows with the clock while the loader writes. */
  private view(cache: DataCache): DataCache {
    const out = structuredClone(cache);
    const w = cache.loadWindow;
    if (w) out.progress = Math.min(99, Math.floor(((this.options.clock.now() - w.from) / Math.max(1, w.to - w.from)) * 100));
    return out;
  }

  private checkRegion(regionId: string) {
    const region = this.world.directory.region(regionId);
    if (!region) throw new EmulatorError('InvalidRegionId.NotFound', `The specified RegionId ${JSON.stringify(regionId)} does not exist.`, 'RegionId');
    return region;
  }

  private checkNetwork(regionId: string, vSwitchId?: string, securityGroupId?: string): void {
    const region = this.checkRegion(regionId);
    if (vSwitchId !== undefined && !this.world.directory.vSwitch(region, vSwitchId)) {
      throw new EmulatorError('InvalidVSwitchId.NotFound', `The specified VSwitchId ${JSON.stringify(vSwitchId)} does not exist in ${regionId}.`, 'VSwitchId');
    }
    if (securityGroupId !== undefined && !this.world.directory.securityGroup(region, securityGroupId)) {
      throw new EmulatorError(
        'InvalidSecurityGroupId.NotFound',
        `The specified SecurityGroupId ${JSON.stringify(securityGroupId)} does not exist in ${regionId}.`,
        'SecurityGroupId',
      );
    }
  }

  /** The bucket must not be ECI's own, and a bucket and path hold one cache of the account in a region. */
  private checkPlace(account: string, regionId: string, bucket: string, path: string): void {
    if (bucket === RESERVED_BUCKET)
      throw new EmulatorError('InvalidBucket.Reserved', `The specified Bucket "${RESERVED_BUCKET}" is reserved for ECI and cannot be used.`, 'Bucket');
    const taken = this.of(account, regionId).find((e) => e.cache.bucket === bucket && e.cache.path === path);
    if (taken)
      throw new EmulatorError(
        'DataCache.AlreadyExists',
        `The data cache ${taken.cache.id} holds Bucket ${JSON.stringify(bucket)} and Path ${JSON.stringify(path)} already.`,
        'Path',
      );
  }

  private of(account: string, regionId: string): Entry[] {
    return this.entries.inRegion(account, regionId);
  }

  private find(account: string, id: string, regionId?: string): Entry | undefined {
    return this.entries.find(account, id, regionId);
  }

  private require(account: string, id: string, regionId?: string): Entry {
    const e = this.find(account, id, regionId);
    if (!e) throw dataCacheNotFound(id);
    return e;
  }

  private remove(entry: Entry): void {
    entry.load?.cancel();
    if (entry.copy !== undefined) this.options.timers.cancel(entry.copy);
    if (entry.expiry !== undefined) this.options.timers.cancel(entry.expiry);
    this.entries.delete(entry.cache.id);
  }

  private scheduleExpiry(entry: Entry | undefined): void {
    if (!entry || !this.entries.has(entry.cache.id)) return;
    if (entry.expiry !== undefined) this.options.timers.cancel(entry.expiry);
    entry.expiry = undefined;
    const { cache } = entry;
    let at = cache.expireTime;
    if (cache.status === 'Failed') at = Math.min(at ?? Infinity, cache.statusTime + FAILED_RETENTION);
    if (at === undefined) return;
    entry.expiry = this.options.timers.at(at, EXPIRY_TIMER, { cacheId: cache.id });
  }
}

function matches(c: DataCache, f: DataCacheFilter): boolean {
  if (f.ids && !f.ids.includes(c.id)) return false;
  if (f.bucket !== undefined && c.bucket !== f.bucket) return false;
  if (f.path !== undefined && c.path !== f.path) return false;
  if (f.resourceGroupId !== undefined && c.resourceGroupId !== f.resourceGroupId) return false;
  return (f.tags ?? []).every((want) => c.tags.some((t) => t.key === want.key && (want.value === '' || t.value === want.value)));
}

const TOKEN = /^v1:(\d{1,6})$/;

function decode(token: string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const m = TOKEN.exec(text);
  if (!m) throw invalid('NextToken', token, 'use the NextToken of a previous answer, or none for the first page');
  return Number(m[1]);
}

const encode = (offset: number) => Buffer.from(`v1:${offset}`).toString('base64url');
