// What the page of one object with a Basic information tab and an Events tab shares (a container
// group, an image cache): loading it and following the change stream, the breadcrumb and heading
// with its event counts, and the two tabs, each with its own address (/X/ID and /X/ID/events).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../lib/api.js';
import { formatCount } from '../lib/format.js';
import type { EventJson } from '../lib/types.js';
import { errorText } from './events-view.js';
import { WarningIcon } from './icons.js';
import { useEvery, useLiveChanges, useLiveReset, useThrottle } from './hooks.js';
import { UNSETTLED_POLL_MS } from './resource-list.js';
import { Link } from './router.js';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  notFound: boolean;
}

/**
 * The object, loaded again (at most once a second) when the stream brings one of its events
 * (`mine`), since its status and counts move with them, and when the stream starts over.
 */
export function useLiveObject<T>(
  id: string,
  load: (id: string, signal: AbortSignal) => Promise<T>,
  mine: (e: EventJson) => boolean,
  /** True while its state moves with the clock without events: it is read again every UNSETTLED_POLL_MS meanwhile. */
  unsettled?: (data: T) => boolean,
): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, notFound: false });
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    load(id, abort.signal).then(
      (data) => setState({ data, error: undefined, notFound: false }),
      (err) => {
        if (abort.signal.aborted) return;
        setState({ data: undefined, error: errorText(err), notFound: err instanceof ApiError && err.status === 404 });
      },
    );
    return () => abort.abort();
  }, [id, reload]);
  const refresh = useThrottle(() => setReload((n) => n + 1), 1000);
  useLiveChanges((batch) => {
    if (batch.some(mine)) refresh();
  });
  useLiveReset(() => refresh());
  useEvery(Boolean(unsettled && state.data !== undefined && unsettled(state.data)), UNSETTLED_POLL_MS, refresh);
  return state;
}

interface HeadProps {
  /** The list the object belongs to. */
  crumb: { href: string; label: string };
  id: string;
  name: string | undefined;
  /** Status, region...: shown before the counts once the object is loaded. */
  facts?: ComponentChildren;
  counts?: { eventCount: number; warningCount: number };
}

export function ObjectHead({ crumb, id, name, facts, counts }: HeadProps) {
  return (
    <>
      <nav class="crumbs" aria-label="Breadcrumb">
        <Link href={crumb.href}>{crumb.label}</Link> <span aria-hidden="true">/</span> <span class="mono">{id}</span>
      </nav>
      <div class="page-head group-head">
        <h1>
          {name || id}
          {name && <span class="mono sub"> {id}</span>}
        </h1>
        {counts && (
          <p class="facts">
            {facts}
            <span class="event-total">
              <strong data-testid="event-count">{formatCount(counts.eventCount)}</strong> {counts.eventCount === 1 ? 'event' : 'events'}
            </span>
            <span class={counts.warningCount ? 'warn-count' : ''}>
              {counts.warningCount ? <WarningIcon /> : null}
              <strong data-testid="warning-count">{formatCount(counts.warningCount)}</strong> Warning
            </span>
          </p>
        )}
      </div>
    </>
  );
}

interface TabsProps {
  /** The object's address: the Basic information tab; the Events tab is under /events. */
  base: string;
  label: string;
  tab: 'info' | 'events';
  eventCount: number | undefined;
}

export function ObjectTabs({ base, label, tab, eventCount }: TabsProps) {
  return (
    <nav class="tabs" aria-label={label}>
      <Link href={base} aria-current={tab === 'info' ? 'page' : undefined} class="tab">
        Basic information
      </Link>
      <Link href={`${base}/events`} aria-current={tab === 'events' ? 'page' : undefined} class="tab">
        Events{eventCount !== undefined ? ` (${formatCount(eventCount)})` : ''}
      </Link>
    </nav>
  );
}

/** One row of Basic information: label, value, and whether the value is an id (monospace). */
export type InfoRow = [label: string, value: ComponentChildren, mono?: boolean];

/** The Basic information tab's table of facts, then whatever the object adds (its images...), then the raw answer of its Describe call. */
export function BasicInfoSection({
  rows,
  raw,
  children,
}: {
  rows: InfoRow[];
  raw: { label: string; detail: Record<string, unknown> };
  children?: ComponentChildren;
}) {
  return (
    <section aria-labelledby="basic-title" class="basic">
      <h2 id="basic-title">Basic information</h2>
      <dl class="kv wide">
        {rows.map(([label, value, mono]) => (
          <>
            <dt>{label}</dt>
            <dd class={mono ? 'mono' : ''}>{value}</dd>
          </>
        ))}
      </dl>
      {children}
      <details class="raw-detail">
        <summary>{raw.label}</summary>
        <pre class="json" tabIndex={0}>
          {JSON.stringify(raw.detail, null, 2)}
        </pre>
      </details>
    </section>
  );
}
