// CreateDataCache, DescribeDataCaches, UpdateDataCache, DeleteDataCache and CopyDataCache: parse,
// hand to the emulator's data caches, render as the SDK's models read them.
import type { ActionContext } from '../deps.js';
import { invalid } from '../../core/errors.js';
import { requireRegion } from '../region.js';
import { MAX_GROUP_EVENTS } from '../../sdk-models/render-container-group.js';
import { renderDataCache } from '../../sdk-models/render-data-cache.js';
import { copyDataCacheRequest, createDataCacheRequest, dataCacheBucket, dataCacheId, updateDataCacheRequest } from './data-cache-params.js';
import type { OperationDoc } from './operation-doc.js';

/** DescribeDataCaches' Limit: "The default value and the maximum value are both 20." */
export const MAX_DATA_CACHES_PER_PAGE = 20;

export async function createDataCache(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const cache = ctx.deps.emulator.dataCaches.create(createDataCacheRequest(ctx.params, ctx.caller.account, regionId));
  return { DataCacheId: cache.id };
}

export async function describeDataCaches(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const { params } = ctx;
  const ids = params.strings('DataCacheId', { max: 100, maxLength: 64 });
  ids.forEach((id, i) => {
    if (!/^edc-[a-z0-9]+$/.test(id)) throw invalid(`DataCacheId.${i + 1}`, `${JSON.stringify(id)} is not a data cache id (edc-...).`);
  });
  const bucket = dataCacheBucket(params);
  const path = params.str('Path', { max: 1024 });
  const resourceGroupId = params.str('ResourceGroupId', { max: 64 });
  const tags = params.list('Tag').length ? params.tags() : undefined;
  const limit = params.int('Limit', { min: 1, max: MAX_DATA_CACHES_PER_PAGE }) ?? MAX_DATA_CACHES_PER_PAGE;
  const nextToken = params.str('NextToken', { max: 256 });
  const filter = {
    ...(ids.length ? { ids } : {}),
    ...(bucket ? { bucket } : {}),
    ...(path ? { path } : {}),
    ...(resourceGroupId ? { resourceGroupId } : {}),
    ...(tags ? { tags } : {}),
  };
  const result = ctx.deps.emulator.dataCaches.list(ctx.caller.account, regionId, filter, limit, nextToken);
  // A cache's events are recorded under its job's group id, or its own id before a job exists.
  const keys = result.caches.map((c) => c.containerGroupId ?? c.id);
  const events = await ctx.deps.store.newestPerGroup(keys, MAX_GROUP_EVENTS, { account: ctx.caller.account });
  return {
    TotalCount: result.totalCount,
    ...(result.nextToken ? { NextToken: result.nextToken } : {}),
    DataCaches: result.caches.map((c, i) => renderDataCache(c, events.get(keys[i]!) ?? [])),
  };
}

export async function updateDataCache(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const id = dataCacheId(ctx.params);
  ctx.deps.emulator.dataCaches.update(ctx.caller.account, id, updateDataCacheRequest(ctx.params), regionId);
  return {};
}

export async function deleteDataCache(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const id = dataCacheId(ctx.params);
  // Bucket and Path are the SDK's too; a cache is named by its id here, and they must agree with it.
  const bucket = dataCacheBucket(ctx.params);
  const path = ctx.params.str('Path', { max: 1024 });
  ctx.params.str('ClientToken', { max: 64 });
  const cache = ctx.deps.emulator.dataCaches.get(ctx.caller.account, id, regionId);
  if (cache && bucket !== undefined && bucket !== cache.bucket) throw invalid('Bucket', `the data cache ${id} is in bucket ${JSON.stringify(cache.bucket)}.`);
  if (cache && path !== undefined && path !== cache.path) throw invalid('Path', `the data cache ${id} is at ${JSON.stringify(cache.path)}.`);
  ctx.deps.emulator.dataCaches.delete(ctx.caller.account, id, regionId);
  return {};
}

export async function copyDataCache(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const id = dataCacheId(ctx.params);
  const copy = ctx.deps.emulator.dataCaches.copy(ctx.caller.account, id, copyDataCacheRequest(ctx.params), regionId);
  return { DataCacheId: copy.id };
}

export const DATA_CACHE_OPERATIONS: OperationDoc[] = [
  {
    action: 'CreateDataCache',
    does: 'Creates a data cache that loads its DataSource (URL, NAS, OSS of the world) through a proxy in the vSwitch and a loading job that is a real container group of the account; Creating, Loading, Available or Failed with the DataCache event of the step that failed.',
    doesNot: 'EipCreateParam (no EIP is created for the proxy); billing of the cache.',
  },
  {
    action: 'DescribeDataCaches',
    does: "Lists the account's data caches in the region, newest first, by id, bucket, path, resource group and tags, with their events and the job's group id, 20 a page.",
    doesNot: '—',
  },
  {
    action: 'UpdateDataCache',
    does: 'Changes name, bucket, tags, retention and network; a new DataSource or Size loads again with a new job (Updating, then Available, or UpdateFailed keeping the old data).',
    doesNot: 'EipCreateParam.',
  },
  {
    action: 'DeleteDataCache',
    does: 'Deletes the cache at once; a load in progress stops and its job is deleted.',
    doesNot: '—',
  },
  {
    action: 'CopyDataCache',
    does: 'Copies an Available (or UpdateFailed, whose old data stays) cache to DestinationRegionId as a new cache there, same bucket and path unless given (Creating, then Available when the snapshot copy ends).',
    doesNot: 'Copy failures (the model has no cause for one).',
  },
];
