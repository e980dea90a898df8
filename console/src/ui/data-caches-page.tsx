// Data caches: the account's caches in every region, newest first, with their status, source,
// bucket and path, size, progress and times; searchable, filtered by status and region, paged by
// the service's cursor. A cache records events only when a step of its load fails, so besides
// its DataCache events the page follows its job's (a status moves with the job's steps too).
import { api } from '../lib/api.js';
import { DATA_CACHE_STATUSES, LOADING_STATUSES, parseDataCachesQuery } from '../lib/data-caches-query.js';
import { formatTime } from '../lib/format.js';
import type { DataCacheSummary } from '../lib/types.js';
import { useTitle } from './hooks.js';
import { cacheSize } from './image-caches-page.js';
import { EventCountsCell, ListFilters, ListFrame, StatusBadge, useLiveList } from './resource-list.js';
import { Link } from './router.js';

const PAGE = 50;

/** Where the data comes from, by the option CreateDataCache requires of each type (URL: url; NAS: server; OSS: bucket). */
const LOCATION_OPTION: Record<string, string> = { URL: 'url', NAS: 'server', OSS: 'bucket' };

export function sourceText(c: Pick<DataCacheSummary, 'sourceType' | 'sourceOptions'>): string {
  const where = c.sourceOptions[LOCATION_OPTION[c.sourceType] ?? ''];
  const path = c.sourceType !== 'URL' ? c.sourceOptions.path : undefined;
  return [c.sourceType, where, path].filter(Boolean).join(' ');
}

export function DataCachesPageView() {
  useTitle('Data caches');
  // A load records no event of the cache's unless a step fails: its job's events (kind Pod) and, while
  // one is loading, reading again on a timer move the statuses (the snapshot ends with no event at all).
  const list = useLiveList<DataCacheSummary>({
    parse: parseDataCachesQuery,
    load: api.dataCaches,
    kind: ['DataCache', 'Pod'],
    pageSize: PAGE,
    unsettled: (c) => LOADING_STATUSES.includes(c.status),
  });
  return (
    <main id="main">
      <div class="page-head">
        <h1>Data caches</h1>
        <p class="muted">Made with CreateDataCache (the SDK, or eci-events data-caches create), in every region of this account.</p>
      </div>
      <ListFilters
        idPrefix="dcaches"
        label="Find data caches"
        placeholder="ID, name, bucket or path"
        statuses={DATA_CACHE_STATUSES}
        query={list.query}
        set={list.set}
      />
      <ListFrame list={list} noun={['data cache', 'data caches']}>
        <table class="groups data-caches" aria-busy={list.loading}>
          <caption class="sr-only">Data caches, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Data cache ID</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Bucket / path</th>
              <th scope="col">Source</th>
              <th scope="col">Size</th>
              <th scope="col" class="num">
                Progress
              </th>
              <th scope="col">Created</th>
              <th scope="col" class="num">
                Events
              </th>
            </tr>
          </thead>
          <tbody>
            {list.page?.items.map((c) => (
              <DataCacheRow key={c.dataCacheId} c={c} />
            ))}
          </tbody>
        </table>
      </ListFrame>
    </main>
  );
}

function DataCacheRow({ c }: { c: DataCacheSummary }) {
  const href = `/data-caches/${encodeURIComponent(c.dataCacheId)}`;
  return (
    <tr data-cache={c.dataCacheId} class={c.warningCount ? 'has-warnings' : ''}>
      <td data-label="ID">
        <Link href={href} class="mono">
          {c.dataCacheId}
        </Link>
      </td>
      <td data-label="Name">{c.name || '—'}</td>
      <td data-label="Status">
        <StatusBadge status={c.status} />
      </td>
      <td data-label="Bucket / path" class="mono">
        {c.bucket}:{c.path}
      </td>
      <td data-label="Source" class="mono">
        {sourceText(c)}
      </td>
      <td data-label="Size">{cacheSize(c)}</td>
      <td data-label="Progress" class="num progress">
        {c.progress}
      </td>
      <td data-label="Created">{formatTime(c.creationTime)}</td>
      <EventCountsCell href={href} id={c.dataCacheId} eventCount={c.eventCount} warningCount={c.warningCount} />
    </tr>
  );
}
