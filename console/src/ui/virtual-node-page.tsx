// One virtual node: its Basic information and its Events (kind Node, named by its name in the
// cluster, kept on the instance that runs its virtual kubelet, as
// src/emulator/virtual-nodes/node-events.ts records them), laid out as a container group's page.
import { api } from '../lib/api.js';
import { formatTime } from '../lib/format.js';
import type { VirtualNodePage } from '../lib/types.js';
import { EventsView } from './events-view.js';
import { useTitle } from './hooks.js';
import { BasicInfoSection, ObjectHead, ObjectTabs, useLiveObject, type InfoRow } from './object-page.js';
import { StatusBadge } from './resource-list.js';
import { Link } from './router.js';
import { capacityText } from './virtual-nodes-page.js';

export function VirtualNodePageView({ id, tab }: { id: string; tab: 'info' | 'events' }) {
  useTitle(`${id} · ${tab === 'events' ? 'Events' : 'Basic information'}`);
  const state = useLiveObject<VirtualNodePage>(id, api.virtualNode, (e) => e.involvedObject.kind === 'Node' && e.involvedObject.uid === id);
  const s = state.data?.summary;
  return (
    <main id="main">
      <ObjectHead
        crumb={{ href: '/virtual-nodes', label: 'Virtual nodes' }}
        id={id}
        name={s?.name}
        counts={s}
        facts={
          s && (
            <>
              <StatusBadge status={s.status} />
              <span>
                {s.regionId} / {s.zoneId}
              </span>
            </>
          )
        }
      />
      {state.error && (
        <p class="error" role="alert">
          {state.notFound ? `There is no virtual node ${id} in this account.` : state.error}
        </p>
      )}
      {!state.notFound && (
        <>
          <ObjectTabs base={`/virtual-nodes/${encodeURIComponent(id)}`} label="Virtual node" tab={tab} eventCount={s?.eventCount} />
          {tab === 'events' ? (
            s ? (
              <EventsView
                scope={{ kind: 'Node', name: s.name, containerGroupId: s.eciInstanceId }}
                of="this virtual node"
                idPrefix="vnev"
                total={s.eventCount}
              />
            ) : (
              <p aria-busy="true">Loading…</p>
            )
          ) : (
            <BasicInfo data={state.data} />
          )}
        </>
      )}
    </main>
  );
}

function BasicInfo({ data }: { data: VirtualNodePage | undefined }) {
  if (!data) return <p aria-busy="true">Loading…</p>;
  const { summary: s, detail } = data;
  const custom = Object.entries(s.capacity.custom).map(([k, v]) => `${k}=${v}`);
  const rows: InfoRow[] = [
    ['Virtual node ID', s.virtualNodeId, true],
    ['Name in the cluster', s.name, true],
    ['Status', <StatusBadge status={s.status} />],
    ['Region / zone', `${s.regionId} / ${s.zoneId}`],
    ['VPC / vSwitch', `${s.vpcId} / ${s.vSwitchId}`, true],
    ['Security group', s.securityGroupId, true],
    ['Private IP', s.intranetIp || '—', true],
    ['Public IP', s.internetIp || '—', true],
    ['API server', s.apiServer ?? 'Not registered', true],
    ['Capacity', capacityText(s.capacity)],
    ['Custom resources', custom.length ? custom.join(', ') : '—', true],
    ['Taints', s.taints.length ? s.taints.map((t) => `${t.key}=${t.value}:${t.effect}`).join(', ') : '—', true],
    ['Created', formatTime(s.creationTime)],
    ['Last event', formatTime(s.lastEventAt) || '—'],
    [
      'Virtual kubelet on',
      <Link href={`/groups/${encodeURIComponent(s.eciInstanceId)}`} class="mono">
        {s.eciInstanceId}
      </Link>,
    ],
  ];
  return <BasicInfoSection rows={rows} raw={{ label: 'The node as DescribeVirtualNodes returns it', detail }} />;
}
