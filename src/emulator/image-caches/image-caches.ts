// The account's image caches: CreateImageCache, DescribeImageCaches, UpdateImageCache and
// DeleteImageCache. Checks come first (a refusal changes nothing); builds run on the service's
// clock (build.ts); a cache is deleted when its retention is over.
import { scaledTimings } from '../time-scale.js';
import type { Clock } from '../../model/clock.js';
import { DEFAULT_ACCOUNT } from '../../model/event.js';
import { OwnedResources } from '../owned-resources.js';
import { EmulatorError, invalid } from '../errors.js';
import type { TimerTable } from '../state/timers.js';
import { checkTags } from '../tags.js';
import { DEFAULTS } from '../world/defaults.js';
import type { World } from '../world/world.js';
import { BUILD_TIMER, CacheBuild, type BuildContext, type BuildDoc, type BuildStep } from './build.js';
import type { CacheEvents } from './cache-events.js';
import { newId } from './cache-ids.js';
import { BUILDING, UPDATABLE, type ImageCache } from './image-cache.js';
import type { PullImage } from './image-source.js';
import { listCaches, type CacheList, type CachePage } from './list.js';
import { sameImages } from './match.js';
import type { CreateImageCacheRequest, ImageCacheFilter, UpdateImageCacheRequest } from './requests.js';
import { CACHE_TIMINGS, DAY, FAILED_RETENTION, type CacheTimings } from './timings.js';

/** ImageCacheSize when none is given (CreateImageCache: "Default value: 20"). */
export const DEFAULT_CAPACITY_GIB = 20;

interface Entry {
  cache: ImageCache;
  seq: number;
  build?: CacheBuild;
  /** The timer that deletes the cache when its retention is over. */
  expiry?: string;
}

/** An image cache's document (the emulator's state): the cache, its build in flight, its timers, its ClientTokens. */
export interface ImageCacheDoc {
  cache: ImageCache;
  seq: number;
  build?: BuildDoc;
  expiry?: string;
  tokens: string[];
}

/** The timer that deletes a cache whose retention is over: { cacheId }. */
export const EXPIRY_TIMER = 'image-cache.expiry';

export interface ImageCachesOptions {
  world: World;
  timers: TimerTable;
  clock: Clock;
  events: CacheEvents;
  pull: PullImage;
  timings?: Partial<CacheTimings>;
  /** Told of every cache that goes (deleted, evicted, expired): instances starting from it lose it. */
  removed?: (cache: ImageCache) => void;
}

export function imageCacheNotFound(id: string): EmulatorError {
  return new EmulatorError('InvalidImageCacheId.NotFound', `The specified ImageCacheId ${JSON.stringify(id)} does not exist.`, 'ImageCacheId');
}

export class ImageCaches {
  private readonly entries = new OwnedResources<Entry>((e) => e.cache);
  private readonly ctx: BuildContext;
  private seq = 0;

