// The Events table: the seed's five columns (Event Name, Type, Description = reason and message,
// Started At = first timestamp, Ended At = last timestamp) and the count, newest first. A Warning
// row is marked by an icon, the word, a heavier weight and a stripe, not by colour alone. Each row
// expands (its name is a button: Enter or Space) to the catalog's description, the involved object
// and the raw event.
import { useState } from 'preact/hooks';
import { rowForEvent } from '../lib/catalog.js';
import { eventKey } from '../lib/events-list.js';
import { formatCount, formatTime } from '../lib/format.js';
import type { CatalogRow, EventJson } from '../lib/types.js';
import { Chevron, TypeBadge } from './icons.js';
import { Link } from './router.js';

interface Props {
  items: EventJson[];
  catalog: CatalogRow[];
  showGroup?: boolean;
  fresh?: Set<string>;
  caption: string;
}

export function EventTable({ items, catalog, showGroup = false, fresh, caption }: Props) {
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const toggle = (key: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const columns = showGroup ? 7 : 6;
  return (
    <div class="table-wrap">
      <table class="events">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Event Name</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
            <th scope="col" class="num">
              Count
            </th>
            <th scope="col">Started At</th>
            <th scope="col">Ended At</th>
            {showGroup && <th scope="col">Container group</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const key = eventKey(e);
            return (
              <EventRow
                key={key}
                rowKey={key}
                e={e}
                catalog={catalog}
                showGroup={showGroup}
                columns={columns}
                open={open.has(key)}
                fresh={fresh?.has(key) ?? false}
                onToggle={toggle}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  rowKey: string;
  e: EventJson;
  catalog: CatalogRow[];
  showGroup: boolean;
  columns: number;
  open: boolean;
  fresh: boolean;
  onToggle: (key: string) => void;
}

function EventRow({ rowKey, e, catalog, showGroup, columns, open, fresh, onToggle }: RowProps) {
  const warning = e.type === 'Warning';
  const detailId = `ev-${cssId(rowKey)}`;
  const cls = ['event', warning ? 'warning' : 'normal', open ? 'open' : '', fresh ? 'fresh' : ''].filter(Boolean).join(' ');
  return (
    <>
      <tr
        class={cls}
        data-event={e.metadata.name}
        data-type={e.type}
        onClick={(ev) => {
          const t = ev.target as HTMLElement;
          if (t.closest('a, button') || window.getSelection()?.toString()) return;
          onToggle(rowKey);
        }}
      >
        <td data-label="Event Name" class="name">
          <button type="button" class="expander" aria-expanded={open} aria-controls={detailId} onClick={() => onToggle(rowKey)}>
            <Chevron open={open} />
            <EventName name={e.metadata.name} />
            <span class="sr-only">{open ? ', hide details' : ', show details'}</span>
          </button>
        </td>
        <td data-label="Type">
          <TypeBadge type={e.type} />
        </td>
        <td data-label="Description" class="desc">
          <span class="desc-text">
            <span class="reason">{e.reason}</span> <span class="message">{e.message}</span>
          </span>
        </td>
        <td data-label="Count" class="num count">
          {formatCount(e.count)}
        </td>
        <td data-label="Started At" class="time">
          <time dateTime={e.firstTimestamp}>{formatTime(e.firstTimestamp)}</time>
        </td>
        <td data-label="Ended At" class="time">
          <time dateTime={e.lastTimestamp}>{formatTime(e.lastTimestamp)}</time>
        </td>
        {showGroup && (
          <td data-label="Container group" class="group">
            {e.containerGroupId ? (
              <Link href={`/groups/${encodeURIComponent(e.containerGroupId)}/events`} class="mono">
                {e.containerGroupId}
              </Link>
            ) : (
              <span class="muted">—</span>
            )}
          </td>
        )}
      </tr>
      {open && (
        <tr class={`event-detail ${warning ? 'warning' : 'normal'}`} id={detailId}>
          <td colSpan={columns}>
            <EventDetail e={e} row={rowForEvent(catalog, e)} catalogLoaded={catalog.length > 0} />
          </td>
        </tr>
      )}
    </>
  );
}

function EventDetail({ e, row, catalogLoaded }: { e: EventJson; row: CatalogRow | undefined; catalogLoaded: boolean }) {
  const o = e.involvedObject ?? { name: '' };
  return (
    <div class="detail-grid">
      <section class="catalog-entry" aria-label="What this event means">
        <h3>What it means</h3>
        {row ? (
          <>
            <p class="description">{row.description}</p>
            <dl class="kv">
              <dt>Catalog group</dt>
              <dd>
                {row.group}
                {row.resource ? ` · ${row.resource}` : ''}
              </dd>
              <dt>Catalog type</dt>
              <dd>{row.type}</dd>
              <dt>Message template</dt>
              <dd class="mono">{row.message}</dd>
            </dl>
            <p>
              <Link href={`/catalog?q=${encodeURIComponent(row.reason)}`}>{row.reason} in the catalog</Link>
            </p>
          </>
        ) : (
          <p class="muted">{catalogLoaded ? `${e.reason} is not in the event catalog.` : 'Loading the catalog…'}</p>
        )}
      </section>
      <section aria-label="Involved object">
        <h3>Involved object</h3>
        <dl class="kv">
          <dt>Kind</dt>
          <dd>{o.kind ?? '—'}</dd>
          <dt>Name</dt>
          <dd class="mono">{o.name || '—'}</dd>
          <dt>Namespace</dt>
          <dd>{o.namespace ?? '—'}</dd>
          <dt>UID</dt>
          <dd class="mono">{o.uid ?? '—'}</dd>
          <dt>API version</dt>
          <dd>{o.apiVersion ?? '—'}</dd>
          {o.fieldPath && (
            <>
              <dt>Field path</dt>
              <dd class="mono">{o.fieldPath}</dd>
            </>
          )}
          <dt>Source</dt>
          <dd>
            {e.source?.component ?? '—'}
            {e.source?.host ? ` on ${e.source.host}` : ''}
          </dd>
        </dl>
      </section>
      <section class="raw" aria-label="Raw event">
        <h3>Raw event</h3>
        <pre class="json" tabIndex={0} aria-label="The event as JSON">
          {JSON.stringify(e, null, 2)}
        </pre>
      </section>
    </div>
  );
}

/**
 * An event's name (`<object>.<hex time>`) breaks after its dot rather than inside the object's
 * name (whose hyphens would otherwise be taken as places to break).
 */
function EventName({ name }: { name: string }) {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot > 40) return <span class="mono">{name}</span>;
  return (
    <span class="mono">
      <span class="nowrap">{name.slice(0, dot + 1)}</span>
      <wbr />
      {name.slice(dot + 1)}
    </span>
  );
}

function cssId(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]/g, '_');
}
