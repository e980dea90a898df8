// The Events filters (type, reasons, free text, time range): kept in the page's URL so that a
// filtered view can be linked and survives a reload, turned into the API's query, and applied to
// live changes so that an event arriving on the stream shows only where it belongs.
import { formatTime } from './format.js';
import type { EventJson } from './types.js';

export type EventTypeFilter = '' | 'Normal' | 'Warning';

/** Preset ranges, relative to the service's clock (which may be virtual), and "custom" (from/to). */
export const RANGES = [
  { key: '', label: 'All time', seconds: 0 },
  { key: '15m', label: 'Last 15 minutes', seconds: 900 },
  { key: '1h', label: 'Last hour', seconds: 3600 },
  { key: '6h', label: 'Last 6 hours', seconds: 6 * 3600 },
  { key: '24h', label: 'Last 24 hours', seconds: 86_400 },
  { key: '7d', label: 'Last 7 days', seconds: 7 * 86_400 },
  { key: 'custom', label: 'Custom range', seconds: 0 },
] as const;
export type RangeKey = (typeof RANGES)[number]['key'];

export interface EventFilters {
  type: EventTypeFilter;
  reasons: string[];
  q: string;
  range: RangeKey;
  /** RFC 3339, custom range only. */
  from: string;
  to: string;
}

export const NO_FILTERS: EventFilters = { type: '', reasons: [], q: '', range: '', from: '', to: '' };

export function parseFilters(search: URLSearchParams): EventFilters {
  const type = search.get('type');
  const range = search.get('range') ?? '';
  return {
    type: type === 'Normal' || type === 'Warning' ? type : '',
    reasons: splitList(search.get('reason')),
    q: search.get('q') ?? '',
    range: (RANGES.some((r) => r.key === range) ? range : '') as RangeKey,
    from: range === 'custom' ? (search.get('from') ?? '') : '',
    to: range === 'custom' ? (search.get('to') ?? '') : '',
  };
}

/** The filters as URL parameters (only those set), merged into `base` (other parameters kept). */
export function filtersToSearch(f: EventFilters, base = new URLSearchParams()): URLSearchParams {
  const s = new URLSearchParams(base);
  for (const k of ['type', 'reason', 'q', 'range', 'from', 'to']) s.delete(k);
  if (f.type) s.set('type', f.type);
  if (f.reasons.length) s.set('reason', f.reasons.join(','));
  if (f.q.trim()) s.set('q', f.q.trim());
  if (f.range) s.set('range', f.range);
  if (f.range === 'custom') {
    if (f.from) s.set('from', f.from);
    if (f.to) s.set('to', f.to);
  }
  return s;
}

export function isFiltered(f: EventFilters): boolean {
  return Boolean(f.type || f.reasons.length || f.q.trim() || f.range);
}

export interface TimeBounds {
  from?: string;
  to?: string;
}

/** The range as absolute times; a preset counts back from `nowMs`, the service's clock. */
export function timeBounds(f: EventFilters, nowMs: number): TimeBounds {
  if (f.range === 'custom') return { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) };
  const preset = RANGES.find((r) => r.key === f.range);
  if (!preset || !preset.seconds) return {};
  return { from: new Date(nowMs - preset.seconds * 1000).toISOString() };
}

/** What a custom range open at its start covers: the day before its end. */
export const CHART_DEFAULT_SECONDS = 86_400;

/**
 * The chart's range. A preset counts back from a second past the service's clock (so that what
 * happened at its very moment is counted: the range is half-open); a custom range is as given, an
 * open end closed the same way. Without a range (All time) there are no bounds: the service fits
 * the range to the events (the shortest preset that holds them), and fittedLabel() names it.
 */
export function chartBounds(f: EventFilters, nowMs: number): { from?: string; to?: string; label?: string } {
  const end = Math.floor(nowMs / 1000) * 1000 + 1000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  if (f.range === 'custom') {
    const to = f.to || iso(end);
    return { from: f.from || iso(Date.parse(to) - CHART_DEFAULT_SECONDS * 1000), to, label: 'the chosen range' };
  }
  const preset = RANGES.find((r) => r.key === f.range && r.seconds);
  if (!preset) return {};
  return { from: iso(end - preset.seconds * 1000), to: iso(end), label: preset.label.toLowerCase() };
}

/** The range the service fitted to the events: a preset's name, or since when. */
export function fittedLabel(range: { from: string; to: string }): string {
  const seconds = (Date.parse(range.to) - Date.parse(range.from)) / 1000;
  const preset = RANGES.find((r) => r.seconds === seconds);
  return preset ? `${preset.label.toLowerCase()}, fitted to the events` : `since ${formatTime(range.from)}, fitted to the events`;
}

/**
 * Whose events a list shows: one container group's (its Events tab), one object's by its kind and
 * name (an image cache's Events tab: kind ImageCache), or, empty, every event of the account.
 */
export interface EventScope {
  containerGroupId?: string;
  kind?: string;
  name?: string;
}

/** The query parameters of GET /v1/events and /v1/events/histogram for these filters. */
export function apiParams(f: EventFilters, bounds: TimeBounds, scope: EventScope = {}): Record<string, string> {
  const p: Record<string, string> = {};
  if (scope.containerGroupId) p.containerGroupId = scope.containerGroupId;
  if (scope.kind) p.kind = scope.kind;
  if (scope.name) p.name = scope.name;
  if (f.type) p.type = f.type;
  if (f.reasons.length) p.reason = f.reasons.join(',');
  if (f.q.trim()) p.q = f.q.trim();
  if (bounds.from) p.from = bounds.from;
  if (bounds.to) p.to = bounds.to;
  return p;
}

/**
 * Whether an event (one from the change stream) belongs in a list with these filters, as the
 * service decides it for GET /v1/events: the same group or involved object, type and reason; the free text found
 * (case-insensitive) in its reason or message; its last occurrence at or after `from` and
 * before `to`.
 */
export function matchesFilters(e: EventJson, f: EventFilters, bounds: TimeBounds, scope: EventScope = {}): boolean {
  if (scope.containerGroupId && e.containerGroupId !== scope.containerGroupId) return false;
  if (scope.kind && e.involvedObject.kind !== scope.kind) return false;
  if (scope.name && e.involvedObject.name !== scope.name) return false;
  if (f.type && e.type !== f.type) return false;
  if (f.reasons.length && !f.reasons.includes(e.reason)) return false;
  const q = f.q.trim().toLowerCase();
  if (q && !e.reason.toLowerCase().includes(q) && !e.message.toLowerCase().includes(q)) return false;
  const last = Date.parse(e.lastTimestamp);
  if (bounds.from && last < Date.parse(bounds.from)) return false;
  if (bounds.to && last >= Date.parse(bounds.to)) return false;
  return true;
}

export function splitList(v: string | null | undefined): string[] {
  if (!v) return [];
  return [
    ...new Set(
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