  constructor(private readonly options: ImageCachesOptions) {
    const { world } = options;
    options.timers.on<{ cacheId: string; step: BuildStep }>(BUILD_TIMER, (p, id) => this.entries.get(p.cacheId)?.build?.due(id, p.step));
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
      timings: scaledTimings({ ...CACHE_TIMINGS, ...options.timings }, () => options.world.timeScale),
      pull: options.pull,
      prefix: (regionId) => world.directory.region(regionId)?.idPrefix ?? '',
      settled: (cache) => this.scheduleExpiry(this.entries.get(cache.id)),
    };
  }

  create(req: CreateImageCacheRequest): ImageCache {
    const account = req.account || DEFAULT_ACCOUNT;
    const earlier = this.entries.byToken(account, req.clientToken);
    if (earlier) return structuredClone(earlier.cache);
    const { world } = this.options;
    const region = world.directory.region(req.regionId);
    if (!region) throw new EmulatorError('InvalidRegionId.NotFound', `The specified RegionId ${JSON.stringify(req.regionId)} does not exist.`, 'RegionId');
    const vSwitch = req.vSwitchId === undefined ? undefined : world.directory.vSwitch(region, req.vSwitchId);
    if (req.vSwitchId !== undefined && !vSwitch)
      throw new EmulatorError(
        'InvalidVSwitchId.NotFound',
        `The specified VSwitchId ${JSON.stringify(req.vSwitchId)} does not exist in ${region.regionId}.`,
        'VSwitchId',
      );
    if (req.securityGroupId !== undefined && !world.directory.securityGroup(region, req.securityGroupId)) {
      throw new EmulatorError(
        'InvalidSecurityGroupId.NotFound',
        `The specified SecurityGroupId ${JSON.stringify(req.securityGroupId)} does not exist in ${region.regionId}.`,
        'SecurityGroupId',
      );
    }
    if (req.zoneId !== undefined && !region.zones.includes(req.zoneId))
      throw new EmulatorError('InvalidZoneId.NotFound', `The specified ZoneId ${JSON.stringify(req.zoneId)} does not exist in ${region.regionId}.`, 'ZoneId');
    if (req.zoneId !== undefined && vSwitch && vSwitch.zoneId !== req.zoneId) {
      throw new EmulatorError(
        'InvalidVSwitchId.ZoneMismatch',
        `The vSwitch ${vSwitch.vSwitchId} is in ${vSwitch.zoneId}, not in the ZoneId ${req.zoneId}.`,
        'VSwitchId',
      );
    }
    const tags = checkTags(req.tags ?? []);
    const evict = this.roomFor(account, req.regionId);

    const now = this.options.clock.now();
    const zoneId = vSwitch?.zoneId ?? req.zoneId ?? region.defaultZoneId;
    let id = newId('imc', region.idPrefix);
    while (this.entries.has(id)) id = newId('imc', region.idPrefix);
    const cache: ImageCache = {
      id,
      account,
      regionId: req.regionId,
      zoneId,
      name: req.name,
      images: [...req.images],
      status: 'Preparing',
      creationTime: now,
      statusTime: now,
      containerGroupId: newId('eci', region.idPrefix),
      capacityGiB: req.capacityGiB ?? DEFAULT_CAPACITY_GIB,
      ...(req.eliminationStrategy ? { eliminationStrategy: req.eliminationStrategy } : {}),
      ...(req.retentionDays !== undefined ? { retentionDays: req.retentionDays, expireTime: now + req.retentionDays * DAY } : {}),
      flash: req.flash ?? false,
      flashCopyCount: req.flashCopyCount ?? 1,
      standardCopyCount: req.standardCopyCount ?? 1,
      copies: [],
      progress: 0,
      resourceGroupId: req.resourceGroupId ?? '',
      tags,
      ...(req.vSwitchId ? { vSwitchId: req.vSwitchId } : {}),
      ...(req.securityGroupId ? { securityGroupId: req.securityGroupId } : {}),
      ...(req.eipInstanceId ? { eipInstanceId: req.eipInstanceId } : {}),
      credentials: structuredClone(req.credentials ?? []),
    };
    if (evict) this.eliminate(evict);
    const entry: Entry = { cache, seq: this.seq++ };
    this.entries.set(id, entry);
    this.entries.remember(account, req.clientToken, id);

    const { events } = this.options;
    const duplicate = this.of(account, req.regionId).find((e) => e !== entry && BUILDING.has(e.cache.status) && sameImages(e.cache.images, cache.images));
    if (duplicate) {
      events.platform(cache, 'ImageCacheConflict', [duplicate.cache.id]);
      cache.status = 'Failed';
      this.scheduleExpiry(entry);
      return structuredClone(cache);
    }
    if (cache.flash && world.zone(zoneId)?.zone.essd === false) {
      // A flash cache is a local ESSD snapshot: elsewhere only the standard cache is made.
      events.platform(cache, 'ImageCacheFlashUsedFailed', [zoneId]);
      cache.flash = false;
    }
    this.scheduleExpiry(entry);
    entry.build = new CacheBuild(this.ctx, cache);
    entry.build.start();
    return structuredClone(cache);
  }

  get(account: string, id: string, regionId?: string): ImageCache | undefined {
    const e = this.find(account, id, regionId);
    return e && structuredClone(e.cache);
  }

  /** DescribeImageCaches: newest first (or best match first with MatchImage), a page at a time. */
  list(account: string, regionId: string, filter: ImageCacheFilter = {}, page: CachePage = { limit: 20 }): CacheList {
    return listCaches(this.of(account || DEFAULT_ACCOUNT, regionId), filter, page);
  }

  update(account: string, id: string, req: UpdateImageCacheRequest, regionId?: string): ImageCache {
    const entry = this.require(account, id, regionId);
    const { cache } = entry;
    if (!UPDATABLE.has(cache.status)) {
      throw new EmulatorError(
        'IncorrectStatus',
        `The image cache ${cache.id} is ${cache.status}; UpdateImageCache needs Ready or UpdateFailed.`,
        'ImageCacheId',
      );
    }
    const { world } = this.options;
    const region = world.directory.region(cache.regionId)!;
    if (req.vSwitchId !== undefined && !world.directory.vSwitch(region, req.vSwitchId))
      throw new EmulatorError(
        'InvalidVSwitchId.NotFound',
        `The specified VSwitchId ${JSON.stringify(req.vSwitchId)} does not exist in ${region.regionId}.`,
        'VSwitchId',
      );
    if (req.securityGroupId !== undefined && !world.directory.securityGroup(region, req.securityGroupId)) {
      throw new EmulatorError(
        'InvalidSecurityGroupId.NotFound',
        `The specified SecurityGroupId ${JSON.stringify(req.securityGroupId)} does not exist in ${region.regionId}.`,
        'SecurityGroupId',
      );
    }
    const tags = req.tags === undefined ? undefined : checkTags(req.tags);
    const rebuild =
      (req.images !== undefined && !sameImages(req.images, cache.images)) || (req.capacityGiB !== undefined && req.capacityGiB !== cache.capacityGiB);
    if (rebuild && cache.usedBytes !== undefined && req.images === undefined && req.capacityGiB! * 1024 ** 3 < cache.usedBytes) {
      throw invalid('ImageCacheSize', req.capacityGiB, `the images of the cache take ${Math.ceil(cache.usedBytes / 1024 ** 3)} GiB`);
    }

    if (req.name !== undefined) cache.name = req.name;
    if (tags) cache.tags = tags;
    if (req.resourceGroupId !== undefined) cache.resourceGroupId = req.resourceGroupId;
    if (req.eliminationStrategy !== undefined) cache.eliminationStrategy = req.eliminationStrategy;
    if (req.retentionDays !== undefined) {
      cache.retentionDays = req.retentionDays;
      cache.expireTime = cache.creationTime + req.retentionDays * DAY;
    }
    if (req.flashCopyCount !== undefined) cache.flashCopyCount = req.flashCopyCount;
    if (req.standardCopyCount !== undefined) cache.standardCopyCount = req.standardCopyCount;
    if (req.vSwitchId !== undefined) cache.vSwitchId = req.vSwitchId;
    if (req.securityGroupId !== undefined) cache.securityGroupId = req.securityGroupId;
    if (req.eipInstanceId !== undefined) cache.eipInstanceId = req.eipInstanceId;
    if (req.credentials !== undefined) cache.credentials = structuredClone(req.credentials);
    // Flash needs ESSD; the zone cannot change, so a cache elsewhere stays standard (refused at its creation).
    if (req.flash !== undefined) cache.flash = req.flash && world.zone(cache.zoneId)?.zone.essd !== false;
    if (rebuild) {
      const previous = {
        images: cache.images,
        capacityGiB: cache.capacityGiB,
        built: cache.built,
        usedBytes: cache.usedBytes,
        architectures: cache.architectures,
      };
      if (req.images !== undefined) cache.images = [...req.images];
      if (req.capacityGiB !== undefined) cache.capacityGiB = req.capacityGiB;
      cache.status = 'Updating';
      cache.statusTime = this.options.clock.now();
      entry.build?.cancel();
      entry.build = CacheBuild.update(this.ctx, cache, previous);
      entry.build.start();
    }
    this.scheduleExpiry(entry);
    return structuredClone(cache);
  }

  /** DeleteImageCache: gone at once, whatever it was doing. */
  delete(account: string, id: string, regionId?: string): ImageCache {
    const entry = this.require(account, id, regionId);
    this.remove(entry);
    return structuredClone(entry.cache);
  }

  /** An instance was created from the cache: LastMatchedTime, which LRU elimination reads. */
  used(account: string, id: string): void {
    const e = this.find(account, id);
    if (e) e.cache.lastMatchedTime = this.options.clock.now();
  }

  /** Every cache's document, in creation order. */
  toDocs(): Array<{ id: string; body: ImageCacheDoc }> {
    return [...this.entries.values()].map((e) => ({
      id: e.cache.id,
      body: structuredClone({
        cache: e.cache,
        seq: e.seq,
        ...(e.build ? { build: e.build.toDoc() } : {}),
        ...(e.expiry !== undefined ? { expiry: e.expiry } : {}),
        tokens: this.entries.tokensOf(e.cache.id),
      }),
    }));
  }

  /** Takes back the caches of stored documents (their timers are re-armed by the table). */
  restore(docs: readonly ImageCacheDoc[]): void {
    for (const d of [...docs].sort((a, b) => a.seq - b.seq)) {
      const cache = structuredClone(d.cache);
      const entry: Entry = { cache, seq: d.seq, ...(d.expiry !== undefined ? { expiry: d.expiry } : {}) };
      if (d.build) entry.build = CacheBuild.fromDoc(this.ctx, cache, d.build);
      this.entries.set(cache.id, entry);
      for (const t of d.tokens) this.entries.remember(cache.account, t, cache.id);
      this.seq = Math.max(this.seq, d.seq + 1);
    }
  }

  close(): void {
    // The timers are the table's (closed with the emulator): nothing to cancel here.
  }

  /** Room under the account's quota in the region: undefined, or the LRU cache to make room with; else QuotaExceeded. */
  private roomFor(account: string, regionId: string): Entry | undefined {
    const quota = this.options.world.account(account).quotas?.imageCaches ?? DEFAULTS.imageCacheQuota;
    const mine = this.of(account, regionId);
    if (mine.length < quota) return undefined;
    // EliminationStrategy LRU: "When the number of image caches reaches the quota, the system
    // automatically deletes the image caches whose EliminationStrategy is LRU and that are least used."
    const lru = mine
      .filter((e) => e.cache.eliminationStrategy === 'LRU' && !BUILDING.has(e.cache.status))
      .sort((a, b) => (a.cache.lastMatchedTime ?? a.cache.creationTime) - (b.cache.lastMatchedTime ?? b.cache.creationTime) || a.seq - b.seq)[0];
    if (lru && mine.length - 1 < quota) return lru;
    throw new EmulatorError(
      'QuotaExceeded.ImageCache',
      `The image caches of the account in ${regionId} have reached the quota of ${quota}; delete one or set EliminationStrategy LRU on some.`,
    );
  }

  private eliminate(entry: Entry): void {
    this.options.events.platform(entry.cache, 'ImageCacheAutoEliminated', [entry.cache.id]);
    this.remove(entry);
  }

  /** The account's caches in the region, every status: what its image-cache quota counts (ListUsage). */
  countIn(account: string, regionId: string): number {
    return this.of(account, regionId).length;
  }

  private of(account: string, regionId: string): Entry[] {
    return this.entries.inRegion(account, regionId);
  }

  private find(account: string, id: string, regionId?: string): Entry | undefined {
    return this.entries.find(account, id, regionId);
  }

  private require(account: string, id: string, regionId?: string): Entry {
    const e = this.find(account, id, regionId);
    if (!e) throw imageCacheNotFound(id);
    return e;
  }

  private remove(entry: Entry): void {
    entry.build?.cancel();
    if (entry.expiry !== undefined) this.options.timers.cancel(entry.expiry);
    this.entries.delete(entry.cache.id);
    this.options.removed?.(structuredClone(entry.cache));
  }

  /** A cache goes when its retention is over; a failed one after a day at most. */
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
