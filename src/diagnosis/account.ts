// The account-wide view: unhealthy groups grouped by their first root cause, the values of each
// group merged into one title ("12 groups: NoStock of ecs.g7.large in cn-hangzhou-k and -j").
import type { Micros } from '../model/event.js';
import { toRfc3339Seconds } from '../model/time.js';
import type { DiagnosisRules } from './rules.js';
import type { AccountDiagnoses, Diagnosis, RootCause } from './shape.js';
import { slotValues } from './engine.js';
import { fill, mergeValues, type Values } from './values.js';

export function groupByRootCause(rules: DiagnosisRules, diagnoses: readonly Diagnosis[], now: Micros, truncated = false): AccountDiagnoses {
  const byKey = new Map<string, { diagnosis: Diagnosis[]; values: Values }>();
  for (const d of diagnoses) {
    if (d.state !== 'unhealthy') continue;
    const top = d.causes.find((c) => c.current);
    const rule = top ? rules.rules.find((r) => r.name === top.rule) : undefined;
    const key = top ? [top.rule, ...(rule?.groupBy ?? []).map((k) => top.values[k] ?? '')].join('\u0000') : '';
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { diagnosis: [], values: new Map() }));
    entry.diagnosis.push(d);
    if (top) mergeValues(entry.values, slotValues(top));
  }
  const causes: RootCause[] = [...byKey.entries()].map(([key, { diagnosis, values }]) => {
    const first = diagnosis[0]!;
    const top = first.causes.find((c) => c.current);
    const rule = top ? rules.rules.find((r) => r.name === top.rule) : undefined;
    const n = diagnosis.length;
    const title = key === '' || !top || !rule ? `${first.status ?? 'unhealthy'} with no event that says why` : fill(rule.title, values);
    return {
      rule: top?.rule ?? 'unexplained',
      reason: top?.reason ?? '',
      category: top?.category ?? 'other',
      impact: top?.impact ?? 'blocks',
      title,
      summary: `${n} group${n === 1 ? '' : 's'}: ${title}`,
      remedy: rule && top ? fill(rule.remedy, values) : "Read the group's events and status.",
      groups: n,
      containerGroupIds: diagnosis.map((d) => d.containerGroupId),
    };
  });
  causes.sort((a, b) => b.groups - a.groups || a.title.localeCompare(b.title));
  return {
    examined: diagnoses.length,
    healthy: diagnoses.filter((d) => d.state === 'healthy').length,
    unhealthy: diagnoses.filter((d) => d.state === 'unhealthy').length,
    recovered: diagnoses.filter((d) => d.state === 'recovered').length,
    causes,
    truncated,
    diagnosedAt: toRfc3339Seconds(now),
  };
}
