// Which image cache a new instance starts from, as ECI decides it at CreateContainerGroup
// (ImageSnapshotId names one; AutoMatchImageCache lets the platform match one, and create one when
// nothing matches fully). Pure: it reads the caches and the instance, and says which events the
// platform records and what follows; image-cache-use.ts applies it. docs/WORLD.md gives the
// sources of each rule.
import type { CatalogEvent } from './hooks.js';
import { matchCaches, normalizeImage, type Architecture, type ImageCache } from './image-caches/index.js';

export interface CacheChoiceInput {
  /** ImageSnapshotId: the image cache the caller names. */
  snapshotId?: string;
  autoMatch: boolean;
  /** ImageAccelerateMode: what the platform uses instead of a cache that does not suit the instance. */
  accelerateMode?: string;
  /** The account's caches in the group's region. */
  caches: readonly ImageCache[];
  /** The group's images, as its containers name them. */
  images: readonly string[];
  instanceType: string;
  arch: Architecture;
  zoneId: string;
  /** Whether the group's zone has ESSD (a flash snapshot is a local ESSD snapshot). */
  zoneEssd: boolean;
}

export interface CacheChoice {
  /** In the order the platform records them, on the group. */
  events: CatalogEvent[];
  /** The cache the instance's disk is made from, and the images of the group it holds. */
  use?: { cache: ImageCache; images: string[] };
  /** Create a cache of all the group's images (AutoMatchImageCache and no full match to use). */
  autoCreate: boolean;
}

/** A cache that can serve: made (UpdateFailed keeps its old snapshot: "the old resource is still available"). */
function complete(c: ImageCache): boolean {
  return (c.status === 'Ready' || c.status === 'UpdateFailed') && (c.snapshotId !== undefined || c.flashSnapshotId !== undefined);
}

/**
 * A flash snapshot alone (its regular one failed: ImageCacheFlashReplacedFailed) is a local ESSD
 * snapshot of the cache's zone: "flash image can only be used in zones with ESSD".
 */
function suited(c: ImageCache, input: CacheChoiceInput): boolean {
  return c.snapshotId !== undefined || (c.zoneId === input.zoneId && input.zoneEssd);
}

function archMatches(c: ImageCache, arch: Architecture): boolean {
  return c.architectures === undefined || c.architectures.includes(arch);
}

function held(c: ImageCache, images: readonly string[]): string[] {
  const inCache = new Set(c.images.map(normalizeImage));
  return images.filter((i) => inCache.has(normalizeImage(i)));
}

const ev = (reason: CatalogEvent['reason'], ...args: string[]) => ({ reason, args }) as CatalogEvent;

/** Why a cache cannot serve this instance (undefined: it can). */
function refusal(c: ImageCache, input: CacheChoiceInput): CatalogEvent | null | undefined {
  if (!complete(c)) return ev('ImageCacheNotComplete', c.id);
  if (!archMatches(c, input.arch)) return ev('ImageCacheArchNotMatch', c.id, input.instanceType);
  // Without an acceleration mode to fall back on there is nothing to name: the images are pulled.
  if (!suited(c, input)) return input.accelerateMode ? ev('ImageCacheNotSuited', input.accelerateMode) : null;
  return undefined;
}

/** A usable cache: SuccessfulHitImageCache, and ImageCacheNotFullMatch when it holds only some images. */
function hit(c: ImageCache, input: CacheChoiceInput, autoCreate: boolean): CacheChoice {
  const images = held(c, input.images);
  const full = new Set(images.map(normalizeImage)).size === new Set(input.images.map(normalizeImage)).size;
  const events: CatalogEvent[] = [];
  if (images.length > 0) events.push(ev('SuccessfulHitImageCache', c.id));
  if (!full) events.push(ev('ImageCacheNotFullMatch', c.id));
  return { events, ...(images.length > 0 ? { use: { cache: c, images } } : {}), autoCreate: autoCreate && !full };
}

export function chooseCache(input: CacheChoiceInput): CacheChoice {
  if (input.snapshotId !== undefined) {
    const c = input.caches.find((x) => x.id === input.snapshotId);
    if (!c) return { events: [ev('ImageCacheNotFound', input.snapshotId)], autoCreate: false };
    const no = refusal(c, input);
    if (no !== undefined) return { events: no ? [no] : [], autoCreate: false };
    return hit(c, input, false);
  }
  if (!input.autoMatch) return { events: [], autoCreate: false };
  // A Failed cache never serves and is deleted within a day: it is no match.
  const ranked = matchCaches(
    input.caches.filter((c) => c.status !== 'Failed'),
    input.images,
    input.arch,
  );
  const usable = ranked.find((m) => refusal(m.cache, input) === undefined);
  const full = ranked.find((m) => m.kind === 'full');
  // A partial hit is used for what it holds; a cache of every image is created unless one exists.
  if (usable) return hit(usable.cache, input, !full);
  if (full) {
    // The full match cannot serve: the instance pulls. One being built is left to finish; one of
    // another architecture or out of its zone would be built the same again.
    const no = refusal(full.cache, input);
    return { events: no ? [no] : [], autoCreate: false };
  }
  return { events: [ev('ImageCacheMissed')], autoCreate: true };
}
