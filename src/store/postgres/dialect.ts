// PostgreSQL's side of the SQL both backends share (sql/dialect.ts).
import type { Dialect } from '../sql/dialect.js';

export const POSTGRES: Dialect = {
  placeholder: (n) => `$${n}`,
  limit: (placeholder) => `LIMIT ${placeholder}`,
  inList: (column, placeholder) => `${column} = ANY(${placeholder}::text[])`,
  list: (values) => values,
  likeIgnoringCase: (column, placeholder) => `${column} ILIKE ${placeholder} ESCAPE '\\'`,
  // The indexes on namespace are in the "C" collation: an equality in another could not use them.
  bytewise: (column) => `${column} COLLATE "C"`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
};
