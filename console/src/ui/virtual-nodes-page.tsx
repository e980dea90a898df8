// Virtual nodes: the account's nodes in every region, newest first, with their status, name in
// the cluster, zone, address, capacity and event counts; searchable, filtered by status and
// region, paged by the service's cursor. Each step of a node (its instance created, registered or
// failed) records an event of kind Node, so the stream moves the statuses.
import { api } from '../lib/api.js';
import { formatTime } from '../lib/format.js';
import type { VirtualNodeSummary } from '../lib/types.js';
import { parseVirtualNodesQuery, VIRTUAL_NODE_STATUSES } from '../lib/virtual-nodes-query.js';
import { useTitle } from './hooks.js';
import { EventCountsCell, ListFilters, ListFrame, StatusBadge, useLiveList } from './resource-list.js';
import { Link } from './router.js';

const PAGE = 50;

/** "16 vCPU · 64 GiB · 128 pods": what the node offers the cluster. */
export function capacityText(c: VirtualNodeSummary['capacity']): string {
  return `${c.cpu} vCPU · ${c.memoryGiB} GiB · ${c.pods} pods`;
}

export function VirtualNodesPageView() {
  useTitle('Virtual nodes');
  const list = useLiveList<VirtualNodeSummary>({ parse: parseVirtualNodesQuery, load: api.virtualNodes, kind: 'Node', pageSize: PAGE });
  return (
    <main id="main">
      <div class="page-head">
        <h1>Virtual nodes</h1>
        <p class="muted">Made with CreateVirtualNode (the SDK, or eci-events virtual-nodes create), in every region of this account.</p>
      </div>
      <ListFilters
        idPrefix="vnodes"
        label="Find virtual nodes"
        placeholder="ID, name or address"
        statuses={VIRTUAL_NODE_STATUSES}
        query={list.query}
        set={list.set}
      />
      <ListFrame list={list} noun={['virtual node', 'virtual nodes']}>
        <table class="groups virtual-nodes" aria-busy={list.loading}>
          <caption class="sr-only">Virtual nodes, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Virtual node ID</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Zone</th>
              <th scope="col">Private IP</th>
              <th scope="col">Capacity</th>
              <th scope="col">Created</th>
              <th scope="col" class="num">
                Events
              </th>
            </tr>
          </thead>
          <tbody>
            {list.page?.items.map((n) => (
              <NodeRow key={n.virtualNodeId} n={n} />
            ))}
          </tbody>
        </table>
      </ListFrame>
    </main>
  );
}

function NodeRow({ n }: { n: VirtualNodeSummary }) {
  const href = `/virtual-nodes/${encodeURIComponent(n.virtualNodeId)}`;
  return (
    <tr data-node={n.virtualNodeId} class={n.warningCount ? 'has-warnings' : ''}>
      <td data-label="ID">
        <Link href={href} class="mono">
          {n.virtualNodeId}
        </Link>
      </td>
      <td data-label="Name" class="mono">
        {n.name}
      </td>
      <td data-label="Status">
        <StatusBadge status={n.status} />
      </td>
      <td data-label="Zone">{n.zoneId}</td>
      <td data-label="Private IP" class="mono">
        {n.intranetIp || '—'}
      </td>
      <td data-label="Capacity">{capacityText(n.capacity)}</td>
      <td data-label="Created">{formatTime(n.creationTime)}</td>
      <EventCountsCell href={href} id={n.virtualNodeId} eventCount={n.eventCount} warningCount={n.warningCount} />
    </tr>
  );
}
