// The WHERE clauses every read of events shares, on every backend; each binds its values as it
// goes (dialect.ts), so a statement's clauses are made in the order they appear in its text.
import { FIELD_COLUMNS } from '../columns.js';
import type { ChangeScope, EventCursor, EventFilter } from '../event-store.js';
import type { Bind } from './dialect.js';

/** `text` as a LIKE pattern matching it anywhere, its own % _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The clauses of a filter; `alias` prefixes every column ('e.' for a table aliased e). */
export function filterClauses(filter: EventFilter, bind: Bind, alias = ''): string[] {
  const d = bind.dialect;
  const where: string[] = [];
  const equal = (column: string, value: unknown) => where.push(`${alias}${column} = ${bind.value(value)}`);
  if (filter.account !== undefined) equal('account', filter.account);
  if (typeof filter.sourceComponent === 'string') equal('source_component', filter.sourceComponent);
  else if (filter.sourceComponent !== undefined) where.push(d.inList(`${alias}source_component`, bind.value(d.list(filter.sourceComponent))));
  if (filter.since !== undefined) where.push(`${alias}last_ts >= ${bind.value(filter.since)}`);
  if (filter.until !== undefined) where.push(`${alias}last_ts < ${bind.value(filter.until)}`);
  if (filter.type !== undefined) equal('type', filter.type);
  if (filter.reasons !== undefined) where.push(d.inList(`${alias}reason`, bind.value(d.list(filter.reasons))));
  if (filter.text !== undefined) {
    const pattern = containsPattern(filter.text);
    const like = (column: string) => d.likeIgnoringAsciiCase(`${alias}${column}`, bind.value(pattern));
    where.push(`(${like('reason')} OR ${like('message')})`);
  }
  if (filter.objectKind !== undefined) equal('obj_kind', filter.objectKind);
  if (filter.objectName !== undefined) equal('obj_name', filter.objectName);
  return where;
}

/**
 * Events after `before` in the newest-first order (last_ts DESC, version DESC). The plain bound on
 * last_ts comes first so that an index on last_ts serves it as a range.
 */
export function cursorClauses(before: EventCursor | undefined, bind: Bind): string[] {
  if (before === undefined) return [];
  const atOrBefore = `last_ts <= ${bind.value(before.lastTimestamp)}`;
  return [atOrBefore, `(last_ts < ${bind.value(before.lastTimestamp)} OR version < ${bind.value(before.version)})`];
}

/** The clauses of a change-feed scope. */
export function scopeClauses(scope: ChangeScope, bind: Bind): string[] {
  const where: string[] = [];
  if (scope.account !== undefined) where.push(`account = ${bind.value(scope.account)}`);
  if (scope.namespace !== undefined) where.push(`namespace = ${bind.value(scope.namespace)}`);
  for (const c of scope.fields ?? []) where.push(`${FIELD_COLUMNS[c.field]} ${c.equals ? '=' : '<>'} ${bind.value(c.value)}`);
  return where;
}
