// DescribeContainerGroups' filters and paging. Groups are ordered newest first by (creation
// time, creation order); a NextToken is the position of the last group of a page, so it stays
// valid however many groups are created or deleted between pages: the next page starts after
// that position, whether or not that group still exists.
import type { ContainerGroup } from './container-group.js';
import { invalid } from './errors.js';
import type { ListFilter } from './requests.js';

export interface Positioned {
  group: ContainerGroup;
  seq: number;
}

export function matches(group: ContainerGroup, filter: ListFilter): boolean {
  if (filter.ids && !filter.ids.includes(group.id)) return false;
  if (filter.name !== undefined && group.name !== filter.name) return false;
  if (filter.status !== undefined && group.status !== filter.status) return false;
  if (filter.zoneId !== undefined && group.zoneId !== filter.zoneId) return false;
  if (filter.vSwitchId !== undefined && group.vSwitchId !== filter.vSwitchId) return false;
  if (filter.resourceGroupId !== undefined && group.resourceGroupId !== filter.resourceGroupId) return false;
  if (filter.statusChangedSince !== undefined && group.statusTime < filter.statusChangedSince) return false;
  return (filter.tags ?? []).every((want) =>
    group.tags.some((t) => t.key === want.key && (want.value === undefined || want.value === '' || t.value === want.value)),
  );
}

/** Newest first. */
export function newestFirst(a: Positioned, b: Positioned): number {
  return b.group.creationTime - a.group.creationTime || b.seq - a.seq;
}

const TOKEN_VERSION = 'v1';

export function encodeToken(p: Positioned): string {
  return Buffer.from(`${TOKEN_VERSION}:${p.group.creationTime}:${p.seq}`).toString('base64url');
}

function decodeToken(token: string): { creationTime: number; seq: number } {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const m = /^v1:(\d{1,16}):(\d{1,15})$/.exec(text);
  if (!m) throw invalid('NextToken', token, 'use the NextToken of a previous answer, or none for the first page');
  return { creationTime: Number(m[1]), seq: Number(m[2]) };
}

/** One page of the sorted, filtered groups. */
export function page(sorted: readonly Positioned[], limit: number, nextToken?: string): { items: Positioned[]; nextToken?: string } {
  if (!Number.isInteger(limit) || limit < 1) throw invalid('Limit', limit, 'it must be a whole number of at least 1');
  let start = 0;
  if (nextToken !== undefined && nextToken !== '') {
    const after = decodeToken(nextToken);
    start = sorted.findIndex((p) => p.group.creationTime < after.creationTime || (p.group.creationTime === after.creationTime && p.seq < after.seq));
    if (start < 0) start = sorted.length;
  }
  const items = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return more ? { items, nextToken: encodeToken(items[items.length - 1]!) } : { items };
}
