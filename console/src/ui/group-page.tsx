// One container group: its Basic information and its Events (the seed's Events tab), as two tabs
// with their own addresses (/groups/ID and /groups/ID/events) so that either can be linked; above
// both, its Diagnosis: why it is not (or was not) running.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { formatTime } from '../lib/format.js';
import type { GroupPage } from '../lib/types.js';
import { DiagnosisPanel } from './diagnosis-panel.js';
import { EventsView } from './events-view.js';
import { useTitle } from './hooks.js';
import { ObjectHead, ObjectTabs, useLiveObject } from './object-page.js';
import { StatusBadge } from './resource-list.js';

export function GroupPageView({ id, tab }: { id: string; tab: 'info' | 'events' }) {
  useTitle(`${id} · ${tab === 'events' ? 'Events' : 'Basic information'}`);
  const state = useLiveObject<GroupPage>(id, api.group, (e) => e.containerGroupId === id);
  // The diagnosis is asked once the group is known (not of another account's id), and the panel
  // stays while a later read of the group fails.
  const [known, setKnown] = useState(false);
  useEffect(() => {
    if (state.data) setKnown(true);
  }, [state.data]);
  const s = state.data?.summary;
  return (
    <main id="main">
      <ObjectHead
        crumb={{ href: '/groups', label: 'Container groups' }}
        id={id}
        name={s?.name}
        counts={s}
        facts={
          s && (
            <>
              {s.status && <StatusBadge status={s.status} condition={s.condition} />}
              {s.regionId && (
                <span>
                  {s.regionId}
                  {s.zoneId ? ` / ${s.zoneId}` : ''}
                </span>
              )}
            </>
          )
        }
      />
      {state.error && (
        <p class="error" role="alert">
          {state.notFound ? `There is no container group ${id} in this account.` : state.error}
        </p>
      )}
      {!state.notFound && (
        <>
          {known && <DiagnosisPanel id={id} />}
          <ObjectTabs base={`/groups/${encodeURIComponent(id)}`} label="Container group" tab={tab} eventCount={s?.eventCount} />
          {tab === 'events' ? (
            <EventsView scope={{ containerGroupId: id }} of="this container group" idPrefix="gev" total={s?.eventCount} />
          ) : (
            <BasicInfo data={state.data} />
          )}
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
        <dd>{s.status ? `${s.status}${s.condition ? ` · ${s.condition}` : ''}` : '—'}</dd>
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
      {!detail && (
        <p class="muted">
          The emulator does not hold this container group (its events were reported for a pod it never ran, or it ended long ago, or the service restarted); its
          events remain.
        </p>
      )}
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
                  <th scope="col" class="num">
                    Restarts
                  </th>
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
