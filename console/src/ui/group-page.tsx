// One container group: its Basic information and its Events (the seed's Events tab), as two tabs
// with their own addresses (/groups/ID and /groups/ID/events) so that either can be linked.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api.js';
import { formatCount, formatTime } from '../lib/format.js';
import type { GroupPage } from '../lib/types.js';
import { errorText, EventsView } from './events-view.js';
import { WarningIcon } from './icons.js';
import { useLiveChanges, useLiveReset, useThrottle, useTitle } from './hooks.js';
import { Link } from './router.js';

export function GroupPageView({ id, tab }: { id: string; tab: 'info' | 'events' }) {
  useTitle(`${id} · ${tab === 'events' ? 'Events' : 'Basic information'}`);
  const [state, setState] = useState<{ data: GroupPage | undefined; error: string | undefined; notFound: boolean }>({ data: undefined, error: undefined, notFound: false });
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    api.group(id, abort.signal).then(
      (data) => setState({ data, error: undefined, notFound: false }),
      (err) => {
        if (abort.signal.aborted) return;
        setState({ data: undefined, error: errorText(err), notFound: err instanceof ApiError && err.status === 404 });
      },
    );
    return () => abort.abort();
  }, [id, reload]);
  // The header's counts and status follow the stream (at most one refresh a second).
  const refresh = useThrottle(() => setReload((n) => n + 1), 1000);
  useLiveChanges((batch) => {
    if (batch.some((e) => e.containerGroupId === id)) refresh();
  });
  useLiveReset(() => refresh());

  const s = state.data?.summary;
  const base = `/groups/${encodeURIComponent(id)}`;
  return (
    <main id="main">
      <nav class="crumbs" aria-label="Breadcrumb">
        <Link href="/groups">Container groups</Link> <span aria-hidden="true">/</span> <span class="mono">{id}</span>
      </nav>
      <div class="page-head group-head">
        <h1>
          {s?.name ?? id}
          {s && <span class="mono sub"> {id}</span>}
        </h1>
        {s && (
          <p class="facts">
            {s.status && <span class={`status status-${s.status}`}>{s.status}</span>}
            {s.regionId && (
              <span>
                {s.regionId}
                {s.zoneId ? ` / ${s.zoneId}` : ''}
              </span>
            )}
            <span class="event-total">
              <strong data-testid="event-count">{formatCount(s.eventCount)}</strong> {s.eventCount === 1 ? 'event' : 'events'}
            </span>
            <span class={s.warningCount ? 'warn-count' : ''}>
              {s.warningCount ? <WarningIcon /> : null}
              <strong data-testid="warning-count">{formatCount(s.warningCount)}</strong> Warning
            </span>
          </p>
        )}
      </div>
      {state.error && (
        <p class="error" role="alert">
          {state.notFound ? `There is no container group ${id} in this account.` : state.error}
        </p>
      )}
      {!state.notFound && (
        <>
          <nav class="tabs" aria-label="Container group">
            <Link href={base} aria-current={tab === 'info' ? 'page' : undefined} class="tab">
              Basic information
            </Link>
            <Link href={`${base}/events`} aria-current={tab === 'events' ? 'page' : undefined} class="tab">
              Events{s ? ` (${formatCount(s.eventCount)})` : ''}
            </Link>
          </nav>
          {tab === 'events' ? <EventsView containerGroupId={id} total={s?.eventCount} /> : <BasicInfo data={state.data} />}
        </>
      )}
    </main>
  );
}

const DETAIL_FIELDS: [string, string][] = [
  ['ContainerGroupId', 'Container group ID'],
  ['ContainerGroupName', 'Name'],
  ['Status', 'Status'],
  ['RegionId', 'Region'],
  ['ZoneId', 'Zone'],
  ['InstanceType', 'Instance type'],
  ['Cpu', 'vCPUs'],
  ['Memory', 'Memory (GiB)'],
  ['SpotStrategy', 'Spot strategy'],
  ['RestartPolicy', 'Restart policy'],
  ['IntranetIp', 'Private IP'],
  ['InternetIp', 'Public IP'],
  ['VpcId', 'VPC'],
  ['VSwitchId', 'vSwitch'],
  ['SecurityGroupId', 'Security group'],
  ['CreationTime', 'Created'],
  ['SucceededTime', 'Succeeded'],
  ['ExpiredTime', 'Expired'],
  ['FailedTime', 'Failed'],
  ['Discount', 'Discount'],
];

function BasicInfo({ data }: { data: GroupPage | undefined }) {
  if (!data) return <p aria-busy="true">Loading…</p>;
  const { summary: s, detail } = data;
  const containers = (detail?.Containers as Record<string, unknown>[] | undefined) ?? [];
  return (
    <section aria-labelledby="basic-title" class="basic">
      <h2 id="basic-title">Basic information</h2>
      <dl class="kv wide">
        <dt>Container group ID</dt>
        <dd class="mono">{s.containerGroupId}</dd>
        <dt>Name</dt>
        <dd>{s.name}</dd>
        <dt>Namespace</dt>
        <dd>{s.namespace ?? 'default'}</dd>
        <dt>Status</dt>
        <dd>{s.status || '—'}</dd>
        <dt>Region / zone</dt>
        <dd>
          {s.regionId || '—'} / {s.zoneId ?? '—'}
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(s.creationTime) || '—'}</dd>
        <dt>Last event</dt>
        <dd>{formatTime(s.lastEventAt) || '—'}</dd>
        {detail &&
          DETAIL_FIELDS.filter(([k]) => !['ContainerGroupId', 'ContainerGroupName', 'Status', 'RegionId', 'ZoneId', 'CreationTime'].includes(k))
            .filter(([k]) => detail[k] !== undefined && detail[k] !== null && detail[k] !== '')
            .map(([k, label]) => (
              <>
                <dt>{label}</dt>
                <dd class={/Id$|Ip$/.test(k) ? 'mono' : ''}>{/Time$/.test(k) ? formatTime(String(detail[k])) : String(detail[k])}</dd>
              </>
            ))}
      </dl>
      {!detail && <p class="muted">The emulator does not hold this container group (its events were reported for a pod it never ran, or it ended long ago, or the service restarted); its events remain.</p>}
      {containers.length > 0 && (
        <>
          <h2>Containers</h2>
          <div class="table-wrap">
            <table class="containers">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Image</th>
                  <th scope="col">State</th>
                  <th scope="col" class="num">Restarts</th>
                  <th scope="col">Ready</th>
                </tr>
              </thead>
              <tbody>
                {containers.map((c) => {
                  const cur = c.CurrentState as Record<string, unknown> | undefined;
                  return (
                    <tr>
                      <td data-label="Name">{String(c.Name ?? '')}</td>
                      <td data-label="Image" class="mono">
                        {String(c.Image ?? '')}
                      </td>
                      <td data-label="State">{String(cur?.State ?? '—')}</td>
                      <td data-label="Restarts" class="num">
                        {String(c.RestartCount ?? 0)}
                      </td>
                      <td data-label="Ready">{c.Ready === true ? 'Yes' : c.Ready === false ? 'No' : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {detail && (
        <details class="raw-detail">
          <summary>The group as DescribeContainerGroups returns it</summary>
          <pre class="json" tabIndex={0}>
            {JSON.stringify(detail, null, 2)}
          </pre>
        </details>
      )}
    </section>
  );
}
