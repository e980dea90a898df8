// The diagnosis of one container group: its events classified by the rules, consequences tied to
// their causes, causes fixed by a later success marked past, the rest ranked; each cause's title
// and remedy filled with its events' values, the group's and what the world says now. Pure: the
// events, the group and the world come in, the answer goes out.
import type { Micros } from '../model/event.js';
import { toRfc3339Seconds } from '../model/time.js';
import type { DiagnosisEvent, GroupView, WorldFacts } from './facts.js';
import { PROBE_TABLE } from './probes.js';
import type { DiagnosisRule, DiagnosisRules } from './rules.js';
import type { Cause, Diagnosis, Evidence, GroupState } from './shape.js';
import { addValue, fill, mergeValues, valuesJson, type Values } from './values.js';

export interface DiagnosisInput {
  containerGroupId: string;
  /** The group's name (its events' involved object when the emulator does not know it). */
  name?: string;
  events: readonly DiagnosisEvent[];
  group?: GroupView;
  world?: WorldFacts;
  now: Micros;
}

/** Statuses in which nothing runs because something went wrong. */
const FAILED_STATUSES = new Set(['ScheduleFailed', 'Failed', 'Expired']);
const IMPACT_ORDER = { blocks: 0, threatens: 1, notice: 2 } as const;

interface Classified {
  ev: DiagnosisEvent;
  rule: DiagnosisRule;
  values: Values;
  container?: string;
  meaning: string;
}

/** A cause being built: its events, then its consequences and what resolved it. */
interface Open {
  rule: DiagnosisRule;
  container?: string;
  own: Classified[];
  consequences: Classified[];
  resolution?: Classified;
}

const containerOf = (fieldPath: string | undefined) => (fieldPath ? /^spec\.(?:init)?[cC]ontainers\{(.+)\}$/.exec(fieldPath)?.[1] : undefined);
const lastOf = (list: readonly Classified[]) => Math.max(...list.map((c) => c.ev.lastTimestamp));
const firstOf = (list: readonly Classified[]) => Math.min(...list.map((c) => c.ev.firstTimestamp));
/** Two events are about the same container unless both name one and the names differ. */
const sameContainer = (a?: string, b?: string) => a === undefined || b === undefined || a === b;

