// The diagnosis of one container group: its events classified by the rules, consequences tied to
// their causes, causes fixed by a later success marked past, the rest ranked; each cause's title
// and remedy filled with its events' values, the group's and what the world says now. Pure: the
// events, the group and the world come in, the answer goes out.
import type { Micros } from '../model/event.js';
import { toRfc3339Seconds } from '../model/time.js';
import { classify, FAILED_STATUSES, firstOf, gather, lastOf, resolutionOf, type Classified, type Open } from './chains.js';
import type { DiagnosisEvent, GroupView, WorldFacts } from './facts.js';
import { PROBE_TABLE } from './probes.js';
import type { DiagnosisRules } from './rules.js';
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

const IMPACT_ORDER = { blocks: 0, threatens: 1, notice: 2 } as const;
const ROLE_ORDER = { cause: 0, consequence: 1, resolution: 2 } as const;

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
  for (const c of o.own) mergeValues(values, c.values);
  // A consequence's message arguments ({1}, {2}) are its own text, not the cause's: only its named
  // slots (a container, an image) add to the cause.
  for (const c of o.consequences) mergeValues(values, new Map([...c.values].filter(([k]) => !/^\d+$/.test(k))));
  mergeValues(values, groupValues(input.group, name, input.containerGroupId));
  addValue(values, 'count', String(o.own.reduce((n, c) => n + c.ev.count, 0)));
  const last = lastOf(o.own);
  const facts = o.rule.probes.flatMap((p) =>
    PROBE_TABLE[p]({
      ...(input.group ? { group: input.group } : {}),
      ...(input.world ? { world: input.world } : {}),
      values,
      last,
      now: input.now,
      ...(o.container ? { container: o.container } : {}),
    }),
  );
  const fix = resolutionOf(o, classified, input.group, input.now);
  const chain = [
    ...o.own.map((c) => evidence(c, 'cause')),
    ...o.consequences.map((c) => evidence(c, 'consequence')),
    ...(fix ? [evidence(fix, 'resolution')] : []),
  ];
  // In the same second, the cause reads before what follows from it (a Throttling counted three
  // times lasts longer than the first CreateBackoff it led to).
  chain.sort(
    (a, b) => a.firstTimestamp.localeCompare(b.firstTimestamp) || ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.lastTimestamp.localeCompare(b.lastTimestamp),
  );
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
  return (
    Number(b.current) - Number(a.current) ||
    IMPACT_ORDER[a.impact] - IMPACT_ORDER[b.impact] ||
    b.rank - a.rank ||
    b.lastTimestamp.localeCompare(a.lastTimestamp)
  );
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
  const all = gather(classified)
    .map((o) => buildCause(o, input, name, classified))
    .sort(order);
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
