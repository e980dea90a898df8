// The data caches list's query (search, status, region, the page's cursor), kept in the URL.
import { parseListQuery, type ListQuery } from './list-query.js';

/** DescribeDataCaches' statuses (src/emulator/data-caches/data-cache.ts). */
export const DATA_CACHE_STATUSES = ['Creating', 'Loading', 'Available', 'Failed', 'Updating', 'UpdateFailed'] as const;

export const parseDataCachesQuery = (search: URLSearchParams): ListQuery => parseListQuery(search, DATA_CACHE_STATUSES);

/** Statuses in which a load is at work: progress and the end move with the clock (src/emulator/data-caches/data-cache.ts LOADING). */
export const LOADING_STATUSES: readonly string[] = ['Creating', 'Loading', 'Updating'];
