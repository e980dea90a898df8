// Image caches: the account's caches in every region, newest first, with their status, images,
// size, progress and times; searchable, filtered by status and region, paged by the service's
// cursor. Statuses and progress follow the live stream: a cache's build records its steps as
// events, so a change on the stream refreshes the page (at most once a second).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { formatCount, formatGiB, formatTime } from '../lib/format.js';
import { REGIONS } from '../lib/groups-query.js';
import { IMAGE_CACHE_STATUSES, imageCachesApiParams, imageCachesQueryToSearch, parseImageCachesQuery, type ImageCachesQuery } from '../lib/image-caches-query.js';
import type { ImageCachesPage, ImageCacheSummary } from '../lib/types.js';
import { errorText } from './events-view.js';
import { WarningIcon } from './icons.js';
import { useLiveChanges, useLiveReset, useThrottle, useTitle } from './hooks.js';
import { Link, setSearch, useLocation } from './router.js';

const PAGE = 50;

export function ImageCachesPageView() {
  useTitle('Image caches');
  const loc = useLocation();
  const query = useMemo(() => parseImageCachesQuery(loc.search), [loc.search.toString()]);
  const key = imageCachesQueryToSearch(query).toString();
  const [data, setData] = useState<{ page: ImageCachesPage | undefined; loading: boolean; error: string | undefined }>({ page: undefined, loading: true, error: undefined });
  const [q, setQ] = useState(query.q);
  const [reload, setReload] = useState(0);
  const set = (c: ImageCachesQuery) => setSearch(imageCachesQueryToSearch(c));

  useEffect(() => setQ(query.q), [query.q]);
  useEffect(() => {
    if (q === query.q) return;
    const t = setTimeout(() => set({ ...query, q, after: '' }), 300);
    return () => clearTimeout(t);
  }, [q]);

  useEffect(() => {
    const abort = new AbortController();
    setData((d) => ({ ...d, loading: true }));
    api.imageCaches(imageCachesApiParams(query, PAGE), abort.signal).then(
      (page) => setData({ page, loading: false, error: undefined }),
      (err) => !abort.signal.aborted && setData({ page: undefined, loading: false, error: errorText(err) }),
    );
    return () => abort.abort();
  }, [key, reload]);

  const refresh = useThrottle(() => setReload((n) => n + 1), 1000);
  useLiveChanges((batch) => {
    if (batch.some((e) => e.involvedObject.kind === 'ImageCache')) refresh();
  });
  useLiveReset(() => refresh());

  const page = data.page;
  return (
    <main id="main">
      <div class="page-head">
        <h1>Image caches</h1>
        <p class="muted">Made with CreateImageCache (the SDK, or eci-events image-caches create), in every region of this account.</p>
      </div>
      <form
        class="filters"
        role="search"
        aria-label="Find image caches"
        onSubmit={(e) => {
          e.preventDefault();
          set({ ...query, q, after: '' });
        }}
      >
        <div class="field grow">
          <label for="caches-q">Search</label>
          <input id="caches-q" type="search" placeholder="ID, name or image" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="caches-status">Status</label>
          <select id="caches-status" value={query.status} onChange={(e) => set({ ...query, status: e.currentTarget.value, after: '' })}>
            <option value="">Any status</option>
            {IMAGE_CACHE_STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="caches-region">Region</label>
          <select id="caches-region" value={query.regionId} onChange={(e) => set({ ...query, regionId: e.currentTarget.value, after: '' })}>
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
              {formatCount(page.items.length)} of <strong>{formatCount(page.total)}</strong> image {page.total === 1 ? 'cache' : 'caches'} · newest first
            </>
          ) : (
            'No image cache matches.'
          )
        ) : data.loading ? (
          'Loading…'
        ) : (
          ''
        )}
      </p>
      <div class="table-wrap">
        <table class="groups image-caches" aria-busy={data.loading}>
          <caption class="sr-only">Image caches, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Image cache ID</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Images</th>
              <th scope="col">Size</th>
              <th scope="col" class="num">Progress</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col" class="num">Events</th>
            </tr>
          </thead>
          <tbody>{page?.items.map((c) => <CacheRow key={c.imageCacheId} c={c} />)}</tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages of image caches">
        <button type="button" disabled={!query.after} onClick={() => set({ ...query, after: '' })}>
          First
        </button>
        <button type="button" disabled={!page?.next} onClick={() => page?.next && set({ ...query, after: page.next })}>
          Next
        </button>
      </nav>
    </main>
  );
}

function CacheRow({ c }: { c: ImageCacheSummary }) {
  const href = `/image-caches/${encodeURIComponent(c.imageCacheId)}`;
  return (
    <tr data-cache={c.imageCacheId} class={c.warningCount ? 'has-warnings' : ''}>
      <td data-label="ID">
        <Link href={href} class="mono">
          {c.imageCacheId}
        </Link>
      </td>
      <td data-label="Name">{c.name}</td>
      <td data-label="Status">
        <CacheStatus status={c.status} />
      </td>
      <td data-label="Images" class="mono images">
        {c.images.map((i) => (
          <div>{i}</div>
        ))}
      </td>
      <td data-label="Size">{cacheSize(c)}</td>
      <td data-label="Progress" class="num progress">
        {c.progress}
      </td>
      <td data-label="Created">{formatTime(c.creationTime)}</td>
      <td data-label="Expires">{formatTime(c.expireTime) || '—'}</td>
      <td data-label="Events" class="num events-count">
        {c.warningCount ? (
          <Link href={`${href}/events?type=Warning`} class="warn-count" aria-label={`${c.warningCount} Warning events of ${c.imageCacheId}`}>
            <WarningIcon />
            {formatCount(c.warningCount)}
          </Link>
        ) : null}{' '}
        <Link href={`${href}/events`} aria-label={`${c.eventCount} events of ${c.imageCacheId}`}>
          {formatCount(c.eventCount)}
        </Link>
      </td>
    </tr>
  );
}

export function CacheStatus({ status }: { status: string }) {
  return <span class={`status status-${status}`}>{status}</span>;
}

/** What the built images take of the cache disk ("1.58 of 20 GiB"), or the disk alone before the build. */
export function cacheSize(c: ImageCacheSummary): string {
  return c.usedBytes !== undefined ? `${formatGiB(c.usedBytes)} of ${c.sizeGiB} GiB` : `${c.sizeGiB} GiB`;
}
