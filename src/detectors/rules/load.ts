// Loading the rules directory: every *.json file in name order, parsed, checked against the
// schema, then compiled. Any problem in any file stops the agent before it reads a line, with
// every problem listed as FILE: rule "NAME": reason.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { Catalog } from '../../catalog/index.js';
import type { CompiledRuleFile } from './compiled.js';
import { compileRuleFile } from './compile.js';
import { DiskRuleFileSchema, LogRuleFileSchema, type RuleFile } from './schema.js';

export class RuleLoadError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`bad rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Schema problems as `rule "NAME": path: message`, or `path: message` outside a rule. */
function schemaProblems(data: unknown): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const { rules, source } = data as { rules?: unknown; source?: unknown };
  // The source picks the file's shape, so problems are those of that shape, not of a union.
  if (!['kmsg', 'file', 'stdin', 'disk'].includes(source as string)) {
    return [`source: must be kmsg, file, stdin or disk${source === undefined ? '' : ` (got ${JSON.stringify(source)})`}`];
  }
  for (const e of Value.Errors(source === 'disk' ? DiskRuleFileSchema : LogRuleFileSchema, data)) {
    const parts = e.path.split('/').filter(Boolean);
    let where = parts.reduce((p, part) => (/^\d+$/.test(part) ? `${p}[${part}]` : p ? `${p}.${part}` : part), '') || '(top level)';
    if (parts[0] === 'rules' && parts[1] !== undefined && Array.isArray(rules)) {
      const name = (rules[Number(parts[1])] as { name?: unknown } | undefined)?.name;
      const rest = parts.slice(2).join('.');
      where = `rule ${typeof name === 'string' ? JSON.stringify(name) : `#${Number(parts[1]) + 1}`}${rest ? `: ${rest}` : ''}`;
    }
    // A union reports each branch; one line per place is enough to act on.
    if (seen.has(where)) continue;
    seen.add(where);
    out.push(`${where}: ${e.message}${e.value !== undefined && typeof e.value !== 'object' ? ` (got ${JSON.stringify(e.value)})` : ''}`);
  }
  return out;
}

/** Parses and compiles one file's text; `file` names it in problems. */
export function parseRuleFile(file: string, text: string, catalog: Catalog, problems: string[]): CompiledRuleFile | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    problems.push(`${file}: not JSON: ${(err as Error).message}`);
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push(`${file}: a rule file is a JSON object`);
    return undefined;
  }
  const found = schemaProblems(data);
  if (found.length) {
    problems.push(...found.map((p) => `${file}: ${p}`));
    return undefined;
  }
  const own: string[] = [];
  const compiled = compileRuleFile(file, data as RuleFile, catalog, own);
  problems.push(...own.map((p) => `${file}: ${p}`));
  return own.length ? undefined : compiled;
}

/** Every *.json file of `dir`, compiled; throws RuleLoadError with every problem of every file. */
export function loadRuleDir(dir: string, catalog: Catalog): CompiledRuleFile[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch (err) {
    throw new RuleLoadError([`${dir}: ${(err as Error).message}`]);
  }
  if (names.length === 0) throw new RuleLoadError([`${dir}: no rule files (*.json)`]);
  const problems: string[] = [];
  const files = names.map((name) => parseRuleFile(name, readFileSync(join(dir, name), 'utf8'), catalog, problems));
  // Rule names key the reports' idempotency: one name, one rule, across files.
  const owner = new Map<string, string>();
  for (const f of files) {
    for (const rule of f?.rules ?? []) {
      const other = owner.get(rule.name);
      if (other !== undefined && other !== rule.file) problems.push(`${rule.file}: rule "${rule.name}": the name is also used in ${other}`);
      owner.set(rule.name, rule.file);
    }
  }
  if (problems.length) throw new RuleLoadError(problems);
  return files as CompiledRuleFile[];
}
