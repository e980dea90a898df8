// An events list with its filters, for one group or one image cache (their Events tabs) or for all
// of them (the Events page, with the chart). Pages of 100 come by cursor (`before`), newest first, so a group with
// 100,000 events opens as fast as one with ten; the live stream merges new events and count
// changes into what is loaded, without reloading.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, serviceNow } from '../lib/api.js';
import { catalogReasons } from '../lib/catalog.js';
import { appendPage, capList, mergeEvents } from '../lib/events-list.js';
import {
  apiParams,
  chartBounds,
  fittedLabel,
  filtersToSearch,
  isFiltered,
  matchesFilters,
  parseFilters,
  timeBounds,
  type EventFilters,
  type EventScope,
  type TimeBounds,
} from '../lib/filters.js';
import { describeTimeZone, formatCount } from '../lib/format.js';
import type { EventJson, Histogram } from '../lib/types.js';
import { EventsChart } from './chart.js';
import { EventTable } from './event-table.js';
import { Filters } from './filters.js';
import { useFresh, useLiveChanges, useLiveReset, useThrottle } from './hooks.js';
import { setSearch, useLocation } from './router.js';
import { useCatalog } from './use-catalog.js';

export const PAGE_SIZE = 100;

interface ListState {
  items: EventJson[];
  next: string | undefined;
  loading: boolean;
  loadingMore: boolean;
  error: string | undefined;
  /** Live changes made the list let its oldest rows go: older pages need a reload. */
  trimmed: boolean;
}

interface Props {
  /** Whose events (none: every event of the account, with a column naming each one's group). */
  scope?: EventScope;
  /** What the scope is, for the empty list and the table's caption: "this container group". */
  of?: string;
  /** Prefix of the filters' element ids, one per kind of page. */
  idPrefix?: string;
  /** Events of the scope in all (from its summary), shown beside what is loaded when unfiltered. */
  total?: number;
  chart?: boolean;
}

const EVERY: EventScope = {};

