// The event catalog: every row of the ECI documentation's tables, grouped and titled as there,
// with a search that keeps the sections.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { searchCatalog, sectionRows } from '../lib/catalog.js';
import { formatCount } from '../lib/format.js';
import { TypeBadge } from './icons.js';
import { useTitle } from './hooks.js';
import { setSearch, useLocation } from './router.js';
import { useCatalog } from './use-catalog.js';

export function CatalogPage() {
  useTitle('Event catalog');
  const loc = useLocation();
  const urlQ = loc.search.get('q') ?? '';
  const [q, setQ] = useState(urlQ);
  useEffect(() => setQ(urlQ), [urlQ]);
  useEffect(() => {
    if (q === urlQ) return;
    const t = setTimeout(() => setSearch(new URLSearchParams(q.trim() ? { q: q.trim() } : {})), 200);
    return () => clearTimeout(t);
  }, [q]);
  const { rows, error } = useCatalog();
  const seedRows = rows.filter((r) => r.group !== 'K8sAgent');
  const found = useMemo(() => searchCatalog(rows, urlQ), [rows, urlQ]);
  const sections = sectionRows(found).filter((s) => s.rows.length);
  return (
    <main id="main">
      <div class="page-head">
        <h1>Event catalog</h1>
        <p class="muted">Every event an ECI instance can report: what it means and what to do.</p>
      </div>
      <form class="filters" role="search" aria-label="Search the catalog" onSubmit={(e) => e.preventDefault()}>
        <div class="field grow">
          <label for="catalog-q">Search</label>
          <input id="catalog-q" type="search" placeholder="Reason, message or description" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="count-line" aria-live="polite">
        {rows.length ? (
          urlQ.trim() ? (
            <>
              <strong>{formatCount(found.length)}</strong> of {formatCount(rows.length)} rows match
            </>
          ) : (
            <>
              <strong data-testid="catalog-seed-rows">{formatCount(seedRows.length)}</strong> catalog rows
              {rows.length > seedRows.length ? <>, and {formatCount(rows.length - seedRows.length)} of the Kubernetes agent</> : null}
            </>
          )
        ) : (
          'Loading…'
        )}
      </p>
      {sections.map((s) => {
        const resource = s.group === 'Resource';
        const om = s.group === 'SystemOM';
        return (
          <section class="catalog-section" aria-labelledby={`cat-${s.group}`} data-group={s.group}>
            <h2 id={`cat-${s.group}`}>
              {s.title} <span class="muted">({s.rows.length})</span>
            </h2>
            <div class="table-wrap">
              <table class="catalog">
                <thead>
                  <tr>
                    {resource && <th scope="col">Resource module</th>}
                    <th scope="col">Event name (reason)</th>
                    <th scope="col">Event type (type)</th>
                    <th scope="col">{om ? 'Example event message (message)' : 'Event message (message)'}</th>
                    <th scope="col">Event description</th>
                  </tr>
                </thead>
                <tbody>
                  {s.rows.map((r) => (
                    <tr class={r.type === 'Warning' ? 'warning' : 'normal'} data-reason={r.reason}>
                      {resource && <td data-label="Resource module">{r.resource ?? ''}</td>}
                      <td data-label="Reason" class="reason">
                        {r.reason}
                      </td>
                      <td data-label="Type">
                        <TypeBadge type={r.type} />
                      </td>
                      <td data-label="Message" class="mono message">
                        {r.message}
                      </td>
                      <td data-label="Description">{r.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      {rows.length > 0 && !sections.length && <p class="empty">No catalog row matches “{urlQ}”.</p>}
    </main>
  );
}
