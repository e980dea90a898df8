// One image cache: its Basic information and its Events (the events whose involved object is the
// cache, kind ImageCache), laid out as a container group's page.
import { api } from '../lib/api.js';
import { formatTime } from '../lib/format.js';
import type { ImageCachePage } from '../lib/types.js';
import { EventsView } from './events-view.js';
import { useTitle } from './hooks.js';
import { cacheSize, CacheStatus } from './image-caches-page.js';
import { BasicInfoSection, ObjectHead, ObjectTabs, useLiveObject, type InfoRow } from './object-page.js';
import { Link } from './router.js';

export function ImageCachePageView({ id, tab }: { id: string; tab: 'info' | 'events' }) {
  useTitle(`${id} · ${tab === 'events' ? 'Events' : 'Basic information'}`);
  const state = useLiveObject<ImageCachePage>(id, api.imageCache, (e) => e.involvedObject.kind === 'ImageCache' && e.involvedObject.name === id);
  const s = state.data?.summary;
  return (
    <main id="main">
      <ObjectHead
        crumb={{ href: '/image-caches', label: 'Image caches' }}
        id={id}
        name={s?.name}
        counts={s}
        facts={
          s && (
            <>
              <CacheStatus status={s.status} />
              <span data-testid="progress">{s.progress}</span>
              <span>
                {s.regionId} / {s.zoneId}
              </span>
            </>
          )
        }
      />
      {state.error && (
        <p class="error" role="alert">
          {state.notFound ? `There is no image cache ${id} in this account.` : state.error}
        </p>
      )}
      {!state.notFound && (
        <>
          <ObjectTabs base={`/image-caches/${encodeURIComponent(id)}`} label="Image cache" tab={tab} eventCount={s?.eventCount} />
          {tab === 'events' ? (
            <EventsView scope={{ kind: 'ImageCache', name: id }} of="this image cache" idPrefix="cev" total={s?.eventCount} />
          ) : (
            <BasicInfo data={state.data} />
          )}
        </>
      )}
    </main>
  );
}

function BasicInfo({ data }: { data: ImageCachePage | undefined }) {
  if (!data) return <p aria-busy="true">Loading…</p>;
  const { summary: s, detail } = data;
  const rows: InfoRow[] = [
    ['Image cache ID', s.imageCacheId, true],
    ['Name', s.name],
    ['Status', <CacheStatus status={s.status} />],
    ['Progress', s.progress],
    ['Region / zone', `${s.regionId} / ${s.zoneId}`],
    ['Size', cacheSize(s)],
    ['Storage', s.flash ? 'Flash (local snapshot), then standard' : 'Standard snapshot'],
    ['Snapshot', s.snapshotId ?? '—', true],
    ['Created', formatTime(s.creationTime)],
    ['Expires', formatTime(s.expireTime) || 'Kept until deleted'],
    ['Last matched', formatTime(s.lastMatchedTime) || '—'],
    ['Last event', formatTime(s.lastEventAt) || '—'],
    [
      'Built by',
      <Link href={`/groups/${encodeURIComponent(s.containerGroupId)}`} class="mono">
        {s.containerGroupId}
      </Link>,
    ],
  ];
  return (
    <BasicInfoSection rows={rows} raw={{ label: 'The cache as DescribeImageCaches returns it', detail }}>
      <h2>Images</h2>
      <ul class="images mono">
        {s.images.map((i) => (
          <li>{i}</li>
        ))}
      </ul>
    </BasicInfoSection>
  );
}
