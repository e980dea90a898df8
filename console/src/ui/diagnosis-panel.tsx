// The Diagnosis panel at the top of a group's page: its state, the one-line summary, then each
// cause ranked (current or fixed, what to do, what the world says now, the chain of events that
// shows it) and the notes folded away. It is read again as the page's group is: when the stream
// brings one of the group's events, and every few seconds while a cause counts down.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import {
  causeWhen,
  foldChain,
  hasCountdown,
  IMPACT_TEXT,
  ROLE_TEXT,
  STATE_TEXT,
  timeSpan,
  type Cause,
  type Diagnosis,
  type Evidence,
  type GroupState,
} from '../lib/diagnosis.js';
import { formatCount, formatTime } from '../lib/format.js';
import { TypeBadge } from './icons.js';
import { useLiveObject } from './object-page.js';

/** Links of a chain shown before the rest is folded behind a button (an OOM loop has one event per kill). */
const CHAIN_SHOWN = 6;

export function DiagnosisPanel({ id }: { id: string }) {
  const state = useLiveObject<Diagnosis>(id, api.diagnosis, (e) => e.containerGroupId === id, hasCountdown);
  // The page itself says when the group is unknown.
  if (state.notFound) return null;
  const d = state.data;
  return (
    <section class={`diagnosis${d ? ` diagnosis-${d.state}` : ''}`} aria-labelledby="diagnosis-title" aria-busy={!d && !state.error} data-testid="diagnosis">
      <div class="diagnosis-head">
        <h2 id="diagnosis-title">Diagnosis</h2>
        {d && <StateBadge state={d.state} />}
        {d && <p class="diagnosis-summary">{d.summary}</p>}
      </div>
      {state.error && (
        <p class="error" role="alert">
          The diagnosis could not be read: {state.error}
        </p>
      )}
      {!d && !state.error && <p class="muted">Reading the group's events…</p>}
      {d && d.causes.length > 0 && (
        <ol class="causes" aria-label="Causes, most pressing first">
          {d.causes.map((c) => (
            <CauseItem key={`${c.rule} ${c.firstTimestamp} ${c.container ?? ''}`} cause={c} />
          ))}
        </ol>
      )}
      {d && d.notes.length > 0 && (
        <details class="diagnosis-notes">
          <summary>{d.notes.length === 1 ? '1 note that asks' : `${d.notes.length} notes that ask`} nothing of this group</summary>
          <ol class="notes" aria-label="Notes">
            {d.notes.map((c) => (
              <CauseItem key={`${c.rule} ${c.firstTimestamp} ${c.container ?? ''}`} cause={c} />
            ))}
          </ol>
        </details>
      )}
      {d && (
        <p class="diagnosis-basis muted">
          From {formatCount(d.events)} {d.events === 1 ? 'event' : 'events'}
          {d.grounded ? " and the emulator's view of the group and its world" : ' alone (the emulator does not hold this group)'}, at{' '}
          {formatTime(d.diagnosedAt)}.
        </p>
      )}
    </section>
  );
}

export function StateBadge({ state }: { state: GroupState }) {
  return <span class={`state state-${state}`}>{STATE_TEXT[state]}</span>;
}

function CauseItem({ cause: c }: { cause: Cause }) {
  return (
    <li class={`cause ${c.current ? 'current' : 'past'} impact-${c.impact}`} data-rule={c.rule}>
      <div class="cause-head">
        <h3>{c.title}</h3>
        <span class={`when ${c.current ? 'current' : 'past'}`}>{causeWhen(c)}</span>
        <span class="impact">
          {IMPACT_TEXT[c.impact]} · {c.reason}
          {c.container ? ` · container ${c.container}` : ''}
        </span>
      </div>
      <p class="remedy">
        <strong>{c.current ? 'What to do: ' : 'If it happens again: '}</strong>
        {c.remedy}
      </p>
      {c.facts.length > 0 && (
        <div class="cause-facts">
          <strong>Now:</strong>
          <ul>
            {c.facts.map((f) => (
              <li>{f}</li>
            ))}
          </ul>
        </div>
      )}
      <Chain evidence={c.evidence} />
      <details class="meaning">
        <summary>What {c.reason} means</summary>
        <p>{c.meaning}</p>
      </details>
    </li>
  );
}

function Chain({ evidence }: { evidence: Evidence[] }) {
  const [open, setOpen] = useState(false);
  const { before, hidden, after } = foldChain(evidence, open ? Number.POSITIVE_INFINITY : CHAIN_SHOWN);
  return (
    <ol class="timeline" aria-label="Evidence, oldest first">
      {before.map((e) => (
        <EvidenceItem e={e} />
      ))}
      {hidden.length > 0 && (
        <li class="fold">
          <button type="button" class="link" onClick={() => setOpen(true)}>
            Show {hidden.length} more {hidden.length === 1 ? 'event' : 'events'}
          </button>
        </li>
      )}
      {after.map((e) => (
        <EvidenceItem e={e} />
      ))}
    </ol>
  );
}

function EvidenceItem({ e }: { e: Evidence }) {
  return (
    <li class={`evidence role-${e.role}`}>
      <div class="evidence-line">
        <span class="role-tag">{ROLE_TEXT[e.role]}</span>
        <TypeBadge type={e.type} />
        <span class="reason">{e.reason}</span>
        <span class="count" title={`${e.count} occurrences`}>
          ×{formatCount(e.count)}
        </span>
        <span class="span">{timeSpan(e.firstTimestamp, e.lastTimestamp)}</span>
        {e.fieldPath && <span class="mono muted">{e.fieldPath}</span>}
      </div>
      <p class="evidence-message">{e.message}</p>
    </li>
  );
}
