// The Events filters: type, reasons (a searchable checklist of the catalog's reasons), free text,
// and a time range (presets counted back from the service's clock, or a custom from/to).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isFiltered, NO_FILTERS, RANGES, type EventFilters, type EventTypeFilter, type RangeKey } from '../lib/filters.js';
import { fromLocalInput, toLocalInput } from '../lib/format.js';

interface Props {
  value: EventFilters;
  reasons: string[];
  onChange: (f: EventFilters) => void;
  idPrefix: string;
}

export function Filters({ value, reasons, onChange, idPrefix }: Props) {
  const [q, setQ] = useState(value.q);
  const latest = useRef(value);
  latest.current = value;
  // The search box applies after a pause in typing, or at once on Enter.
  useEffect(() => setQ(value.q), [value.q]);
  useEffect(() => {
    if (q === latest.current.q) return;
    const t = setTimeout(() => onChange({ ...latest.current, q }), 300);
    return () => clearTimeout(t);
  }, [q]);
  const id = (s: string) => `${idPrefix}-${s}`;
  return (
    <form
      class="filters"
      role="search"
      aria-label="Filter events"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ ...value, q });
      }}
    >
      <div class="field">
        <label for={id('q')}>Search</label>
        <input id={id('q')} type="search" placeholder="Reason or message…" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={id('type')}>Type</label>
        <select id={id('type')} value={value.type} onChange={(e) => onChange({ ...value, type: e.currentTarget.value as EventTypeFilter })}>
          <option value="">All types</option>
          <option value="Warning">Warning</option>
          <option value="Normal">Normal</option>
        </select>
      </div>
      <div class="field">
        <span class="label" id={id('reason-label')}>
          Reason
        </span>
        <ReasonPicker reasons={reasons} selected={value.reasons} onChange={(r) => onChange({ ...value, reasons: r })} id={id('reason')} />
      </div>
      <div class="field">
        <label for={id('range')}>Time range</label>
        <select
          id={id('range')}
          value={value.range}
          onChange={(e) => {
            const range = e.currentTarget.value as RangeKey;
            onChange({ ...value, range, from: range === 'custom' ? value.from : '', to: range === 'custom' ? value.to : '' });
          }}
        >
          {RANGES.map((r) => (
            <option value={r.key}>{r.label}</option>
          ))}
        </select>
      </div>
      {value.range === 'custom' && (
        <>
          <div class="field">
            <label for={id('from')}>From</label>
            <input
              id={id('from')}
              type="datetime-local"
              value={toLocalInput(value.from)}
              onChange={(e) => onChange({ ...value, from: fromLocalInput(e.currentTarget.value) })}
            />
          </div>
          <div class="field">
            <label for={id('to')}>To</label>
            <input
              id={id('to')}
              type="datetime-local"
              value={toLocalInput(value.to)}
              onChange={(e) => onChange({ ...value, to: fromLocalInput(e.currentTarget.value) })}
            />
          </div>
        </>
      )}
      <div class="field actions">
        <button type="button" class="secondary" disabled={!isFiltered(value) && !q} onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

function ReasonPicker({ reasons, selected, onChange, id }: { reasons: string[]; selected: string[]; onChange: (r: string[]) => void; id: string }) {
  const [find, setFind] = useState('');
  const detailsRef = useRef<HTMLDetailsElement>(null);
  // Reasons chosen but not in the catalog (an agent's own, say) stay listed so they can be unticked.
  const all = useMemo(() => [...new Set([...selected, ...reasons])].sort((a, b) => a.localeCompare(b)), [reasons, selected]);
  const shown = all.filter((r) => r.toLowerCase().includes(find.trim().toLowerCase()));
  const summary = selected.length === 0 ? 'Any reason' : selected.length <= 2 ? selected.join(', ') : `${selected.length} reasons`;
  return (
    <details
      class="picker"
      ref={detailsRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && detailsRef.current?.open) {
          detailsRef.current.open = false;
          detailsRef.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary id={id} aria-labelledby={`${id}-label ${id}`}>
        {summary}
      </summary>
      <div class="picker-panel">
        <label class="sr-only" for={`${id}-find`}>
          Find a reason
        </label>
        <input id={`${id}-find`} type="search" placeholder="Find a reason…" value={find} onInput={(e) => setFind(e.currentTarget.value)} />
        <fieldset>
          <legend class="sr-only">Reasons</legend>
          <ul>
            {shown.map((r) => (
              <li key={r}>
                <label>
                  <input
                    type="checkbox"
                    value={r}
                    checked={selected.includes(r)}
                    onChange={(e) => onChange(e.currentTarget.checked ? [...selected, r] : selected.filter((x) => x !== r))}
                  />
                  {r}
                </label>
              </li>
            ))}
            {!shown.length && <li class="muted">No reason matches.</li>}
          </ul>
        </fieldset>
        {selected.length > 0 && (
          <button type="button" class="link" onClick={() => onChange([])}>
            Any reason
          </button>
        )}
      </div>
    </details>
  );
}