export function EventsView({ scope = EVERY, of = 'any container group', idPrefix = 'ev', total, chart = false }: Props) {
  const scoped = Boolean(scope.containerGroupId || scope.kind || scope.name);
  const scopeKey = `${scope.containerGroupId ?? ''}|${scope.kind ?? ''}|${scope.name ?? ''}`;
  const loc = useLocation();
  const filters = useMemo(() => parseFilters(loc.search), [loc.search.toString()]);
  const filterKey = filtersToSearch(filters).toString();
  const catalog = useCatalog();
  const reasons = useMemo(() => catalogReasons(catalog.rows), [catalog.rows]);
  const [state, setState] = useState<ListState>({ items: [], next: undefined, loading: true, loadingMore: false, error: undefined, trimmed: false });
  const [histogram, setHistogram] = useState<{ data: Histogram | undefined; loading: boolean; label?: string }>({ data: undefined, loading: chart });
  const [fresh, markFresh] = useFresh();
  const [announce, setAnnounce] = useState('');
  const [reload, setReload] = useState(0);
  const ctx = useRef<{ bounds: TimeBounds; params: Record<string, string>; loaded: boolean; buffer: EventJson[]; generation: number }>({
    bounds: {},
    params: {},
    loaded: false,
    buffer: [],
    generation: 0,
  });

  const onFilters = (f: EventFilters) => setSearch(filtersToSearch(f, loc.search));

  // The first page, whenever the group or the filters change.
  useEffect(() => {
    const c = ctx.current;
    const generation = ++c.generation;
    c.loaded = false;
    c.buffer = [];
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    (async () => {
      const bounds = timeBounds(filters, filters.range && filters.range !== 'custom' ? await serviceNow() : Date.now());
      const params = apiParams(filters, bounds, scope);
      if (generation !== c.generation) return;
      c.bounds = bounds;
      c.params = params;
      if (chart) void loadHistogram(abort.signal);
      const page = await api.events({ ...params, limit: String(PAGE_SIZE) }, abort.signal);
      if (generation !== c.generation) return;
      const complete = !page.next;
      const merged = mergeEvents(page.items, c.buffer, complete);
      c.loaded = true;
      c.buffer = [];
      setState({ items: merged.items, next: page.next ?? undefined, loading: false, loadingMore: false, error: undefined, trimmed: false });
    })().catch((err: unknown) => {
      if (abort.signal.aborted || generation !== c.generation) return;
      setState({ items: [], next: undefined, loading: false, loadingMore: false, error: errorText(err), trimmed: false });
    });
    return () => abort.abort();
  }, [scopeKey, filterKey, reload]);

  // The chart asks the service's clock each time, so that it follows a virtual clock too.
  const loadHistogram = async (signal?: AbortSignal) => {
    const generation = ctx.current.generation;
    setHistogram((h) => ({ ...h, loading: true }));
    try {
      const range = chartBounds(filters, await serviceNow());
      const bounds: Record<string, string> = range.from !== undefined && range.to !== undefined ? { from: range.from, to: range.to } : {};
      const params = { ...apiParams({ ...filters, range: '' }, {}, scope), ...bounds, buckets: '60' };
      const data = await api.histogram(params, signal);
      if (generation === ctx.current.generation) setHistogram({ data, loading: false, label: range.label ?? fittedLabel(data) });
    } catch {
      if (!signal?.aborted) setHistogram((h) => ({ ...h, loading: false }));
    }
  };
  const refreshHistogram = useThrottle(() => void loadHistogram(), 1000);

  // Changes were lost to retention before the stream sent them: load the list afresh.
  useLiveReset(() => setReload((n) => n + 1));
  useLiveChanges((batch) => {
    const c = ctx.current;
    const mine = batch.filter((e) => matchesFilters(e, filters, c.bounds, scope));
    if (!mine.length) return;
    if (chart) refreshHistogram();
    if (!c.loaded) {
      c.buffer.push(...mine);
      return;
    }
    setState((s) => {
      const r = mergeEvents(s.items, mine, !s.next);
      if (r.added.length || r.updated.length) {
        markFresh([...r.added, ...r.updated]);
        setAnnounce(liveMessage(r.added.length, r.updated.length));
      }
      if (r.items === s.items) return s;
      const capped = capList(r.items);
      return capped.trimmed ? { ...s, items: capped.items, next: undefined, trimmed: true } : { ...s, items: r.items };
    });
  });

  const loadMore = async () => {
    if (!state.next || state.loadingMore) return;
    const generation = ctx.current.generation;
    setState((s) => ({ ...s, loadingMore: true }));
    try {
      const page = await api.events({ ...ctx.current.params, before: state.next, limit: String(PAGE_SIZE) });
      if (generation !== ctx.current.generation) return;
      setState((s) => ({ ...s, items: appendPage(s.items, page.items), next: page.next ?? undefined, loadingMore: false }));
    } catch (err) {
      setState((s) => ({ ...s, loadingMore: false, error: errorText(err) }));
    }
  };

  const filtered = isFiltered(filters);
  const where = of;
  return (
    <section class="events-view" aria-label="Events">
      <Filters value={filters} reasons={reasons} onChange={onFilters} idPrefix={idPrefix} />
      {chart && <EventsChart data={histogram.data} loading={histogram.loading} label={histogram.label} />}
      <div class="list-status">
        <p class="count-line" aria-live="polite" id="events-count">
          {state.loading ? 'Loading events…' : countText(state.items.length, Boolean(state.next), filtered, total)}
        </p>
        <p class="muted tz">Times in {describeTimeZone()}</p>
      </div>
      <p class="sr-only" aria-live="polite">
        {announce}
      </p>
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
      {!state.loading && !state.error && state.items.length === 0 ? (
        <p class="empty">{filtered ? `No event of ${where} matches these filters.` : `No events for ${where} yet.`} New ones appear here as they happen.</p>
      ) : (
        <EventTable items={state.items} catalog={catalog.rows} showGroup={!scoped} fresh={fresh} caption={`Events of ${where}, newest first`} />
      )}
      {state.trimmed && (
        <p class="more">
          So many events arrived that the oldest loaded ones were let go to keep this page fast.{' '}
          <button type="button" class="secondary" onClick={() => setReload((n) => n + 1)}>
            Reload the list
          </button>
        </p>
      )}
      {state.next && (
        <p class="more">
          <button type="button" onClick={loadMore} disabled={state.loadingMore}>
            {state.loadingMore ? 'Loading…' : `Load ${PAGE_SIZE} older events`}
          </button>
        </p>
      )}
    </section>
  );
}

/** "100 of 100,007 events", "100+ events match the filters", "3 events". */
function countText(shown: number, more: boolean, filtered: boolean, total: number | undefined) {
  const noun = (n: number, plus = false) => (n === 1 && !plus ? 'event' : 'events');
  if (!filtered && total !== undefined && total >= shown) {
    return (
      <>
        <strong>{formatCount(shown)}</strong> of <strong>{formatCount(total)}</strong> {noun(total)} · newest first
      </>
    );
  }
  return (
    <>
      <strong>
        {formatCount(shown)}
        {more ? '+' : ''}
      </strong>{' '}
      {noun(shown, more)}
      {filtered ? (shown === 1 && !more ? ' matches the filters' : ' match the filters') : ''} · newest first
    </>
  );
}

function liveMessage(added: number, updated: number): string {
  const parts = [];
  if (added) parts.push(`${added} new ${added === 1 ? 'event' : 'events'}`);
  if (updated) parts.push(`${updated} ${updated === 1 ? 'event' : 'events'} updated`);
  return parts.join(', ');
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
