// The causes of the ImageCache rows that image caches record themselves (src/emulator/image-caches),
// for docs/EVENTS.md. The rows about what an instance does with a cache (hit, miss, auto-creation...)
// are the container group's side: image-cache-hit-causes.ts. Kept apart from
// event-causes.ts so that the image model's causes and these grow without touching each other.
import type { Cause } from './event-causes.js';

const create = (p = '') => `\`eci-events image-caches create web --image nginx:1.25${p}\``;
const cache = 'on the cache (DescribeImageCaches `Events`, kind `ImageCache`)';

export const IMAGE_CACHE_CAUSES: Readonly<Record<string, Cause>> = {
  ImageCacheCreate: {
    cause: `The build has pulled the images and starts the regular snapshot, named in the message; ${cache}; status Creating.`,
    trigger: `${create()}, then advance past its pulls`,
  },
  ImageCacheFinished: { cause: `The regular snapshot is made: the cache is **Ready** (Progress 100%); ${cache}.`, trigger: `${create()}, then advance 3m` },
  ImageCacheUpdateFinished: {
    cause: `UpdateImageCache with new images or size rebuilt the cache: **Ready** again; ${cache}.`,
    trigger: `\`eci-events image-caches update ID --image redis:7\` on a Ready cache, then advance 3m`,
  },
  ImageCacheUpdateFailed: {
    cause: `A rebuild failed (a pull, the size, a fault): **UpdateFailed**, the old images and snapshot still serve; ${cache}.`,
    trigger: 'update a Ready cache with an image bigger than its `ImageCacheSize`, then advance',
  },
  ImageCacheCapacityUtilization: {
    cause: `The images are pulled: the layers on the cache disk (shared ones once) against \`ImageCacheSize\`; over it the cache fails; ${cache}.`,
    trigger: `${create()}, then advance past its pulls`,
  },
  ImageCacheConflict: {
    cause: `CreateImageCache of images the account is already building in the region: the new cache names the other and ends **Failed**; ${cache}.`,
    trigger: `${create()} twice in a row`,
  },
  ImageCacheUnknownError: {
    cause: `The fault \`image-cache-service-error\` at the end of the Preparing step, or \`snapshot-service-error\` on a regular snapshot with no flash one to fall back on: **Failed** (an update: UpdateFailed); ${cache}.`,
    trigger: `\`eci-events fault inject image-cache-service-error cn-hangzhou\`, ${create()}, advance 30s`,
  },
  ImageCacheFlashFinished: {
    cause: `\`Flash=true\` in a zone with ESSD: the temporary local snapshot is made (\`FlashSnapshotId\`), the regular one follows; ${cache}.`,
    trigger: `${create(' --flash')}, then advance past its pulls and 10s`,
  },
  ImageCacheFlashCreatedFailed: {
    cause: `\`snapshot-service-error\` when the flash snapshot is taken: the build goes on with the standard cache only; ${cache}.`,
    trigger: `\`eci-events fault inject snapshot-service-error cn-hangzhou --count 1\`, ${create(' --flash')}, advance`,
  },
  ImageCacheFlashUsedFailed: {
    cause: `\`Flash=true\` in a zone whose \`essd\` is false: refused at the call, the standard cache is built; ${cache}.`,
    trigger: `apply \`regions: [{regionId: cn-hangzhou, zones: [{zoneId: cn-hangzhou-k, essd: false}]}]\`, then ${create(' --flash')}`,
  },
  ImageCacheFlashReplacedFailed: {
    cause: `\`snapshot-service-error\` on the regular snapshot of a flash build: the local snapshot stays and serves, **Ready**; ${cache}.`,
    trigger: `${create(' --flash')}, advance until ImageCacheFlashFinished, inject \`snapshot-service-error cn-hangzhou --count 1\`, advance`,
  },
  ImageCacheFlashReplacedSuccess: {
    cause: `The regular snapshot of a flash build is made: the local snapshot is deleted; ${cache}.`,
    trigger: `${create(' --flash')}, then advance 3m`,
  },
  ImageCacheCopyFinished: {
    cause: `\`StandardCopyCount\` above 1: each extra regular snapshot, 30 s apart after Ready; ${cache}.`,
    trigger: `${create(' --copies 2')}, then advance 4m`,
  },
  ImageCacheCopyFailed: {
    cause: `\`snapshot-service-error\` on a copy: the copies made so far stay, no more are made; ${cache}.`,
    trigger: `${create(' --copies 3')}, advance until Ready, inject \`snapshot-service-error cn-hangzhou --count 1\`, advance`,
  },
  ImageCacheAutoEliminated: {
    cause: `A create at the account's \`quotas.imageCaches\` in the region deletes its least recently used cache with \`EliminationStrategy\` LRU to make room, recorded on that cache; when an instance's auto-creation (\`AutoMatchImageCache\`) made the room, on that instance too (DescribeContainerGroupEvents).`,
    trigger: `apply \`accounts: [{id: default, quotas: {imageCaches: 1}}]\`, ${create(' --lru')}, advance 3m, create another`,
  },
};
