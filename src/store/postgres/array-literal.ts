// PostgreSQL's text form of an array, made when a batch is handed over: the driver would make it
// only when it sends the statement; made here, it overlaps the batch before.

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/** One element: NULL, a number or boolean as written, anything else quoted with `"` and `\` escaped. */
function element(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  const s = String(v);
  return NEEDS_ESCAPE.test(s) ? `"${s.replace(ESCAPED, '\\$&')}"` : `"${s}"`;
}

/** Values JSON writes as this encoder does: text, finite numbers and booleans (not null, which JSON writes `null`). */
function jsonAlike(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = typeof v;
    if (t !== 'string' && t !== 'boolean' && !(t === 'number' && Number.isFinite(v))) return false;
  }
  return true;
}

/**
 * Whether JSON escaped anything but `"` and `\` (a control character, written `\n` or `\u0001`):
 * inside an array literal's quotes a backslash only takes the next character as it is.
 */
function escapesMore(json: string): boolean {
  for (let i = json.indexOf('\\'); i !== -1; i = json.indexOf('\\', i + 2)) {
    const next = json.charCodeAt(i + 1);
    if (next !== 0x22 && next !== 0x5c) return true;
  }
  return false;
}

/** The array literal of `values` (a one-dimensional array of text, numbers or booleans), e.g. `{"a","b \\" c",NULL}`. */
export function arrayLiteral(values: readonly unknown[]): string {
  // JSON quotes text and escapes `"` and `\` as the literal does, in one native pass that makes
  // no string per element: about a third faster on a batch's columns, and far less garbage.
  if (jsonAlike(values)) {
    const json = JSON.stringify(values);
    if (!escapesMore(json)) return `{${json.slice(1, -1)}}`;
  }
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = element(values[i]);
  return `{${parts.join(',')}}`;
}
