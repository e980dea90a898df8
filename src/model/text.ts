// Text a store can hold. PostgreSQL's text type refuses U+0000 outright (the whole transaction
// fails with "invalid byte sequence"), and a UTF-16 surrogate without its pair has no UTF-8 form
// (the drivers store U+FFFD in its place, so what was stored is not what was sent). Both are
// refused before anything reaches a store, on every backend alike.

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** Whether `s` has no UTF-16 surrogate without its pair (String.prototype.isWellFormed, Node 20; not in the ES2022 lib). */
export function wellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

/** Why `value` cannot be stored as it is ("holds a NUL character (U+0000) at offset 3"), or undefined when it can. */
export function unstorableText(value: string): string | undefined {
  // Nearly all text is storable: two native scans say so about four times faster than the
  // expression, which then only finds where the problem is. Every reported string comes here.
  if (wellFormed(value) && !value.includes('\u0000')) return undefined;
  const m = UNSTORABLE.exec(value);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  return code === 0
    ? `holds a NUL character (U+0000) at offset ${m.index}, which cannot be stored`
    : `holds an unpaired UTF-16 surrogate (${hex(code)}) at offset ${m.index}, which is not text`;
}

/** Where a parsed request body or query holds unstorable text: the field's path (`a[0].b`) and why. */
export interface UnstorableField {
  path: string;
  problem: string;
}

// Parsed input: JSON objects, and query objects whose prototype is the parser's own; raw bytes
// (a Buffer body) are not text.
const isRecord = (v: object): v is Record<string, unknown> => !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer);

const keyPath = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The first string (value or key) in parsed objects and arrays that a store cannot hold. Walked
 * with a stack of its own, not recursion: a parsed body may be nested deeper than the call stack.
 */
export function firstUnstorable(value: unknown): UnstorableField | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const problem = unstorableText(v);
      if (problem) return { path, problem };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (typeof v === 'object' && v !== null && isRecord(v)) {
      const keys = Object.keys(v);
      for (const key of keys) {
        const problem = unstorableText(key);
        if (problem) return { path: keyPath(path, JSON.stringify(key).slice(1, -1)), problem: `its name ${problem}` };
      }
      for (let i = keys.length - 1; i >= 0; i--) stack.push([v[keys[i]!], keyPath(path, keys[i]!)]);
    }
  }
  return undefined;
}

/** At most `max` UTF-16 units of `value`, never cutting a surrogate pair in two. */
export function truncateText(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * `value` with every character a store cannot hold replaced by U+FFFD: for text observed rather
 * than chosen (a log line), where keeping the rest matters more than one odd byte.
 */
export function storableText(value: string): string {
  return value.replace(UNSTORABLE_ALL, '\uFFFD');
}
