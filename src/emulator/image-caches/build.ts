// Building an image cache, step by step on the service's clock, as ECI documents it: an
// intermediate instance starts (Preparing), pulls each image (Creating), the used space is
// checked against the cache disk, a flash build first takes a temporary local snapshot, then the
// regular snapshot is made (Ready) and replaces the local one, then the extra copies. Every
// event comes from the step that causes it; the faults of the world decide which steps fail.
import type { Clock } from '../../model/clock.js';
import type { TimerTable } from '../state/timers.js';
import { goDuration } from '../timings.js';
import type { World } from '../world/world.js';
import type { CacheEvents } from './cache-events.js';
import { newId } from './cache-ids.js';
import { commonArchitectures, GIB, gib, usedBytes } from './footprint.js';
import type { CachedImage, ImageCache } from './image-cache.js';
import type { PullFailure, PulledImage, PullImage } from './image-source.js';
import type { CacheTimings } from './timings.js';

export interface BuildContext {
  world: World;
  /** Where the build's steps wait (data: the step, under BUILD_TIMER). */
  timers: TimerTable;
  clock: Clock;
  events: CacheEvents;
  timings: CacheTimings;
  /** The image model's pull. */
  pull: PullImage;
  /** The region's id prefix, for snapshot ids. */
  prefix(regionId: string): string;
  /** Called when a build ends, either way (the cache may now expire sooner). */
  settled(cache: ImageCache): void;
}

/** The timer of a build's next step: { cacheId, step }. */
export const BUILD_TIMER = 'image-cache.build';

/** A build's step that waits, as data (so that a build in flight survives a restart). */
export type BuildStep =
  | { op: 'prepared' }
  | { op: 'pulled'; index: number; built: CachedImage[]; outcome: PulledImage | PullFailure }
  | { op: 'flash' }
  | { op: 'snapshotted'; id: string }
  | { op: 'copy'; n: number };

/** A build as the cache's document keeps it. */
export interface BuildDoc {
  previous?: Previous;
  timers: string[];
}

/** What an update replaces, kept to put back when the rebuild fails. */
export interface Previous {
  images: string[];
  capacityGiB: number;
  built?: CachedImage[];
  usedBytes?: number;
  architectures?: ImageCache['architectures'];
}

export class CacheBuild {
  private readonly timers = new Set<string>();
  private cancelled = false;

  constructor(
    private readonly ctx: BuildContext,
    private readonly cache: ImageCache,
    /** Set for a rebuild (UpdateImageCache): failures leave the cache as it was. */
    private readonly previous?: Previous,
  ) {}

  static update(ctx: BuildContext, cache: ImageCache, previous: Previous): CacheBuild {
    return new CacheBuild(ctx, cache, previous);
  }

  toDoc(): BuildDoc {
    return structuredClone({ ...(this.previous ? { previous: this.previous } : {}), timers: [...this.timers] });
  }

  static fromDoc(ctx: BuildContext, cache: ImageCache, doc: BuildDoc): CacheBuild {
    const build = new CacheBuild(ctx, cache, doc.previous && structuredClone(doc.previous));
    for (const t of doc.timers) build.timers.add(t);
    return build;
  }

  start(): void {
    this.after(this.ctx.timings.prepare, { op: 'prepared' });
  }

  cancel(): void {
    this.cancelled = true;
    for (const t of this.timers) this.ctx.timers.cancel(t);
    this.timers.clear();
  }

  /** A step's wait is over (BUILD_TIMER's handler). */
  due(timerId: string, step: BuildStep): void {
    this.timers.delete(timerId);
    if (this.cancelled) return;
    if (step.op === 'prepared') this.prepared();
    else if (step.op === 'pulled') this.pulledOne(step.index, step.built, step.outcome);
    else if (step.op === 'flash') this.flashSnapshot();
    else if (step.op === 'snapshotted') this.snapshotted(step.id);
    else this.copied(step.n);
  }

  private after(delay: number, step: BuildStep): void {
    this.timers.add(this.ctx.timers.after(delay, BUILD_TIMER, { cacheId: this.cache.id, step }));
  }

  private status(status: ImageCache['status']): void {
    this.cache.status = status;
    this.cache.statusTime = this.ctx.clock.now();
  }

  private prepared(): void {
    const { world, events } = this.ctx;
    if (world.faults.hit('image-cache-service-error', this.cache.regionId, this.cache.zoneId)) {
      events.platform(this.cache, 'ImageCacheUnknownError', [this.cache.id]);
      return this.fail();
    }
    if (!this.previous) this.status('Creating');
    this.pullFrom(0, []);
  }

  private pullFrom(index: number, built: CachedImage[]): void {
    const { pull } = this.ctx;
    const image = this.cache.images[index];
    if (image === undefined) return this.pulled(built);
    this.ctx.events.agent(this.cache, 'Pulling', [image]);
    const outcome = pull({ image, account: this.cache.account, regionId: this.cache.regionId, credentials: this.cache.credentials });
    this.after(outcome.duration, { op: 'pulled', index, built, outcome });
  }

