// Which image caches could serve a container group's images: the step a later CreateContainerGroup
// (ImageSnapshotId, AutoMatchImageCache) takes. Pure: it ranks, the caller decides and records.
// ECI's match policy (docs/WORLD.md): a cache holding every image of the group is a full match,
// one holding some of them a partial match; the architecture must be the instance's; only a
// Ready cache can be used, a building one is "not yet complete".
import type { ImageCache } from './image-cache.js';
import type { Architecture } from './image-source.js';

export type MatchKind = 'full' | 'partial';

export interface CacheMatch {
  cache: ImageCache;
  kind: MatchKind;
  /** How many of the group's images the cache holds. */
  held: number;
  ready: boolean;
  archMatches: boolean;
}

/** An image reference without a tag means :latest, as the runtime reads it. */
export function normalizeImage(image: string): string {
  if (image.includes('@')) return image;
  const slash = image.lastIndexOf('/');
  return image.slice(slash + 1).includes(':') ? image : `${image}:latest`;
}

function holds(cache: ImageCache, image: string): boolean {
  const want = normalizeImage(image);
  return cache.images.some((i) => normalizeImage(i) === want);
}

/**
 * The caches of `candidates` holding at least one of `images`, best first: full matches before
 * partial, then Ready before not, then the matching architecture, then more images held, then
 * the newest. `arch` undefined: any architecture matches.
 */
export function matchCaches(candidates: Iterable<ImageCache>, images: readonly string[], arch?: Architecture): CacheMatch[] {
  const wanted = [...new Set(images.map(normalizeImage))];
  const out: CacheMatch[] = [];
  for (const cache of candidates) {
    const held = wanted.filter((i) => holds(cache, i)).length;
    if (held === 0) continue;
    out.push({
      cache,
      kind: held === wanted.length ? 'full' : 'partial',
      held,
      ready: cache.status === 'Ready' && cache.snapshotId !== undefined,
      archMatches: arch === undefined || cache.architectures === undefined || cache.architectures.includes(arch),
    });
  }
  const rank = (m: CacheMatch) => [m.kind === 'full' ? 0 : 1, m.ready ? 0 : 1, m.archMatches ? 0 : 1, -m.held, -m.cache.creationTime];
  return out.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return 0;
  });
}

/** Whether two image lists name the same images (order and :latest aside): a duplicate build. */
export function sameImages(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a.map(normalizeImage));
  const y = new Set(b.map(normalizeImage));
  return x.size === y.size && [...x].every((i) => y.has(i));
}
