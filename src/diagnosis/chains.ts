// The chains of one group's events: each classified by the rules, consequences tied to the
// newest cause they follow from (or standing alone when none is there), and the later success
// that fixed a cause, if it has held long enough.
import type { Micros } from '../model/event.js';
import type { DiagnosisEvent, GroupView } from './facts.js';
import type { DiagnosisRule, DiagnosisRules } from './rules.js';
import { addValue, type Values } from './values.js';

/** Statuses in which nothing runs because something went wrong. */
export const FAILED_STATUSES = new Set(['ScheduleFailed', 'Failed', 'Expired']);

export interface Classified {
  ev: DiagnosisEvent;
  rule: DiagnosisRule;
  values: Values;
  container?: string;
  meaning: string;
}

/** A cause being built: its events, then those that follow from it. */
export interface Open {
  rule: DiagnosisRule;
  container?: string;
  own: Classified[];
  consequences: Classified[];
}

const containerOf = (fieldPath: string | undefined) => (fieldPath ? /^spec\.(?:init)?[cC]ontainers\{(.+)\}$/.exec(fieldPath)?.[1] : undefined);
export const lastOf = (list: readonly Classified[]) => Math.max(...list.map((c) => c.ev.lastTimestamp));
export const firstOf = (list: readonly Classified[]) => Math.min(...list.map((c) => c.ev.firstTimestamp));
/** Two events are about the same container unless both name one and the names differ. */
const sameContainer = (a?: string, b?: string) => a === undefined || b === undefined || a === b;

export function classify(rules: DiagnosisRules, ev: DiagnosisEvent): Classified | undefined {
  const found = rules.classify(ev.reason, ev.message);
  if (!found) return undefined;
  const values: Values = new Map();
  found.args.forEach((a, i) => addValue(values, String(i + 1), a));
  const groups = found.rule.capture?.exec(ev.message)?.groups ?? {};
  for (const [k, v] of Object.entries(groups)) addValue(values, k, v);
  const container = containerOf(ev.involvedObject.fieldPath) ?? groups['container'];
  if (container) addValue(values, 'container', container);
  return { ev, rule: found.rule, values, ...(container ? { container } : {}), meaning: rules.meaning(ev.reason, found.row) };
}

/** Causes from the classified events: each cause rule's events by container, consequences tied to the newest cause they follow from. */
export function gather(classified: readonly Classified[]): Open[] {
  const open = new Map<string, Open>();
  const take = (c: Classified) => {
    const key = `${c.rule.name}\u0000${c.container ?? ''}`;
    let o = open.get(key);
    if (!o) open.set(key, (o = { rule: c.rule, ...(c.container ? { container: c.container } : {}), own: [], consequences: [] }));
    o.own.push(c);
  };
  for (const c of classified) if (c.rule.role === 'cause') take(c);
  const causeOf = (c: Classified) =>
    [...open.values()]
      .filter((o) => (c.rule.of.includes(o.rule.reason) || c.rule.of.includes(o.rule.name)) && sameContainer(o.container, c.container))
      .sort((a, b) => lastOf(b.own) - lastOf(a.own))[0];
  // Oldest first, so that a consequence standing alone can take the later ones that follow from it.
  const consequences = classified.filter((c) => c.rule.role === 'consequence').sort((a, b) => a.ev.firstTimestamp - b.ev.firstTimestamp);
  const orphans: Classified[] = [];
  for (const c of consequences) {
    const cause = causeOf(c);
    if (cause) cause.consequences.push(c);
    else orphans.push(c);
  }
  // No event says why: the consequence is the best account of the trouble there is.
  for (const c of orphans) {
    const cause = causeOf(c);
    if (cause) cause.consequences.push(c);
    else take(c);
  }
  return [...open.values()];
}

/** The newest event after the cause that fixed it, if it has held long enough. */
export function resolutionOf(o: Open, classified: readonly Classified[], group: GroupView | undefined, now: Micros): Classified | undefined {
  if (!o.rule.resolvedBy.length) return undefined;
  if (group && FAILED_STATUSES.has(group.status)) return undefined;
  if (group && o.container) {
    const c = group.containers.find((x) => x.name === o.container);
    if (c && c.current.state !== 'Running' && c.current.reason !== 'Completed' && c.current.state !== 'Terminated') return undefined;
  }
  const after = Math.max(lastOf(o.own), ...o.consequences.map((c) => c.ev.lastTimestamp));
  const fix = classified
    .filter((c) => o.rule.resolvedBy.includes(c.ev.reason) && c.ev.lastTimestamp > after && sameContainer(o.container, c.container))
    .sort((a, b) => b.ev.lastTimestamp - a.ev.lastTimestamp)[0];
  if (!fix || now - fix.ev.lastTimestamp < o.rule.stableFor) return undefined;
  return fix;
}
