// `explain ID`: why a container group is not (or was not) running, from GET
// /v1/groups/:id/diagnosis; `explain` alone: the account's unhealthy groups by root cause, from
// GET /v1/diagnoses. Human text by default, the route's JSON with --json.
import type { AccountDiagnoses, Cause, Diagnosis, Evidence } from '../../diagnosis/shape.js';
import { UsageError, type Io } from '../io.js';
import { callJson, type ClientOptions } from './client.js';

export interface ExplainOptions extends ClientOptions {
  json?: boolean;
  region?: string;
  limit?: string;
}

const STATE_WORDS = { healthy: 'HEALTHY', unhealthy: 'UNHEALTHY', recovered: 'RECOVERED' } as const;

function evidenceLine(e: Evidence): string {
  const when = e.count > 1 ? `${e.firstTimestamp} … ${e.lastTimestamp}` : e.firstTimestamp;
  const role = e.role === 'cause' ? '' : ` (${e.role})`;
  const where = e.fieldPath ? ` [${e.fieldPath}]` : '';
  return `      ${when}  ${e.type} ${e.reason} ×${e.count}${role}${where}: ${e.message}`;
}

function causeLines(c: Cause, n: number): string[] {
  const status = c.current ? `${c.impact}, now` : `past: fixed at ${c.resolvedAt}`;
  return [
    `${n}. ${c.title}  [${status}]`,
    `   Meaning:  ${c.meaning}`,
    `   Do:       ${c.remedy}`,
    ...c.facts.map((f, i) => `   ${i === 0 ? 'Now:     ' : '         '} ${f}`),
    '   Evidence:',
    ...c.evidence.map(evidenceLine),
  ];
}

/** The text `explain ID` prints. */
export function describeDiagnosis(d: Diagnosis): string {
  const head = [d.containerGroupId, d.name !== d.containerGroupId ? `(${d.name})` : '', d.status ? `· ${d.status}` : '', `· ${STATE_WORDS[d.state]}`]
    .filter(Boolean)
    .join(' ');
  const lines = [head, d.summary];
  if (!d.grounded) lines.push('(from its events alone: the emulator does not run this group)');
  d.causes.forEach((c, i) => lines.push('', ...causeLines(c, i + 1)));
  if (d.notes.length) lines.push('', 'Notes:', ...d.notes.map((c) => `  - ${c.title}: ${c.remedy}`));
  return lines.join('\n');
}

/** The text `explain` prints for the account. */
export function describeAccount(a: AccountDiagnoses): string {
  const lines = [
    `${a.examined} group${a.examined === 1 ? '' : 's'} examined: ${a.unhealthy} unhealthy, ${a.recovered} recovered, ${a.healthy} healthy.${a.truncated ? ' (more groups than one answer examines: raise --limit)' : ''}`,
  ];
  for (const c of a.causes) {
    lines.push('', c.summary, `   Do:     ${c.remedy}`, `   Groups: ${c.containerGroupIds.join(', ')}`);
  }
  if (!a.causes.length) lines.push('No group needs attention.');
  return lines.join('\n');
}

export async function explainCommand(id: string | undefined, options: ExplainOptions, io: Io): Promise<void> {
  if (id !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(id))
      throw new UsageError(`explain takes a container group id such as eci-bp1..., got ${JSON.stringify(id)}`);
    if (options.region !== undefined || options.limit !== undefined)
      throw new UsageError('--region and --limit are for the account-wide view: `explain` without an id');
    const d = await callJson<Diagnosis>(options, 'GET', `/v1/groups/${encodeURIComponent(id)}/diagnosis`);
    io.out(options.json ? JSON.stringify(d, null, 2) : describeDiagnosis(d));
    return;
  }
  if (options.limit !== undefined && !/^[1-9]\d*$/.test(options.limit))
    throw new UsageError(`--limit takes a number of groups, got ${JSON.stringify(options.limit)}`);
  const query = new URLSearchParams();
  if (options.region) query.set('regionId', options.region);
  if (options.limit) query.set('limit', options.limit);
  const a = await callJson<AccountDiagnoses>(options, 'GET', `/v1/diagnoses${query.size ? `?${query}` : ''}`);
  io.out(options.json ? JSON.stringify(a, null, 2) : describeAccount(a));
}
