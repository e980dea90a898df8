// Message templates of rules: literal text with {name} placeholders, compiled once at load so
// that rendering an event is a join, not a parse.

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Literal parts and the names between them: parts.length === names.length + 1. */
export interface Template {
  parts: string[];
  names: string[];
}

export function compileTemplate(text: string): Template {
  const parts: string[] = [];
  const names: string[] = [];
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(at, m.index));
    names.push(m[1]!);
    at = m.index! + m[0].length;
  }
  parts.push(text.slice(at));
  return { parts, names };
}

/** The text with each placeholder replaced by its value ('' for a capture that did not take part). */
export function renderTemplate(t: Template, values: Readonly<Record<string, string | undefined>>): string {
  let out = t.parts[0]!;
  for (let i = 0; i < t.names.length; i++) out += (values[t.names[i]!] ?? '') + t.parts[i + 1]!;
  return out;
}
