// One data cache: its Basic information and its Events (the events whose involved object is the
// cache: kind DataCache, named by its id, as src/emulator/data-caches/cache-events.ts records
// them), laid out as a container group's page. Its job's own events are on the job's page.
import { api } from '../lib/api.js';
import { LOADING_STATUSES } from '../lib/data-caches-query.js';
import { formatTime } from '../lib/format.js';
import type { DataCachePage } from '../lib/types.js';
import { sourceText } from './data-caches-page.js';
import { EventsView } from './events-view.js';
import { useTitle } from './hooks.js';
import { cacheSize } from './image-caches-page.js';
import { BasicInfoSection, ObjectHead, ObjectTabs, useLiveObject, type InfoRow } from './object-page.js';
import { StatusBadge } from './resource-list.js';
import { Link } from './router.js';

export function DataCachePageView({ id, tab }: { id: string; tab: 'info' | 'events' }) {
  useTitle(`${id} · ${tab === 'events' ? 'Events' : 'Basic information'}`);
  const state = useLiveObject<DataCachePage>(
    id,
    api.dataCache,
    (e) => e.involvedObject.kind === 'DataCache' && e.involvedObject.name === id,
    (d) => LOADING_STATUSES.includes(d.summary.status),
  );
  const s = state.data?.summary;
  return (
    <main id="main">
      <ObjectHead
        crumb={{ href: '/data-caches', label: 'Data caches' }}
        id={id}
        name={s?.name}
        counts={s}
        facts={
          s && (
            <>
              <StatusBadge status={s.status} />
              <span data-testid="progress">{s.progress}</span>
              <span>{s.regionId}</span>
            </>
          )
        }
      />
      {state.error && (
        <p class="error" role="alert">
          {state.notFound ? `There is no data cache ${id} in this account.` : state.error}
        </p>
      )}
      {!state.notFound && (
        <>
          <ObjectTabs base={`/data-caches/${encodeURIComponent(id)}`} label="Data cache" tab={tab} eventCount={s?.eventCount} />
          {tab === 'events' ? (
            <EventsView scope={{ kind: 'DataCache', name: id }} of="this data cache" idPrefix="dcev" total={s?.eventCount} />
          ) : (
            <BasicInfo data={state.data} />
          )}
        </>
      )}
    </main>
  );
}

function BasicInfo({ data }: { data: DataCachePage | undefined }) {
  if (!data) return <p aria-busy="true">Loading…</p>;
  const { summary: s, detail } = data;
  const rows: InfoRow[] = [
    ['Data cache ID', s.dataCacheId, true],
    ['Name', s.name || '—'],
    ['Status', <StatusBadge status={s.status} />],
    ['Progress', s.progress],
    ['Region', s.regionId],
    ['Bucket', s.bucket, true],
    ['Path', s.path, true],
    ['Source', sourceText(s), true],
    ['Size', cacheSize(s)],
    ['Snapshot', s.snapshotId ?? '—', true],
    ['Created', formatTime(s.creationTime)],
    ['Expires', formatTime(s.expireTime) || 'Kept until deleted'],
    ['Last matched', formatTime(s.lastMatchedTime) || '—'],
    ['Last event', formatTime(s.lastEventAt) || '—'],
    [
      'Loaded by',
      s.containerGroupId ? (
        <Link href={`/groups/${encodeURIComponent(s.containerGroupId)}`} class="mono">
          {s.containerGroupId}
        </Link>
      ) : s.copiedFrom ? (
        <>
          a copy of <span class="mono">{s.copiedFrom}</span>
        </>
      ) : (
        'No job yet'
      ),
    ],
  ];
  return <BasicInfoSection rows={rows} raw={{ label: 'The cache as DescribeDataCaches returns it', detail }} />;
}