  private pulledOne(index: number, built: CachedImage[], outcome: PulledImage | PullFailure): void {
    const image = this.cache.images[index]!;
    if (!outcome.ok) {
      // The intermediate instance's kubelet says why; the cache fails as its pull did.
      this.ctx.events.agent(this.cache, 'Failed', [image, outcome.reason]);
      return this.fail();
    }
    this.ctx.events.agent(this.cache, 'Pulled', [image, goDuration(outcome.duration)]);
    this.pullFrom(index + 1, [...built, { image, digest: outcome.digest, architectures: outcome.architectures, layers: outcome.layers }]);
  }

  private pulled(built: CachedImage[]): void {
    const used = usedBytes(built);
    this.cache.built = built;
    this.cache.usedBytes = used;
    this.cache.architectures = commonArchitectures(built);
    this.ctx.events.platform(this.cache, 'ImageCacheCapacityUtilization', [gib(used), String(this.cache.capacityGiB)]);
    // CreateImageCache: "If the total image size exceeds the cache size, the creation fails."
    if (used > this.cache.capacityGiB * GIB) return this.fail();
    if (this.cache.flash) this.after(this.ctx.timings.flashSnapshot, { op: 'flash' });
    else this.snapshot();
  }

  private snapshotFails(): boolean {
    return this.ctx.world.faults.hit('snapshot-service-error', this.cache.regionId, this.cache.zoneId) !== undefined;
  }

  private flashSnapshot(): void {
    if (this.snapshotFails()) {
      this.ctx.events.platform(this.cache, 'ImageCacheFlashCreatedFailed', []);
    } else {
      this.cache.flashSnapshotId = newId('s', this.ctx.prefix(this.cache.regionId));
      this.ctx.events.platform(this.cache, 'ImageCacheFlashFinished', []);
    }
    this.snapshot();
  }

  private snapshot(): void {
    const { timings, clock } = this.ctx;
    const id = newId('s', this.ctx.prefix(this.cache.regionId));
    this.ctx.events.platform(this.cache, 'ImageCacheCreate', [id]);
    // Whole seconds, so the times a test computes are the times events carry.
    const duration = timings.snapshotBase + Math.ceil((((this.cache.usedBytes ?? 0) / GIB) * timings.snapshotPerGiB) / 1_000_000) * 1_000_000;
    this.cache.progress = 0;
    this.cache.snapshotWindow = { from: clock.now(), to: clock.now() + duration };
    this.after(duration, { op: 'snapshotted', id });
  }

  private snapshotted(id: string): void {
    const { events } = this.ctx;
    this.cache.snapshotWindow = undefined;
    const flash = this.cache.flashSnapshotId;
    if (this.snapshotFails()) {
      if (flash) {
        // The local snapshot stays and serves, in ESSD zones only (the row's own words).
        events.platform(this.cache, 'ImageCacheFlashReplacedFailed', [flash]);
        this.cache.progress = 0;
        return this.done();
      }
      events.platform(this.cache, 'ImageCacheUnknownError', [this.cache.id]);
      return this.fail();
    }
    this.cache.snapshotId = id;
    this.cache.copies = [];
    this.cache.progress = 100;
    this.done();
    if (flash) {
      this.cache.flashSnapshotId = undefined;
      events.platform(this.cache, 'ImageCacheFlashReplacedSuccess', [flash]);
    }
    this.copy(1);
  }

  private done(): void {
    this.status('Ready');
    if (this.previous) this.ctx.events.platform(this.cache, 'ImageCacheUpdateFinished', [this.cache.id]);
    else this.ctx.events.platform(this.cache, 'ImageCacheFinished', [this.cache.id]);
    this.ctx.settled(this.cache);
  }

  /** Copies 2..StandardCopyCount of the regular snapshot, one after another. */
  private copy(n: number): void {
    if (n >= this.cache.standardCopyCount || !this.cache.snapshotId) return;
    this.after(this.ctx.timings.copy, { op: 'copy', n });
  }

  private copied(n: number): void {
    if (this.snapshotFails()) {
      const available = 1 + this.cache.copies.length;
      this.ctx.events.platform(this.cache, 'ImageCacheCopyFailed', [String(available), String(this.cache.standardCopyCount)]);
      return;
    }
    const id = newId('s', this.ctx.prefix(this.cache.regionId));
    this.cache.copies.push(id);
    this.ctx.events.platform(this.cache, 'ImageCacheCopyFinished', [id]);
    this.copy(n + 1);
  }

  private fail(): void {
    this.cache.snapshotWindow = undefined;
    this.cache.flashSnapshotId = undefined;
    if (this.previous) {
      // "update failed, but the old resource is still available"
      Object.assign(this.cache, this.previous);
      this.status('UpdateFailed');
      this.ctx.events.platform(this.cache, 'ImageCacheUpdateFailed', [this.cache.id]);
    } else {
      this.cache.progress = 0;
      this.status('Failed');
    }
    this.ctx.settled(this.cache);
  }
}
