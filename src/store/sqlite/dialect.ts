// SQLite's side of the SQL both backends share (sql/dialect.ts).
import type { Dialect } from '../sql/dialect.js';
import type { JsonSql } from '../event-json.js';
import { limitParam } from './statements.js';

export const SQLITE: Dialect = {
  placeholder: () => '?',
  limit: limitParam,
  inList: (column, placeholder) => `${column} IN (SELECT value FROM json_each(${placeholder}))`,
  list: (values) => JSON.stringify(values),
  // LIKE folds the case of ASCII letters only (SQLite's own, without the ICU extension).
  likeIgnoringAsciiCase: (column, placeholder) => `${column} LIKE ${placeholder} ESCAPE '\\'`,
  // Text compares byte by byte already (the BINARY collation).
  bytewise: (column) => column,
  // min() and max() of two arguments are SQLite's scalar functions, not the aggregates.
  least: (a, b) => `min(${a}, ${b})`,
  greatest: (a, b) => `max(${a}, ${b})`,
};

/**
 * The compact JSON text of an object of SQL expressions (event-json.ts); json_object() marks its
 * text as JSON, so an object nested in another stays an object.
 */
export const sqliteJsonObject: JsonSql = (members) => `json_object(${members.map(([key, sql]) => `'${key}', ${sql}`).join(', ')})`;
