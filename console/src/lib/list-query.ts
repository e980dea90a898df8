// The query of a list of resources with a status (image caches, data caches...): search, status,
// region and the page's cursor, kept in the URL and passed on to the list's route.

export interface ListQuery {
  q: string;
  status: string;
  regionId: string;
  /** The cursor of the page shown (the `next` of the page before it); '' for the first. */
  after: string;
}

/** A status not among the resource's own is dropped, so a stale link shows the whole list. */
export function parseListQuery(search: URLSearchParams, statuses: readonly string[]): ListQuery {
  const status = search.get('status') ?? '';
  return {
    q: search.get('q') ?? '',
    status: statuses.includes(status) ? status : '',
    regionId: search.get('regionId') ?? '',
    after: search.get('after') ?? '',
  };
}

/** Only what is set, so the plain list has a plain URL. */
export function listQueryToSearch(c: ListQuery): URLSearchParams {
  const s = new URLSearchParams();
  if (c.q.trim()) s.set('q', c.q.trim());
  if (c.status) s.set('status', c.status);
  if (c.regionId) s.set('regionId', c.regionId);
  if (c.after) s.set('after', c.after);
  return s;
}

/** The query parameters of the list's route (GET /v1/image-caches, /v1/data-caches...). */
export function listApiParams(c: ListQuery, limit: number): Record<string, string> {
  return { limit: String(limit), ...Object.fromEntries(listQueryToSearch(c)) };
}
