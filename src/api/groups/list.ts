// The console's list of container groups: the emulator's groups of an account merged with the
// groups only their events know (ingested for pods the emulator never ran, or groups it has
// forgotten), filtered, sorted and paged. Pure functions, no web framework.
import { containerCondition, type ContainerGroup } from '../../emulator/index.js';
import type { GroupSummary, GroupsPage } from '../../contracts/index.js';
import type { Micros } from '../../model/event.js';
import { toRfc3339 } from '../../model/time.js';
import type { GroupEventSummary } from '../../store/index.js';

export const GROUP_SORTS = ['created', 'id', 'name', 'status', 'zone', 'warnings'] as const;
export type GroupSort = (typeof GROUP_SORTS)[number];

interface Row {
  item: GroupSummary;
  created?: Micros;
}

function row(group: ContainerGroup | undefined, events: GroupEventSummary | undefined): Row {
  const id = (group?.id ?? events?.containerGroupId)!;
  // The init containers first: while one is in trouble, the containers have not started.
  const condition = group && containerCondition([...group.initContainers, ...group.containers].map((c) => c.currentState));
  const item: GroupSummary = {
    containerGroupId: id,
    name: group?.name ?? events?.name ?? '',
    namespace: group?.namespace ?? events?.namespace ?? '',
    regionId: group?.regionId ?? '',
    ...(group ? { zoneId: group.zoneId } : {}),
    status: group?.status ?? '',
    ...(condition ? { condition } : {}),
    ...(group ? { creationTime: toRfc3339(group.creationTime) } : {}),
    warningCount: events?.warnings ?? 0,
    eventCount: events?.events ?? 0,
    ...(events ? { lastEventAt: toRfc3339(events.lastTimestamp) } : {}),
  };
  return { item, ...(group ? { created: group.creationTime } : {}) };
}

/** One group's list item (the emulator's, its events', or both). */
export function groupItem(group: ContainerGroup | undefined, events: GroupEventSummary | undefined): GroupSummary {
  return row(group, events).item;
}

export interface GroupQuery {
  /** Case-insensitive substring of the id or the name. */
  q?: string;
  status?: string;
  regionId?: string;
  sort: GroupSort;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

type Key = string | number | undefined;

const KEYS: Record<GroupSort, (r: Row) => Key> = {
  created: (r) => r.created,
  id: (r) => r.item.containerGroupId,
  name: (r) => r.item.name.toLowerCase(),
  status: (r) => r.item.status || undefined,
  zone: (r) => r.item.zoneId || undefined,
  warnings: (r) => r.item.warningCount,
};

/** Sorts by the key in the given order, then by id in that order; a missing key sorts last either way. */
function comparator(sort: GroupSort, order: 'asc' | 'desc'): (a: Row, b: Row) => number {
  const key = KEYS[sort];
  const dir = order === 'asc' ? 1 : -1;
  const cmp = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) => {
    const [ka, kb] = [key(a), key(b)];
    if (ka === undefined || kb === undefined) {
      if (ka !== kb) return ka === undefined ? 1 : -1;
    } else {
      const c = cmp(ka, kb);
      if (c !== 0) return c * dir;
    }
    return cmp(a.item.containerGroupId, b.item.containerGroupId) * dir;
  };
}

/** The page of the merged, filtered, sorted groups, and how many there are in all. */
export function listGroups(groups: readonly ContainerGroup[], summaries: readonly GroupEventSummary[], query: GroupQuery): GroupsPage {
  const byId = new Map(summaries.map((s) => [s.containerGroupId, s]));
  const rows = groups.map((g) => {
    const r = row(g, byId.get(g.id));
    byId.delete(g.id);
    return r;
  });
  for (const s of byId.values()) rows.push(row(undefined, s));

  const q = query.q?.toLowerCase();
  const kept = rows.filter(
    ({ item }) =>
      (!q || item.containerGroupId.toLowerCase().includes(q) || item.name.toLowerCase().includes(q)) &&
      (query.status === undefined || item.status === query.status) &&
      (query.regionId === undefined || item.regionId === query.regionId),
  );
  kept.sort(comparator(query.sort, query.order));
  return { total: kept.length, items: kept.slice(query.offset, query.offset + query.limit).map((r) => r.item) };
}
