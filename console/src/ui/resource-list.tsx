// What the lists of an account's resources share (image caches, data caches, virtual nodes): the
// query kept in the URL, loading a page and loading it again when the change stream brings an
// event of the resource's kind (its status moves with its events), the search and filter form,
// the count line, the pager and the events cell of a row.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatCount } from '../lib/format.js';
import { REGIONS } from '../lib/groups-query.js';
import { listApiParams, listQueryToSearch, type ListQuery } from '../lib/list-query.js';
import type { ListPageOf } from '../lib/types.js';
import { errorText } from './events-view.js';
import { WarningIcon } from './icons.js';
import { useEvery, useLiveChanges, useLiveReset, useThrottle } from './hooks.js';
import { Link, setSearch, useLocation } from './router.js';

/** How often a list or object whose state moves with the clock alone is read again (as a console's refresh of a loading resource). */
export const UNSETTLED_POLL_MS = 2000;

interface LiveList<T> {
  query: ListQuery;
  set: (q: ListQuery) => void;
  page: ListPageOf<T> | undefined;
  loading: boolean;
  error: string | undefined;
}

/**
 * The page of the list the URL asks for, read again (at most once a second) when an event about
 * an object of `kind` arrives on the stream, and when the stream starts over.
 */
export function useLiveList<T>(opts: {
  parse: (search: URLSearchParams) => ListQuery;
  load: (params: Record<string, string>, signal: AbortSignal) => Promise<ListPageOf<T>>;
  /** Kinds of involved object whose events move the list. */
  kind: string | readonly string[];
  pageSize: number;
  /** Items whose state moves with the clock without events: while one is shown, the page is read again every UNSETTLED_POLL_MS. */
  unsettled?: (item: T) => boolean;
}): LiveList<T> {
  const loc = useLocation();
  const query = useMemo(() => opts.parse(loc.search), [loc.search.toString()]);
  const key = listQueryToSearch(query).toString();
  const [data, setData] = useState<{ page: ListPageOf<T> | undefined; loading: boolean; error: string | undefined }>({
    page: undefined,
    loading: true,
    error: undefined,
  });
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    setData((d) => ({ ...d, loading: true }));
    opts.load(listApiParams(query, opts.pageSize), abort.signal).then(
      (page) => setData({ page, loading: false, error: undefined }),
      (err) => !abort.signal.aborted && setData({ page: undefined, loading: false, error: errorText(err) }),
    );
    return () => abort.abort();
  }, [key, reload]);
  const refresh = useThrottle(() => setReload((n) => n + 1), 1000);
  const kinds: readonly string[] = typeof opts.kind === 'string' ? [opts.kind] : opts.kind;
  useLiveChanges((batch) => {
    if (batch.some((e) => kinds.includes(e.involvedObject.kind ?? ''))) refresh();
  });
  useLiveReset(() => refresh());
  useEvery(Boolean(opts.unsettled && data.page?.items.some(opts.unsettled)), UNSETTLED_POLL_MS, refresh);
  return { query, set: (c) => setSearch(listQueryToSearch(c)), ...data };
}

interface FiltersProps {
  /** Ids of the form's fields start with it. */
  idPrefix: string;
  /** The form's accessible name ("Find data caches"). */
  label: string;
  placeholder: string;
  statuses: readonly string[];
  query: ListQuery;
  set: (q: ListQuery) => void;
}

/** Search (applied 300 ms after typing stops, or on Enter), status and region. */
export function ListFilters({ idPrefix, label, placeholder, statuses, query, set }: FiltersProps) {
  const [q, setQ] = useState(query.q);
  useEffect(() => setQ(query.q), [query.q]);
  useEffect(() => {
    if (q === query.q) return;
    const t = setTimeout(() => set({ ...query, q, after: '' }), 300);
    return () => clearTimeout(t);
  }, [q]);
  return (
    <form
      class="filters"
      role="search"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        set({ ...query, q, after: '' });
      }}
    >
      <div class="field grow">
        <label for={`${idPrefix}-q`}>Search</label>
        <input id={`${idPrefix}-q`} type="search" placeholder={placeholder} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${idPrefix}-status`}>Status</label>
        <select id={`${idPrefix}-status`} value={query.status} onChange={(e) => set({ ...query, status: e.currentTarget.value, after: '' })}>
          <option value="">Any status</option>
          {statuses.map((s) => (
            <option value={s}>{s}</option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${idPrefix}-region`}>Region</label>
        <select id={`${idPrefix}-region`} value={query.regionId} onChange={(e) => set({ ...query, regionId: e.currentTarget.value, after: '' })}>
          <option value="">Any region</option>
          {REGIONS.map((r) => (
            <option value={r}>{r}</option>
          ))}
        </select>
      </div>
    </form>
  );
}

/** "2 of 5 data caches · newest first", the error if any, and the First/Next pager around the table. */
export function ListFrame<T>({ list, noun, children }: { list: LiveList<T>; noun: [one: string, many: string]; children: ComponentChildren }) {
  const { page, query, set } = list;
  return (
    <>
      {list.error && (
        <p class="error" role="alert">
          {list.error}
        </p>
      )}
      <p class="count-line" aria-live="polite">
        {page ? (
          page.total ? (
            <>
              {formatCount(page.items.length)} of <strong>{formatCount(page.total)}</strong> {page.total === 1 ? noun[0] : noun[1]} · newest first
            </>
          ) : (
            `No ${noun[0]} matches.`
          )
        ) : list.loading ? (
          'Loading…'
        ) : (
          ''
        )}
      </p>
      <div class="table-wrap">{children}</div>
      <nav class="pager" aria-label={`Pages of ${noun[1]}`}>
        <button type="button" disabled={!query.after} onClick={() => set({ ...query, after: '' })}>
          First
        </button>
        <button type="button" disabled={!page?.next} onClick={() => page?.next && set({ ...query, after: page.next })}>
          Next
        </button>
      </nav>
    </>
  );
}

export function StatusBadge({ status, condition }: { status: string; condition?: string | undefined }) {
  // A live group whose container is in trouble (CrashLoopBackOff...) is not a green Running.
  if (condition) {
    return (
      <span class={`status status-${status} status-warning`} title={`The group is ${status}; a container is waiting: ${condition}`}>
        {status} · {condition}
      </span>
    );
  }
  return <span class={`status status-${status}`}>{status}</span>;
}

/** A row's Warning and total counts, each a link to the object's Events tab. */
export function EventCountsCell({ href, id, eventCount, warningCount }: { href: string; id: string; eventCount: number; warningCount: number }) {
  return (
    <td data-label="Events" class="num events-count">
      {warningCount ? (
        <Link href={`${href}/events?type=Warning`} class="warn-count" aria-label={`${warningCount} Warning events of ${id}`}>
          <WarningIcon />
          {formatCount(warningCount)}
        </Link>
      ) : null}{' '}
      <Link href={`${href}/events`} aria-label={`${eventCount} events of ${id}`}>
        {formatCount(eventCount)}
      </Link>
    </td>
  );
}
