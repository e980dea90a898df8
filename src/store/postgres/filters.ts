// The WHERE clauses every PostgreSQL read of events shares; each pushes its values onto `params`.
import { FIELD_COLUMNS } from '../columns.js';
import type { ChangeScope, EventCursor, EventFilter } from '../event-store.js';

/** `text` as a LIKE pattern matching it anywhere, its own % _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function filterClauses(filter: EventFilter, params: unknown[], prefix: string): string[] {
  const where: string[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  if (filter.account !== undefined) where.push(`${prefix}account = ${p(filter.account)}`);
  if (typeof filter.sourceComponent === 'string') where.push(`${prefix}source_component = ${p(filter.sourceComponent)}`);
  else if (filter.sourceComponent !== undefined) where.push(`${prefix}source_component = ANY(${p(filter.sourceComponent)}::text[])`);
  if (filter.since !== undefined) where.push(`${prefix}last_ts >= ${p(filter.since)}`);
  if (filter.until !== undefined) where.push(`${prefix}last_ts < ${p(filter.until)}`);
  if (filter.type !== undefined) where.push(`${prefix}type = ${p(filter.type)}`);
  if (filter.reasons !== undefined) where.push(`${prefix}reason = ANY(${p(filter.reasons)}::text[])`);
  if (filter.text !== undefined) {
    const pattern = p(containsPattern(filter.text));
    where.push(`(${prefix}reason ILIKE ${pattern} OR ${prefix}message ILIKE ${pattern})`);
  }
  if (filter.objectKind !== undefined) where.push(`${prefix}obj_kind = ${p(filter.objectKind)}`);
  if (filter.objectName !== undefined) where.push(`${prefix}obj_name = ${p(filter.objectName)}`);
  return where;
}

/**
 * Events after `before` in the newest-first order (last_ts DESC, version DESC). The plain bound on
 * last_ts comes first so that an index on last_ts serves it as a range.
 */
export function cursorClauses(before: EventCursor | undefined, params: unknown[]): string[] {
  if (before === undefined) return [];
  const ts = `$${params.push(before.lastTimestamp)}`;
  return [`last_ts <= ${ts}`, `(last_ts < ${ts} OR version < $${params.push(before.version)})`];
}

/** The clauses of a change-feed scope; each pushes its values onto `params`. */
export function scopeClauses(scope: ChangeScope, params: unknown[]): string[] {
  const where: string[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  if (scope.account !== undefined) where.push(`account = ${p(scope.account)}`);
  if (scope.namespace !== undefined) where.push(`namespace = ${p(scope.namespace)}`);
  for (const c of scope.fields ?? []) where.push(`${FIELD_COLUMNS[c.field]} ${c.equals ? '=' : '<>'} ${p(c.value)}`);
  return where;
}
