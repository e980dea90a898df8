// Container groups: search, status and region filters, sortable columns, pages of 20 to 200 out
// of any number (the service pages with offset and limit). Counts follow the live stream.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { formatCount, formatTime } from '../lib/format.js';
import {
  GROUP_STATUSES,
  groupsApiParams,
  groupsQueryToSearch,
  pageInfo,
  PAGE_SIZES,
  parseGroupsQuery,
  REGIONS,
  sortBy,
  type GroupSort,
  type GroupsQuery,
} from '../lib/groups-query.js';
import type { GroupsPage } from '../lib/types.js';
import { errorText } from './events-view.js';
import { WarningIcon } from './icons.js';
import { useLiveChanges, useLiveReset, useThrottle, useTitle } from './hooks.js';
import { Link, setSearch, useLocation } from './router.js';
import { StatusBadge } from './resource-list.js';

export function GroupsPageView() {
  useTitle('Container groups');
  const loc = useLocation();
  const query = useMemo(() => parseGroupsQuery(loc.search), [loc.search.toString()]);
  const key = groupsQueryToSearch(query).toString();
  const [data, setData] = useState<{ page: GroupsPage | undefined; loading: boolean; error: string | undefined }>({
    page: undefined,
    loading: true,
    error: undefined,
  });
  const [q, setQ] = useState(query.q);
  const [reload, setReload] = useState(0);
  const set = (g: GroupsQuery) => setSearch(groupsQueryToSearch(g));

  useEffect(() => setQ(query.q), [query.q]);
  useEffect(() => {
    if (q === query.q) return;
    const t = setTimeout(() => set({ ...query, q, offset: 0 }), 300);
    return () => clearTimeout(t);
  }, [q]);

  useEffect(() => {
    const abort = new AbortController();
    setData((d) => ({ ...d, loading: true }));
    api.groups(groupsApiParams(query), abort.signal).then(
      (page) => setData({ page, loading: false, error: undefined }),
      (err) => !abort.signal.aborted && setData({ page: undefined, loading: false, error: errorText(err) }),
    );
    return () => abort.abort();
  }, [key, reload]);

  // A change on the stream may move a count or add a group: refresh this page, at most once a second.
  const refresh = useThrottle(() => setReload((n) => n + 1), 1000);
  useLiveChanges(() => refresh());
  useLiveReset(() => refresh());

  const page = data.page;
  const info = pageInfo(query.offset, query.limit, page?.total ?? 0, page?.items.length ?? 0);
  return (
    <main id="main">
      <div class="page-head">
        <h1>Container groups</h1>
      </div>
      <form
        class="filters"
        role="search"
        aria-label="Find container groups"
        onSubmit={(e) => {
          e.preventDefault();
          set({ ...query, q, offset: 0 });
        }}
      >
        <div class="field grow">
          <label for="groups-q">Search</label>
          <input id="groups-q" type="search" placeholder="ID or name" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="groups-status">Status</label>
          <select id="groups-status" value={query.status} onChange={(e) => set({ ...query, status: e.currentTarget.value, offset: 0 })}>
            <option value="">Any status</option>
            {GROUP_STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="groups-region">Region</label>
          <select id="groups-region" value={query.regionId} onChange={(e) => set({ ...query, regionId: e.currentTarget.value, offset: 0 })}>
            <option value="">Any region</option>
            {REGIONS.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </div>
      </form>
      {data.error && (
        <p class="error" role="alert">
          {data.error}
        </p>
      )}
      <p class="count-line" aria-live="polite">
        {page ? (
          page.total ? (
            <>
              {formatCount(info.first)}–{formatCount(info.last)} of <strong>{formatCount(page.total)}</strong> container {page.total === 1 ? 'group' : 'groups'}
            </>
          ) : (
            'No container group matches.'
          )
        ) : data.loading ? (
          'Loading…'
        ) : (
          ''
        )}
      </p>
      <div class="table-wrap">
        <table class="groups" aria-busy={data.loading}>
          <caption class="sr-only">
            Container groups, sorted by {query.sort} ({query.order === 'asc' ? 'ascending' : 'descending'})
          </caption>
          <thead>
            <tr>
              <SortHeader query={query} sort="id" label="Container group ID" onSort={set} />
              <SortHeader query={query} sort="name" label="Name" onSort={set} />
              <SortHeader query={query} sort="status" label="Status" onSort={set} />
              <SortHeader query={query} sort="zone" label="Zone" onSort={set} />
              <SortHeader query={query} sort="created" label="Created" onSort={set} />
              <SortHeader query={query} sort="warnings" label="Warnings" onSort={set} numeric />
              <th scope="col" class="num">
                Events
              </th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((g) => (
              <tr key={g.containerGroupId} data-group={g.containerGroupId} class={g.warningCount ? 'has-warnings' : ''}>
                <td data-label="ID">
                  <Link href={`/groups/${encodeURIComponent(g.containerGroupId)}`} class="mono">
                    {g.containerGroupId}
                  </Link>
                </td>
                <td data-label="Name">{g.name}</td>
                <td data-label="Status">
                  {g.status ? (
                    <StatusBadge status={g.status} condition={g.condition} />
                  ) : (
                    <span class="muted" title="Known only by its events">
                      —
                    </span>
                  )}
                </td>
                <td data-label="Zone">{g.zoneId ?? '—'}</td>
                <td data-label="Created">{formatTime(g.creationTime) || '—'}</td>
                <td data-label="Warnings" class="num warnings">
                  {g.warningCount ? (
                    <Link
                      href={`/groups/${encodeURIComponent(g.containerGroupId)}/events?type=Warning`}
                      class="warn-count"
                      aria-label={`${g.warningCount} Warning events of ${g.containerGroupId}`}
                    >
                      <WarningIcon />
                      {formatCount(g.warningCount)}
                    </Link>
                  ) : (
                    '0'
                  )}
                </td>
                <td data-label="Events" class="num events-count">
                  {formatCount(g.eventCount)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages of container groups">
        <button type="button" disabled={!info.hasPrev} onClick={() => set({ ...query, offset: 0 })}>
          First
        </button>
        <button type="button" disabled={!info.hasPrev} onClick={() => set({ ...query, offset: Math.max(0, query.offset - query.limit) })}>
          Previous
        </button>
        <span>
          Page {formatCount(info.page)} of {formatCount(info.pages)}
        </span>
        <button type="button" disabled={!info.hasNext} onClick={() => set({ ...query, offset: query.offset + query.limit })}>
          Next
        </button>
        <button type="button" disabled={!info.hasNext} onClick={() => set({ ...query, offset: (info.pages - 1) * query.limit })}>
          Last
        </button>
        <label for="groups-limit">Per page</label>
        <select id="groups-limit" value={String(query.limit)} onChange={(e) => set({ ...query, limit: Number(e.currentTarget.value), offset: 0 })}>
          {PAGE_SIZES.map((n) => (
            <option value={String(n)}>{n}</option>
          ))}
        </select>
      </nav>
    </main>
  );
}

function SortHeader({
  query,
  sort,
  label,
  onSort,
  numeric,
}: {
  query: GroupsQuery;
  sort: GroupSort;
  label: string;
  onSort: (g: GroupsQuery) => void;
  numeric?: boolean;
}) {
  const active = query.sort === sort;
  const dir = active ? (query.order === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" aria-sort={dir ?? 'none'} class={numeric ? 'num' : ''}>
      <button type="button" class={`sort${active ? ' active' : ''}`} onClick={() => onSort(sortBy(query, sort))}>
        {label}
        <span class="sort-mark" aria-hidden="true">
          {active ? (query.order === 'asc' ? ' ▲' : ' ▼') : ''}
        </span>
        <span class="sr-only">{active ? `, sorted ${dir}` : ', sort'}</span>
      </button>
    </th>
  );
}
