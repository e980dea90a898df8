// The causes of the ImageCache rows an instance records about the cache it starts from
// (CreateContainerGroup's ImageSnapshotId, AutoMatchImageCache, ImageAccelerateMode; src/emulator/
// image-cache-choice.ts and image-cache-use.ts), for docs/EVENTS.md. The rows a cache records
// about itself are in image-cache-causes.ts.
import type { Cause } from './event-causes.js';

const cache = `\`eci-events image-caches create web --image nginx:1.25\`, advance 3m`;
const group = (p: string) => `\`eci-events groups create app --image nginx:1.25 ${p}\``;
const onGroup = 'on the group at the create call (DescribeContainerGroupEvents, source EciService, kind `Pod`)';
const pulls = 'the instance pulls its images as without a cache';

export const IMAGE_CACHE_HIT_CAUSES: Readonly<Record<string, Cause>> = {
  SuccessfulHitImageCache: {
    cause: `\`ImageSnapshotId\` names a Ready cache (or UpdateFailed, whose old snapshot still serves), or \`AutoMatchImageCache\` finds one holding some of the images, of the instance type's architecture; ${onGroup}. Its images are on the instance's disk: kubelet's Pulled "already present on machine", no pull time; the cache's \`LastMatchedTime\` is set.`,
    trigger: `${cache}, then ${group('--image-snapshot-id ID')}`,
  },
  ImageCacheNotFound: {
    cause: `\`ImageSnapshotId\` is an image cache id (\`imc-…\`) the account does not have in the region (another form: \`InvalidParameter\`, 400, nothing created); ${onGroup}; ${pulls}.`,
    trigger: group('--image-snapshot-id imc-bp1nosuchcache000'),
  },
  ImageCacheNotComplete: {
    cause: `The named cache, or the full match \`AutoMatchImageCache\` found, is still Preparing, Creating or Updating (or Failed); ${onGroup}; ${pulls}, and no second cache is created.`,
    trigger: `\`eci-events image-caches create web --image nginx:1.25\`, then at once ${group('--image-snapshot-id ID')}`,
  },
  ImageCacheArchNotMatch: {
    cause: `The cache's images do not all run on the instance type's architecture (\`DescribeImageCaches\` architectures, e.g. an amd64-only image on an ARM64 type); the second value is the instance type; ${onGroup}; ${pulls}.`,
    trigger:
      'apply `registries: [{host: registry.example.com, images: [{repository: x86/tool, tags: ["1"], arches: [amd64]}]}]`, create a cache of `nginx:1.25` and `registry.example.com/x86/tool:1`, advance 3m, then ' +
      group('--image-snapshot-id ID --instance-type ecs.g6r.large'),
  },
  ImageCacheEliminated: {
    cause: `The cache an instance starts from goes (DeleteImageCache, its retention, LRU elimination) before the instance is placed, when its disk would be made from the snapshot; ${onGroup.replace('at the create call', 'when the cache goes')}; the images are pulled.`,
    trigger: `${cache}, ${group('--image-snapshot-id ID')}, at once \`eci-events image-caches delete ID\``,
  },
  ImageCacheMissed: {
    cause: `\`AutoMatchImageCache\` and no cache of the account in the region that is not Failed holds any of the images; ${onGroup}; ${pulls}, and a cache of them is created (ImageCacheAutoCreated).`,
    trigger: group('--auto-match-image-cache'),
  },
  ImageCacheAutoCreated: {
    cause: `\`AutoMatchImageCache\` with no cache holding every image: a cache of the images is created (named \`auto-<group id>\`, \`EliminationStrategy\` LRU, in the group's zone, with its registry credentials) and built on the clock, named in the message; ${onGroup}. The next instance of the same images hits it.`,
    trigger: group('--auto-match-image-cache'),
  },
  ImageCacheAutoCreateFailed: {
    cause: `Auto-creation refused: the account's \`quotas.imageCaches\` in the region is reached and no LRU cache can go (after ImageCacheQuotaFull); the value is the instance id; ${onGroup}; ${pulls}.`,
    trigger: `apply \`accounts: [{id: default, quotas: {imageCaches: 1}}]\`, ${cache}, then ${group('--auto-match-image-cache').replace('nginx:1.25', 'redis:7')}`,
  },
  ImageCacheQuotaFull: {
    cause: `Auto-creation at the account's \`quotas.imageCaches\` with no cache under LRU to evict: the message is the quota refusal's (\`QuotaExceeded.ImageCache\`); ${onGroup}; ImageCacheAutoCreateFailed follows.`,
    trigger: `apply \`accounts: [{id: default, quotas: {imageCaches: 1}}]\`, ${cache}, then ${group('--auto-match-image-cache').replace('nginx:1.25', 'redis:7')}`,
  },
  ImageCacheNotFullMatch: {
    cause: `The cache used holds only some of the group's images (named, or the best \`AutoMatchImageCache\` found): those are present, the others pulled; ${onGroup}; with \`AutoMatchImageCache\` and no full match anywhere a cache of every image is created.`,
    trigger: `${cache}, then \`eci-events groups create app --image redis:7 --image-snapshot-id ID\``,
  },
  ImageCacheNotSuited: {
    cause: `The cache is served by its flash snapshot alone (its regular snapshot failed: ImageCacheFlashReplacedFailed), a local ESSD snapshot of its zone, and the instance is in another zone or one without ESSD; the message names \`ImageAccelerateMode\`, used instead (without one the images are simply pulled); ${onGroup}.`,
    trigger:
      'a flash cache whose regular snapshot fails (ImageCacheFlashReplacedFailed), then `eci-events groups create` in another zone with `ImageSnapshotId` and `ImageAccelerateMode` (SDK)',
  },
};
