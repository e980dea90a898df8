// The image caches list's query (search, status, region, the page's cursor), kept in the URL.

/** DescribeImageCaches' statuses (src/emulator/image-caches/image-cache.ts). */
export const IMAGE_CACHE_STATUSES = ['Preparing', 'Creating', 'Ready', 'Failed', 'Updating', 'UpdateFailed'] as const;

export interface ImageCachesQuery {
  q: string;
  status: string;
  regionId: string;
  /** The cursor of the page shown (the `next` of the page before it); '' for the first. */
  after: string;
}

export function parseImageCachesQuery(search: URLSearchParams): ImageCachesQuery {
  const status = search.get('status') ?? '';
  return {
    q: search.get('q') ?? '',
    status: (IMAGE_CACHE_STATUSES as readonly string[]).includes(status) ? status : '',
    regionId: search.get('regionId') ?? '',
    after: search.get('after') ?? '',
  };
}

/** Only what is set, so the plain list has a plain URL. */
export function imageCachesQueryToSearch(c: ImageCachesQuery): URLSearchParams {
  const s = new URLSearchParams();
  if (c.q.trim()) s.set('q', c.q.trim());
  if (c.status) s.set('status', c.status);
  if (c.regionId) s.set('regionId', c.regionId);
  if (c.after) s.set('after', c.after);
  return s;
}

/** The query parameters of GET /v1/image-caches. */
export function imageCachesApiParams(c: ImageCachesQuery, limit: number): Record<string, string> {
  const p: Record<string, string> = { limit: String(limit) };
  if (c.q.trim()) p.q = c.q.trim();
  if (c.status) p.status = c.status;
  if (c.regionId) p.regionId = c.regionId;
  if (c.after) p.after = c.after;
  return p;
}
