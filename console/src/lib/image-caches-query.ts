// The image caches list's query (search, status, region, the page's cursor), kept in the URL.
import { listApiParams, listQueryToSearch, parseListQuery, type ListQuery } from './list-query.js';

/** DescribeImageCaches' statuses (src/emulator/image-caches/image-cache.ts). */
export const IMAGE_CACHE_STATUSES = ['Preparing', 'Creating', 'Ready', 'Failed', 'Updating', 'UpdateFailed'] as const;

export type ImageCachesQuery = ListQuery;

export const parseImageCachesQuery = (search: URLSearchParams): ImageCachesQuery => parseListQuery(search, IMAGE_CACHE_STATUSES);
export const imageCachesQueryToSearch = listQueryToSearch;
export const imageCachesApiParams = listApiParams;
