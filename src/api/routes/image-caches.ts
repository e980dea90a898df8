// The console's image caches: GET /v1/image-caches (searchable, filtered, paged by cursor) and
// GET /v1/image-caches/:id, the caller's account only. A cache's events come from GET /v1/events
// with kind=ImageCache&name=<id> (the involved object), as its Events tab reads them.
import type { FastifyInstance } from 'fastify';
import { IMAGE_CACHE_STATUSES, type ImageCache } from '../../emulator/index.js';
import { type ImageCachePage, ImageCacheSummary, type ImageCachesPage } from '../../contracts/index.js';
import { callerOf } from '../authenticated.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { imageCacheItem, listImageCaches, type ImageCacheQuery } from '../image-caches/list.js';
import { renderImageCache } from '../sdk-models/render-image-cache.js';
import { resourceDetailSchema, resourceListSchema } from './resource-list-schema.js';

/** Caches on one page at most (an account holds at most the imageCaches quota per region). */
export const MAX_IMAGE_CACHES_PAGE = 500;

/** Every cache the emulator holds for the account, in every region. */
function accountCaches(deps: ApiDeps, account: string): ImageCache[] {
  return deps.emulator.regions().flatMap((r) => deps.emulator.imageCaches.list(account, r.regionId, {}, { limit: Number.MAX_SAFE_INTEGER }).caches);
}

export function imageCacheRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: ImageCacheQuery }>(
    '/v1/image-caches',
    {
      schema: resourceListSchema(IMAGE_CACHE_STATUSES, MAX_IMAGE_CACHES_PAGE, ImageCacheSummary),
    },
    async (req): Promise<ImageCachesPage> => {
      const { account } = callerOf(req);
      const caches = accountCaches(deps, account);
      const summaries = caches.length
        ? await deps.store.groupSummaries(
            account,
            caches.map((c) => c.containerGroupId),
          )
        : [];
      return listImageCaches(caches, summaries, req.query, deps.clock.now());
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/image-caches/:id',
    {
      schema: resourceDetailSchema(ImageCacheSummary),
    },
    async (req): Promise<ImageCachePage> => {
      const { account } = callerOf(req);
      const cache = deps.emulator.imageCaches.get(account, req.params.id);
      if (!cache) throw new ApiError('NotFound', `no image cache ${JSON.stringify(req.params.id)} in this account`);
      const [events] = await deps.store.groupSummaries(account, [cache.containerGroupId]);
      const now = deps.clock.now();
      const { Events: _events, ...detail } = renderImageCache(cache, [], now);
      return { summary: imageCacheItem(cache, events, now), detail };
    },
  );
}
