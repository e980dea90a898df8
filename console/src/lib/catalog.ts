// The event catalog as the console shows it: grouped and titled as in the ECI documentation's
// tables, searchable, and matched to an event (by reason, and by message template when a reason
// has several rows) to explain what the event means and what to do.
import type { CatalogRow, EventJson } from './types.js';

/** The seed's groups in its order, with its titles. */
export const CATALOG_SECTIONS = [
  { group: 'ContainerGroup', title: 'ECI instance (ContainerGroup) events' },
  { group: 'ImageCache', title: 'Image cache (ImageCache) events' },
  { group: 'DataCache', title: 'Data cache events' },
  { group: 'VirtualNode', title: 'Virtual node events' },
  { group: 'Resource', title: 'Other resource-related events' },
  { group: 'SystemOM', title: 'System O&M events' },
] as const;

export interface CatalogSection {
  group: string;
  title: string;
  rows: CatalogRow[];
}

/** Rows split into the seed's sections (in its order); groups the seed does not have come after. */
export function sectionRows(rows: readonly CatalogRow[]): CatalogSection[] {
  const sections: CatalogSection[] = CATALOG_SECTIONS.map((s) => ({ ...s, rows: [] }));
  for (const row of rows) {
    let s = sections.find((x) => x.group === row.group);
    if (!s) {
      s = { group: row.group, title: row.group === 'K8sAgent' ? 'Kubernetes agent (K8sAgent) events' : `${row.group} events`, rows: [] };
      sections.push(s);
    }
    s.rows.push(row);
  }
  return sections;
}

/** Rows whose reason, type, message, description, group or resource module contain every word of `q`. */
export function searchCatalog(rows: readonly CatalogRow[], q: string): CatalogRow[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...rows];
  return rows.filter((r) => {
    const hay = [r.reason, r.type, r.message, r.description, r.group, r.resource ?? ''].join('\n').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

const templateCache = new Map<string, RegExp>();

/** A template's `%s` slots as wildcards; the aggregation prefix of combined events allowed. */
export function templateRegExp(template: string): RegExp {
  let re = templateCache.get(template);
  if (!re) {
    const body = template
      .split('%s')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\S]*');
    re = new RegExp(`^(?:\\(combined from similar events\\): )?${body}$`);
    templateCache.set(template, re);
  }
  return re;
}

/** The catalog row behind an event: the only row of its reason, or the one whose template its message fits. */
export function rowForEvent(rows: readonly CatalogRow[], e: Pick<EventJson, 'reason' | 'message'>): CatalogRow | undefined {
  const candidates = rows.filter((r) => r.reason === e.reason);
  if (candidates.length <= 1) return candidates[0];
  // The template with the most literal text that fits is the most specific one.
  const fits = candidates.filter((r) => templateRegExp(r.message).test(e.message));
  fits.sort((a, b) => b.message.replace(/%s/g, '').length - a.message.replace(/%s/g, '').length);
  return fits[0] ?? candidates[0];
}

/** Every reason of the catalog, once, sorted: the choices of the reason filter. */
export function catalogReasons(rows: readonly CatalogRow[]): string[] {
  return [...new Set(rows.map((r) => r.reason))].sort((a, b) => a.localeCompare(b));
}
