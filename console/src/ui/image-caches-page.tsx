// Image caches: the account's caches in every region, newest first, with their status, images,
// size, progress and times; searchable, filtered by status and region, paged by the service's
// cursor. Statuses and progress follow the live stream: a cache's build records its steps as
// events, so a change on the stream refreshes the page (at most once a second).
import { api } from '../lib/api.js';
import { formatGiB, formatTime } from '../lib/format.js';
import { IMAGE_CACHE_STATUSES, parseImageCachesQuery } from '../lib/image-caches-query.js';
import type { ImageCacheSummary } from '../lib/types.js';
import { useTitle } from './hooks.js';
import { EventCountsCell, ListFilters, ListFrame, StatusBadge, useLiveList } from './resource-list.js';
import { Link } from './router.js';

const PAGE = 50;

export function ImageCachesPageView() {
  useTitle('Image caches');
  const list = useLiveList<ImageCacheSummary>({ parse: parseImageCachesQuery, load: api.imageCaches, kind: 'ImageCache', pageSize: PAGE });
  return (
    <main id="main">
      <div class="page-head">
        <h1>Image caches</h1>
        <p class="muted">Made with CreateImageCache (the SDK, or eci-events image-caches create), in every region of this account.</p>
      </div>
      <ListFilters
        idPrefix="caches"
        label="Find image caches"
        placeholder="ID, name or image"
        statuses={IMAGE_CACHE_STATUSES}
        query={list.query}
        set={list.set}
      />
      <ListFrame list={list} noun={['image cache', 'image caches']}>
        <table class="groups image-caches" aria-busy={list.loading}>
          <caption class="sr-only">Image caches, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Image cache ID</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Images</th>
              <th scope="col">Size</th>
              <th scope="col" class="num">
                Progress
              </th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col" class="num">
                Events
              </th>
            </tr>
          </thead>
          <tbody>
            {list.page?.items.map((c) => (
              <CacheRow key={c.imageCacheId} c={c} />
            ))}
          </tbody>
        </table>
      </ListFrame>
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
      <EventCountsCell href={href} id={c.imageCacheId} eventCount={c.eventCount} warningCount={c.warningCount} />
    </tr>
  );
}

export const CacheStatus = StatusBadge;

/** What the built images take of the cache disk ("1.58 of 20 GiB"), or the disk alone before the build. */
export function cacheSize(c: Pick<ImageCacheSummary, 'usedBytes' | 'sizeGiB'>): string {
  return c.usedBytes !== undefined ? `${formatGiB(c.usedBytes)} of ${c.sizeGiB} GiB` : `${c.sizeGiB} GiB`;
}
