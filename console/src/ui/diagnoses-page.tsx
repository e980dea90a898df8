// Diagnoses: the account's container groups at a glance (how many were examined, are healthy,
// unhealthy, recovered) and the unhealthy ones grouped by root cause, each cluster with what to do
// and links to its groups. Read again (at most every two seconds) as the stream brings changes.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { IMPACT_TEXT, type AccountDiagnoses, type RootCause } from '../lib/diagnosis.js';
import { formatCount, formatTime } from '../lib/format.js';
import { REGIONS } from '../lib/groups-query.js';
import { errorText } from './events-view.js';
import { useLiveChanges, useLiveReset, useThrottle, useTitle } from './hooks.js';
import { Link, setSearch, useLocation } from './router.js';

/** Groups of a cluster linked before the rest are folded behind a button. */
const GROUPS_SHOWN = 12;
/** A whole-account diagnosis reads every group's events: not more often than this on a storm. */
const REFRESH_MS = 2000;

export function DiagnosesPageView() {
  useTitle('Diagnoses');
  const loc = useLocation();
  const regionId = loc.search.get('regionId') ?? '';
  const [state, setState] = useState<{ data: AccountDiagnoses | undefined; error: string | undefined }>({ data: undefined, error: undefined });
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    api.diagnoses(regionId ? { regionId } : {}, abort.signal).then(
      (data) => setState({ data, error: undefined }),
      (err) => !abort.signal.aborted && setState({ data: undefined, error: errorText(err) }),
    );
    return () => abort.abort();
  }, [regionId, reload]);
  const refresh = useThrottle(() => setReload((n) => n + 1), REFRESH_MS);
  useLiveChanges(() => refresh());
  useLiveReset(() => refresh());

  const d = state.data;
  return (
    <main id="main">
      <div class="page-head">
        <h1>Diagnoses</h1>
        <p class="muted">Why this account's container groups are not running: the unhealthy ones grouped by their root cause.</p>
      </div>
      <form class="filters" aria-label="Diagnoses of" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="diagnoses-region">Region</label>
          <select
            id="diagnoses-region"
            value={regionId}
            onChange={(e) => {
              const s = new URLSearchParams(loc.search);
              if (e.currentTarget.value) s.set('regionId', e.currentTarget.value);
              else s.delete('regionId');
              setSearch(s);
            }}
          >
            <option value="">Every region (and groups only events know)</option>
            {REGIONS.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </div>
      </form>
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
      {!d && !state.error && <p aria-busy="true">Loading…</p>}
      {d && (
        <>
          <dl class="diagnosis-counts" data-testid="diagnosis-counts">
            <Count label="Examined" n={d.examined} />
            <Count label="Unhealthy" n={d.unhealthy} state="unhealthy" />
            <Count label="Recovered" n={d.recovered} state="recovered" />
            <Count label="Healthy" n={d.healthy} state="healthy" />
          </dl>
          {d.truncated && (
            <p class="notice">
              This account has more groups than one diagnosis examines: {formatCount(d.examined)} were (the newest first); the rest are not counted here.
            </p>
          )}
          {d.causes.length ? (
            <ol class="clusters" aria-label="Root causes, most groups first">
              {d.causes.map((c) => (
                <Cluster key={`${c.rule} ${c.title}`} cause={c} />
              ))}
            </ol>
          ) : (
            <p class="empty">No container group{regionId ? ` in ${regionId}` : ''} is unhealthy.</p>
          )}
          <p class="muted diagnosis-basis">Diagnosed at {formatTime(d.diagnosedAt)}.</p>
        </>
      )}
    </main>
  );
}

function Count({ label, n, state }: { label: string; n: number; state?: string }) {
  return (
    <div class={state ? `count-${state}` : ''}>
      <dt>{label}</dt>
      <dd>{formatCount(n)}</dd>
    </div>
  );
}

function Cluster({ cause: c }: { cause: RootCause }) {
  const [all, setAll] = useState(false);
  const ids = all ? c.containerGroupIds : c.containerGroupIds.slice(0, GROUPS_SHOWN);
  const more = c.containerGroupIds.length - ids.length;
  return (
    <li class={`cluster impact-${c.impact}`} data-rule={c.rule}>
      <h2>{c.summary}</h2>
      <p class="impact">
        {IMPACT_TEXT[c.impact]} · {c.reason} · {c.category}
      </p>
      <p class="remedy">
        <strong>What to do: </strong>
        {c.remedy}
      </p>
      <ul class="group-links" aria-label={`The ${c.groups === 1 ? 'group' : `${c.groups} groups`} of this cause`}>
        {ids.map((id) => (
          <li>
            <Link href={`/groups/${encodeURIComponent(id)}`} class="mono">
              {id}
            </Link>
          </li>
        ))}
        {more > 0 && (
          <li>
            <button type="button" class="link" onClick={() => setAll(true)}>
              Show {more} more
            </button>
          </li>
        )}
      </ul>
    </li>
  );
}
