// What built images take on the cache disk: a layer shared by several images is stored once,
// as a container runtime's content store keeps it.
import type { Architecture } from './image-source.js';
import type { CachedImage } from './image-cache.js';

export const GIB = 1024 ** 3;

/** Bytes of the distinct layers of the images. */
export function usedBytes(images: readonly CachedImage[]): number {
  const layers = new Map<string, number>();
  for (const image of images) for (const l of image.layers) layers.set(l.digest, l.sizeBytes);
  let sum = 0;
  for (const size of layers.values()) sum += size;
  return sum;
}

/** The architectures every image offers (a cache serves an instance only if all its images run there). */
export function commonArchitectures(images: readonly CachedImage[]): Architecture[] {
  const [first, ...rest] = images;
  if (!first) return [];
  return first.architectures.filter((a) => rest.every((i) => i.architectures.includes(a)));
}

/** GiB as ImageCacheCapacityUtilization shows them: two decimals, trailing zeros dropped. */
export function gib(bytes: number): string {
  return String(Math.round((bytes / GIB) * 100) / 100);
}
