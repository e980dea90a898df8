// Splitting the command language (container-fate.ts) as sh would, in the little it needs: quotes
// keep separators and spaces inside a word, and are removed from the word.

/** Text without one pair of matching quotes around it. */
export function unquote(text: string): string {
  const t = text.trim();
  return /^(['"]).*\1$/s.test(t) ? t.slice(1, -1) : t;
}

/** A quote that is never closed (sh refuses the whole script), or undefined. */
export function unterminatedQuote(script: string): string | undefined {
  let quote = '';
  for (const ch of script) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
  }
  return quote || undefined;
}

/** Statements and their separators, alternating: statement, `;`/`&&`/`||`/new line, statement... */
export function splitStatements(script: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote = '';
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      if (ch === quote) quote = '';
      current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
      continue;
    }
    const two = script.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      parts.push(current, two);
      current = '';
      i++;
    } else if (ch === ';' || ch === '\n') {
      parts.push(current, ch);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** A statement's words: split on blanks outside quotes, quotes removed (an unclosed one runs to the end). */
export function words(statement: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote = '';
  for (const ch of statement.trim()) {
    if (quote) {
      if (ch === quote) quote = '';
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== undefined) out.push(word);
  return out;
}
