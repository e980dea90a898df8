// A new instance and the account's image caches: at CreateContainerGroup the platform chooses a
// cache (image-cache-choice.ts), records what it found on the group, marks the cache used, and
// creates one when AutoMatchImageCache matched nothing fully. The instance's disk is made from the
// cache's snapshot when the instance is placed; until then the cache's images are "already
// present on machine" only as long as the cache lasts: a cache deleted before (by DeleteImageCache,
// its retention, or LRU elimination) is ImageCacheEliminated on the group, which then pulls.
import { chooseCache } from './image-cache-choice.js';
import type { ImageCache, ImageCaches } from './image-caches/index.js';
import { EmulatorError } from './errors.js';
import type { GroupEvents } from './group-events.js';
import type { GroupRuntime } from './runtime.js';
import type { World } from './world/world.js';

/** What a group took from its cache, to give back if the cache goes before the group is placed. */
export interface CacheInUse {
  cacheId: string;
  images: string[];
  layers: string[];
}

export interface CacheRequest {
  imageSnapshotId?: string;
  autoMatchImageCache?: boolean;
  imageAccelerateMode?: string;
}

/** The page size the platform reads the account's caches with (DescribeImageCaches' largest Limit). */
const PAGE = 100;

export class ImageCacheUse {
  constructor(
    private readonly world: World,
    private readonly caches: () => ImageCaches,
    private readonly events: GroupEvents,
    private readonly groups: () => Iterable<GroupRuntime>,
  ) {}

  /** At the create call, after the instance type is chosen. */
  atCreate(rt: GroupRuntime, req: CacheRequest): void {
    if (req.imageSnapshotId === undefined && !req.autoMatchImageCache) return;
    const g = rt.group;
    const zone = this.world.zone(g.zoneId);
    const choice = chooseCache({
      ...(req.imageSnapshotId !== undefined ? { snapshotId: req.imageSnapshotId } : {}),
      autoMatch: req.autoMatchImageCache === true,
      ...(req.imageAccelerateMode ? { accelerateMode: req.imageAccelerateMode } : {}),
      caches: this.all(g.account, g.regionId),
      images: g.containers.map((c) => c.image),
      instanceType: g.instanceType,
      arch: this.world.instanceType(g.instanceType)?.arch ?? 'AMD64',
      zoneId: g.zoneId,
      zoneEssd: zone?.zone.essd !== false,
    });
    for (const e of choice.events) this.events.catalog(g, e);
    if (choice.use) this.take(rt, choice.use.cache, choice.use.images);
    if (choice.autoCreate) this.autoCreate(rt);
  }

  /** A cache is gone: the groups not yet placed on a disk made from it lose its images. */
  removed(cache: ImageCache): void {
    for (const rt of this.groups()) {
      const inUse = rt.imageCache;
      if (!inUse || inUse.cacheId !== cache.id) continue;
      rt.imageCache = undefined;
      // Only an instance still waiting for its disk (Scheduling, or Pending before placement) loses it.
      if (rt.placed || (rt.group.status !== 'Scheduling' && rt.group.status !== 'Pending')) continue;
      for (const image of inUse.images) rt.pulled.delete(image);
      for (const layer of inUse.layers) rt.layers.delete(layer);
      this.events.platform(rt.group, 'ImageCacheEliminated', []);
    }
  }

  private all(account: string, regionId: string): ImageCache[] {
    const out: ImageCache[] = [];
    let nextToken: string | undefined;
    do {
      const page = this.caches().list(account, regionId, {}, { limit: PAGE, ...(nextToken ? { nextToken } : {}) });
      out.push(...page.caches);
      nextToken = page.nextToken;
    } while (nextToken);
    return out;
  }

  /** The cache's images are on the instance's disk: kubelet finds them present, their layers too. */
  private take(rt: GroupRuntime, cache: ImageCache, images: string[]): void {
    this.caches().used(rt.group.account, cache.id);
    const layers: string[] = [];
    for (const image of images) {
      if (!rt.pulled.has(image)) rt.pulled.add(image);
    }
    for (const built of cache.built ?? []) {
      for (const l of built.layers) {
        if (rt.layers.has(l.digest)) continue;
        rt.layers.add(l.digest);
        layers.push(l.digest);
      }
    }
    rt.imageCache = { cacheId: cache.id, images, layers };
  }

  /**
   * ECI creates a cache of the instance's images ("If no match is found, the system automatically
   * creates an image cache while creating the instance"), kept under LRU elimination; at the
   * account's quota the least recently used such cache makes room (ImageCacheAutoEliminated), and
   * with none to evict the creation fails (ImageCacheQuotaFull, ImageCacheAutoCreateFailed).
   */
  private autoCreate(rt: GroupRuntime): void {
    const g = rt.group;
    const caches = this.caches();
    const before = new Set(this.all(g.account, g.regionId).map((c) => c.id));
    let created: ImageCache;
    try {
      created = caches.create({
        account: g.account,
        regionId: g.regionId,
        zoneId: g.zoneId,
        name: `auto-${g.id}`,
        images: [...new Set(g.containers.map((c) => c.image))],
        eliminationStrategy: 'LRU',
        credentials: rt.credentials.map((c) => ({ ...c })),
      });
    } catch (err) {
      if (!(err instanceof EmulatorError)) throw err;
      if (err.code === 'QuotaExceeded.ImageCache') this.events.platform(g, 'ImageCacheQuotaFull', [err.message]);
      this.events.platform(g, 'ImageCacheAutoCreateFailed', [g.id]);
      return;
    }
    const after = new Set(this.all(g.account, g.regionId).map((c) => c.id));
    for (const id of before) if (!after.has(id)) this.events.platform(g, 'ImageCacheAutoEliminated', [id]);
    this.events.platform(g, 'ImageCacheAutoCreated', [created.id]);
  }
}
