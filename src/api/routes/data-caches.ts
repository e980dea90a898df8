// The console's data caches: GET /v1/data-caches (searchable, filtered, paged by cursor) and
// GET /v1/data-caches/:id, the caller's account only. A cache's events are those whose involved
// object is the cache (kind DataCache, name its id: src/emulator/data-caches/cache-events.ts),
// which GET /v1/events?kind=DataCache&name=<id> lists for its Events tab and the counts here count.
import type { FastifyInstance } from 'fastify';
import { DATA_CACHE_STATUSES, type DataCache } from '../../emulator/index.js';
import { type DataCachePage, DataCacheSummary, type DataCachesPage } from '../../contracts/index.js';
import { callerOf } from '../authenticated.js';
import { dataCacheItem, pageDataCaches, type DataCacheQuery } from '../data-caches/list.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { objectEventSummaries } from '../object-events.js';
import { renderDataCache } from '../sdk-models/render-data-cache.js';
import { resourceDetailSchema, resourceListSchema } from './resource-list-schema.js';

/** Caches on one page at most (as GET /v1/image-caches). */
export const MAX_DATA_CACHES_PAGE = 500;
const KIND = 'DataCache';

function accountCaches(deps: ApiDeps, account: string): DataCache[] {
  return deps.emulator.regions().flatMap((r) => deps.emulator.dataCaches.list(account, r.regionId, {}, Number.MAX_SAFE_INTEGER).caches);
}

export function dataCacheRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: DataCacheQuery }>(
    '/v1/data-caches',
    {
      schema: resourceListSchema(DATA_CACHE_STATUSES, MAX_DATA_CACHES_PAGE, DataCacheSummary),
    },
    async (req): Promise<DataCachesPage> => {
      const { account } = callerOf(req);
      const { total, page, next } = pageDataCaches(accountCaches(deps, account), req.query);
      const events = await objectEventSummaries(
        deps.store,
        account,
        KIND,
        page.map((c) => c.id),
      );
      return { total, items: page.map((c) => dataCacheItem(c, events.get(c.id))), ...(next ? { next } : {}) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/data-caches/:id',
    {
      schema: resourceDetailSchema(DataCacheSummary),
    },
    async (req): Promise<DataCachePage> => {
      const { account } = callerOf(req);
      const cache = deps.emulator.dataCaches.get(account, req.params.id);
      if (!cache) throw new ApiError('NotFound', `no data cache ${JSON.stringify(req.params.id)} in this account`);
      const events = await objectEventSummaries(deps.store, account, KIND, [cache.id]);
      const { Events: _events, ...detail } = renderDataCache(cache, []);
      return { summary: dataCacheItem(cache, events.get(cache.id)), detail };
    },
  );
}
