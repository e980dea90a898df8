// PostgreSQL's text form of an array, made when a batch is handed over: the driver would make it
// only when it sends the statement, which for a batch waiting behind another (writeDepth) is after
// that one's answer, while the server waits; made here, it overlaps the batch before.

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/** One element: NULL, a number or boolean as written, anything else quoted with `"` and `\` escaped. */
function element(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  const s = String(v);
  return NEEDS_ESCAPE.test(s) ? `"${s.replace(ESCAPED, '\\$&')}"` : `"${s}"`;
}

/** The array literal of `values` (a one-dimensional array of text, numbers or booleans), e.g. `{"a","b \\" c",NULL}`. */
export function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = element(values[i]);
  return `{${parts.join(',')}}`;
}
