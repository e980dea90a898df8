// How long groups in a final state stay visible, as ECI documents it (reference/eci-api.md §2):
// everything for 1 hour after the final state, then only the latest 100 per region.
import type { Micros } from '../model/event.js';
import { FINAL_STATUSES, type ContainerGroup, type GroupStatus } from './container-group.js';

export interface RetentionPolicy {
  /** Final-state groups younger than this are always kept. */
  keepFor: Micros;
  /** Of the older final-state groups, this many of the latest are kept per account and region. */
  keepLatest: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepFor: 3600 * 1_000_000, keepLatest: 100 };

/** ScheduleFailed is final too as far as keeping it goes: nothing more happens to it. */
const ENDED: ReadonlySet<GroupStatus> = new Set([...FINAL_STATUSES, 'ScheduleFailed']);

function endedAt(g: ContainerGroup): Micros {
  return g.succeededTime ?? g.failedTime ?? g.statusTime;
}

/** The ids of groups past retention. */
export function expiredGroups(groups: Iterable<ContainerGroup>, now: Micros, policy: RetentionPolicy): string[] {
  const old = new Map<string, ContainerGroup[]>();
  for (const g of groups) {
    if (!ENDED.has(g.status) || now - endedAt(g) < policy.keepFor) continue;
    const key = `${g.account}\u0000${g.regionId}`;
    const list = old.get(key) ?? [];
    list.push(g);
    old.set(key, list);
  }
  const out: string[] = [];
  for (const list of old.values()) {
    list.sort((a, b) => endedAt(b) - endedAt(a) || b.creationTime - a.creationTime);
    out.push(...list.slice(policy.keepLatest).map((g) => g.id));
  }
  return out;
}