function classify(rules: DiagnosisRules, ev: DiagnosisEvent): Classified | undefined {
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

function evidence(c: Classified, role: Evidence['role']): Evidence {
  const { ev } = c;
  return {
    role,
    reason: ev.reason,
    type: ev.type,
    message: ev.message,
    count: ev.count,
    firstTimestamp: toRfc3339Seconds(ev.firstTimestamp),
    lastTimestamp: toRfc3339Seconds(ev.lastTimestamp),
    source: [ev.source.component, ev.source.host].filter(Boolean).join('/'),
    ...(ev.involvedObject.fieldPath ? { fieldPath: ev.involvedObject.fieldPath } : {}),
  };
}

/** Causes from the classified events: each cause rule's events by container, consequences tied to the newest cause they follow from. */
function gather(classified: readonly Classified[]): Open[] {
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
function resolutionOf(o: Open, classified: readonly Classified[], group: GroupView | undefined, now: Micros): Classified | undefined {
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

function groupValues(group: GroupView | undefined, name: string, id: string): Values {
  const v: Values = new Map();
  addValue(v, 'group.id', id);
  addValue(v, 'group.name', name);
  if (group) {
    for (const k of ['instanceType', 'zoneId', 'regionId', 'vSwitchId', 'securityGroupId', 'status'] as const) addValue(v, `group.${k}`, group[k]);
    addValue(v, 'group.memory', `${group.memory} GiB`);
  }
  return v;
}

/** Each cause's slots as lists, for the account-wide view to merge (the JSON shows them joined). */
const RAW_VALUES = new WeakMap<Cause, Values>();
export const slotValues = (cause: Cause): Values => RAW_VALUES.get(cause) ?? new Map();

function buildCause(o: Open, input: DiagnosisInput, name: string, classified: readonly Classified[]): Cause {
  const values: Values = new Map();
  for (const c of [...o.own, ...o.consequences]) mergeValues(values, c.values);
  mergeValues(values, groupValues(input.group, name, input.containerGroupId));
  addValue(values, 'count', String(o.own.reduce((n, c) => n + c.ev.count, 0)));
  const last = lastOf(o.own);
  const facts = o.rule.probes.flatMap((p) => PROBE_TABLE[p]({ ...(input.group ? { group: input.group } : {}), ...(input.world ? { world: input.world } : {}), values, last, now: input.now, ...(o.container ? { container: o.container } : {}) }));
  const fix = resolutionOf(o, classified, input.group, input.now);
  const chain = [...o.own.map((c) => evidence(c, 'cause')), ...o.consequences.map((c) => evidence(c, 'consequence')), ...(fix ? [evidence(fix, 'resolution')] : [])];
  chain.sort((a, b) => a.firstTimestamp.localeCompare(b.firstTimestamp) || a.lastTimestamp.localeCompare(b.lastTimestamp));
  const container = o.container ?? values.get('container')?.[0];
  const cause: Cause = {
    rule: o.rule.name,
    reason: o.rule.reason,
    category: o.rule.category,
    impact: o.rule.impact,
    rank: o.rule.rank,
    current: !fix,
    ...(fix ? { resolvedAt: toRfc3339Seconds(fix.ev.lastTimestamp) } : {}),
    ...(container ? { container } : {}),
    title: fill(o.rule.title, values),
    meaning: o.own[0]!.meaning,
    remedy: fill(o.rule.remedy, values),
    facts,
    values: valuesJson(values),
    firstTimestamp: toRfc3339Seconds(firstOf(o.own)),
    lastTimestamp: toRfc3339Seconds(last),
    evidence: chain,
  };
  RAW_VALUES.set(cause, values);
  return cause;
}

function order(a: Cause, b: Cause): number {
  return Number(b.current) - Number(a.current) || IMPACT_ORDER[a.impact] - IMPACT_ORDER[b.impact] || b.rank - a.rank || b.lastTimestamp.localeCompare(a.lastTimestamp);
}

function summarize(state: GroupState, causes: readonly Cause[], status: string | undefined, events: number): string {
  const more = causes.length > 1 ? ` (and ${causes.length - 1} more cause${causes.length > 2 ? 's' : ''})` : '';
  if (state === 'healthy') return `Healthy: nothing in its ${events} event${events === 1 ? '' : 's'} needs attention.`;
  if (state === 'recovered') return `Recovered: ${causes[0]!.title}, fixed at ${causes[0]!.resolvedAt}${more}.`;
  if (!causes.length || !causes[0]!.current) return `Unhealthy: the group is ${status}, and no event says why.`;
  return `Unhealthy: ${causes[0]!.title}${more}.`;
}

export function diagnose(rules: DiagnosisRules, input: DiagnosisInput): Diagnosis {
  const classified = input.events.map((e) => classify(rules, e)).filter((c): c is Classified => c !== undefined);
  const name = input.group?.name ?? input.name ?? input.events[0]?.involvedObject.name ?? input.containerGroupId;
  const all = gather(classified).map((o) => buildCause(o, input, name, classified)).sort(order);
  const causes = all.filter((c) => c.impact !== 'notice');
  const notes = all.filter((c) => c.impact === 'notice');
  const failed = input.group !== undefined && FAILED_STATUSES.has(input.group.status);
  const state: GroupState = causes.some((c) => c.current) || failed ? 'unhealthy' : causes.length ? 'recovered' : 'healthy';
  return {
    containerGroupId: input.containerGroupId,
    name,
    ...(input.group ? { status: input.group.status } : {}),
    state,
    summary: summarize(state, causes, input.group?.status, input.events.length),
    grounded: input.world !== undefined,
    causes,
    notes,
    events: input.events.length,
    diagnosedAt: toRfc3339Seconds(input.now),
  };
}
