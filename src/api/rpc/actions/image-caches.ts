// CreateImageCache, DescribeImageCaches, UpdateImageCache and DeleteImageCache: parse, hand to
// the emulator's image caches, render as the SDK's models read them.
import type { ActionContext } from '../deps.js';
import { invalid } from '../../core/errors.js';
import { requireRegion } from '../region.js';
import { MAX_GROUP_EVENTS } from '../../sdk-models/render-container-group.js';
import { renderImageCache } from '../../sdk-models/render-image-cache.js';
import { cacheId, cacheImages, createCacheRequest, updateCacheRequest } from './image-cache-params.js';
import type { OperationDoc } from './operation-doc.js';

/** DescribeImageCaches' Limit: default and most (ECI documents neither; docs/WORLD.md). */
export const DEFAULT_CACHES_PER_PAGE = 20;
export const MAX_CACHES_PER_PAGE = 100;
/** MatchImage.N: "You can specify up to 100 images." */
const MAX_MATCH_IMAGES = 100;

export async function createImageCache(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const cache = ctx.deps.emulator.imageCaches.create(createCacheRequest(ctx.params, ctx.caller.account, regionId));
  return { ContainerGroupId: cache.containerGroupId, ImageCacheId: cache.id };
}

export async function describeImageCaches(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const { params } = ctx;
  const ids = params
    .str('ImageCacheId', { max: 64 * 100 + 100 })
    ?.split(',')
    .map((s) => s.trim());
  if (ids?.some((id) => !/^imc-[a-z0-9]+$/.test(id))) throw invalid('ImageCacheId', 'give image cache ids (imc-...), separated by commas.');
  const matchImages = params.strings('MatchImage', { max: MAX_MATCH_IMAGES, maxLength: 1024 });
  const tags = params.list('Tag').length ? params.tags() : undefined;
  const filter = {
    ...(ids ? { ids } : {}),
    ...opt('name', params.str('ImageCacheName', { max: 128 })),
    ...opt('snapshotId', params.str('SnapshotId', { max: 64 })),
    ...opt('image', params.str('Image', { max: 1024 })),
    ...opt('resourceGroupId', params.str('ResourceGroupId', { max: 64 })),
    ...opt('tags', tags),
    ...(matchImages.length ? { matchImages } : {}),
    ...opt('fullMatch', params.bool('ImageFullMatch')),
    ...opt('matchCount', params.int('ImageMatchCountRequest', { min: 1, max: MAX_MATCH_IMAGES })),
  };
  if (!matchImages.length && (filter.fullMatch !== undefined || filter.matchCount !== undefined)) {
    throw invalid(filter.fullMatch !== undefined ? 'ImageFullMatch' : 'ImageMatchCountRequest', 'it applies to MatchImage.N, which is not given.');
  }
  const page = {
    limit: params.int('Limit', { min: 1, max: MAX_CACHES_PER_PAGE }) ?? DEFAULT_CACHES_PER_PAGE,
    ...opt('nextToken', params.str('NextToken', { max: 256 })),
  };
  const result = ctx.deps.emulator.imageCaches.list(ctx.caller.account, regionId, filter, page);
  // A cache's events are its intermediate instance's: read per cache like a group's.
  const events = await ctx.deps.store.newestPerGroup(
    result.caches.map((c) => c.containerGroupId),
    MAX_GROUP_EVENTS,
    { account: ctx.caller.account },
  );
  const now = ctx.deps.clock.now();
  return {
    TotalCount: result.totalCount,
    ...(result.nextToken ? { NextToken: result.nextToken } : {}),
    ImageCaches: result.caches.map((c) => renderImageCache(c, events.get(c.containerGroupId) ?? [], now)),
  };
}

export async function updateImageCache(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const id = cacheId(ctx.params);
  // Read Image.N first so that a bad one is named before anything else is looked at.
  cacheImages(ctx.params, false);
  ctx.deps.emulator.imageCaches.update(ctx.caller.account, id, updateCacheRequest(ctx.params), regionId);
  return {};
}

export async function deleteImageCache(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const id = cacheId(ctx.params);
  ctx.params.str('ClientToken', { max: 64 });
  ctx.deps.emulator.imageCaches.delete(ctx.caller.account, id, regionId);
  return {};
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The rows of docs/OPERATIONS.md for the image-cache actions. */
export const IMAGE_CACHE_OPERATIONS: OperationDoc[] = [
  {
    action: 'CreateImageCache',
    does: "Builds a cache on the service's clock: pulls its images through the registry model, checks the size, takes flash and regular snapshots and copies, recording the cache's events; counts against the account's quota with LRU elimination.",
    doesNot: 'FlashCopyCount is validated and kept but makes no flash copies; the intermediate instance is not a modelled group.',
  },
  {
    action: 'DescribeImageCaches',
    does: "The account's caches by id, name, snapshot, image, tag and MatchImage ranking, paged, each with its Events.",
    doesNot: '—',
  },
  {
    action: 'UpdateImageCache',
    does: 'Changes a Ready or UpdateFailed cache; new images or size rebuild it (UpdateFinished, or UpdateFailed keeping the old one).',
    doesNot: '—',
  },
  { action: 'DeleteImageCache', does: 'Deletes a cache at once, in any status; groups placed after it record ImageCacheEliminated.', doesNot: '—' },
];
