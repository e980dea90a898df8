// The WHERE clauses every SQLite read of events shares, with named parameters (@account...).
import { FIELD_COLUMNS } from '../columns.js';
import type { ChangeScope, EventCursor, EventFilter } from '../event-store.js';

/** `text` as a LIKE pattern matching it anywhere, its own % _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function filterClauses(filter: EventFilter): string[] {
  const where: string[] = [];
  if (filter.account !== undefined) where.push('account = @account');
  if (typeof filter.sourceComponent === 'string') where.push('source_component = @sourceComponent');
  else if (filter.sourceComponent !== undefined) where.push('source_component IN (SELECT value FROM json_each(@sourceComponent))');
  if (filter.since !== undefined) where.push('last_ts >= @since');
  if (filter.until !== undefined) where.push('last_ts < @until');
  if (filter.type !== undefined) where.push('type = @type');
  if (filter.reasons !== undefined) where.push('reason IN (SELECT value FROM json_each(@reasons))');
  // LIKE ignores the case of ASCII letters (SQLite's default); ILIKE on PostgreSQL goes further.
  if (filter.text !== undefined) where.push(`(reason LIKE @text ESCAPE '\\' OR message LIKE @text ESCAPE '\\')`);
  if (filter.objectKind !== undefined) where.push('obj_kind = @objectKind');
  if (filter.objectName !== undefined) where.push('obj_name = @objectName');
  return where;
}

export function filterParams(filter: EventFilter): Record<string, unknown> {
  const { account, sourceComponent, since, until, type, reasons, text, objectKind, objectName } = filter;
  return {
    account,
    objectKind,
    objectName,
    since,
    until,
    type,
    sourceComponent: typeof sourceComponent === 'object' ? JSON.stringify(sourceComponent) : sourceComponent,
    reasons: reasons === undefined ? undefined : JSON.stringify(reasons),
    text: text === undefined ? undefined : containsPattern(text),
  };
}

/**
 * Events after `before` in the newest-first order (last_ts DESC, version DESC). The plain bound on
 * last_ts comes first so that an index on last_ts serves it as a range.
 */
export function cursorClause(before: EventCursor | undefined): string[] {
  return before === undefined ? [] : ['last_ts <= @beforeTs', '(last_ts < @beforeTs OR version < @beforeVersion)'];
}

export function cursorParams(before: EventCursor | undefined): Record<string, unknown> {
  return before === undefined ? {} : { beforeTs: before.lastTimestamp, beforeVersion: before.version };
}

/** The clauses (with positional parameters, in order) of a change-feed scope. */
export function scopeClauses(scope: ChangeScope): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (scope.account !== undefined) add('account = ?', scope.account);
  if (scope.namespace !== undefined) add('namespace = ?', scope.namespace);
  for (const c of scope.fields ?? []) add(`${FIELD_COLUMNS[c.field]} ${c.equals ? '=' : '!='} ?`, c.value);
  return { where, params };
}
