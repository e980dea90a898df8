// PostgreSQL's side of the SQL both backends share (sql/dialect.ts).
import type { Dialect } from '../sql/dialect.js';

export const POSTGRES: Dialect = {
  placeholder: (n) => `$${n}`,
  limit: (placeholder) => `LIMIT ${placeholder}`,
  inList: (column, placeholder) => `${column} = ANY(${placeholder}::text[])`,
  list: (values) => values,
  // ILIKE in the "C" collation folds the case of ASCII letters only, as SQLite's LIKE does; in
  // the database's own collation it would follow its locale (in C.UTF-8, É matches é).
  likeIgnoringAsciiCase: (column, placeholder) => `${column} ILIKE ${placeholder} COLLATE "C" ESCAPE '\\'`,
  // The indexes on namespace are in the "C" collation: an equality in another could not use them.
  bytewise: (column) => `${column} COLLATE "C"`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  nameTail: (expr) => `right(${expr}, 16)`,
};
