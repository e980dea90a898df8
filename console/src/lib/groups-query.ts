// The container groups list's query (search, filters, sort, page), kept in the URL.

export const GROUP_SORTS = ['created', 'id', 'name', 'status', 'zone', 'warnings'] as const;
export type GroupSort = (typeof GROUP_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export const GROUP_STATUSES = [
  'Scheduling',
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
  'Restarting',
  'Updating',
  'Terminating',
  'Expired',
  'ScheduleFailed',
] as const;
export const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'us-west-1'] as const;
export const PAGE_SIZES = [20, 50, 100, 200] as const;

export interface GroupsQuery {
  q: string;
  status: string;
  regionId: string;
  sort: GroupSort;
  order: SortOrder;
  offset: number;
  limit: number;
}

export const DEFAULT_GROUPS_QUERY: GroupsQuery = { q: '', status: '', regionId: '', sort: 'created', order: 'desc', offset: 0, limit: 50 };

/** The order a column sorts in when first chosen: newest, most warnings first; text A to Z. */
export function defaultOrder(sort: GroupSort): SortOrder {
  return sort === 'created' || sort === 'warnings' ? 'desc' : 'asc';
}

export function parseGroupsQuery(search: URLSearchParams): GroupsQuery {
  const sort = search.get('sort') as GroupSort | null;
  const s: GroupSort = sort && GROUP_SORTS.includes(sort) ? sort : DEFAULT_GROUPS_QUERY.sort;
  const order = search.get('order');
  const limit = Number(search.get('limit'));
  const offset = Number(search.get('offset'));
  return {
    q: search.get('q') ?? '',
    status: search.get('status') ?? '',
    regionId: search.get('regionId') ?? '',
    sort: s,
    order: order === 'asc' || order === 'desc' ? order : defaultOrder(s),
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_GROUPS_QUERY.limit,
  };
}

/** Only what differs from the defaults, so the plain list has a plain URL. */
export function groupsQueryToSearch(g: GroupsQuery): URLSearchParams {
  const s = new URLSearchParams();
  if (g.q.trim()) s.set('q', g.q.trim());
  if (g.status) s.set('status', g.status);
  if (g.regionId) s.set('regionId', g.regionId);
  if (g.sort !== DEFAULT_GROUPS_QUERY.sort) s.set('sort', g.sort);
  if (g.order !== defaultOrder(g.sort)) s.set('order', g.order);
  if (g.offset) s.set('offset', String(g.offset));
  if (g.limit !== DEFAULT_GROUPS_QUERY.limit) s.set('limit', String(g.limit));
  return s;
}

/** The query parameters of GET /v1/groups. */
export function groupsApiParams(g: GroupsQuery): Record<string, string> {
  const p: Record<string, string> = { sort: g.sort, order: g.order, offset: String(g.offset), limit: String(g.limit) };
  if (g.q.trim()) p.q = g.q.trim();
  if (g.status) p.status = g.status;
  if (g.regionId) p.regionId = g.regionId;
  return p;
}

/** Clicking a column: the same column flips its order, another starts at its default order; back to page 1. */
export function sortBy(g: GroupsQuery, sort: GroupSort): GroupsQuery {
  const order = g.sort === sort ? (g.order === 'asc' ? 'desc' : 'asc') : defaultOrder(sort);
  return { ...g, sort, order, offset: 0 };
}

export interface PageInfo {
  first: number;
  last: number;
  total: number;
  page: number;
  pages: number;
  hasPrev: boolean;
  hasNext: boolean;
}

export function pageInfo(offset: number, limit: number, total: number, shown: number): PageInfo {
  return {
    first: shown ? offset + 1 : 0,
    last: offset + shown,
    total,
    page: Math.floor(offset / limit) + 1,
    pages: Math.max(1, Math.ceil(total / limit)),
    hasPrev: offset > 0,
    hasNext: offset + shown < total,
  };
}
