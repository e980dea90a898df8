// Loading the diagnosis rules: the file parsed, checked against the schema, then against the
// catalog (every reason and template exists, every row has a rule that always applies), its
// regular expressions compiled. Any problem stops start-up, every problem listed.
import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import type { Catalog, CatalogRow } from '../catalog/index.js';
import { parseDuration } from '../model/duration.js';
import type { Micros } from '../model/event.js';
import { DiagnosisRuleFileSchema, type DiagnosisRuleFile, type DiagnosisRuleSpec, type Impact, type ProbeName, type Role } from './rule-schema.js';

/** The rule file that ships with the package. */
export const SHIPPED_RULES = new URL('../../rules/diagnosis/causes.json', import.meta.url);
/** Built, this file is in dist/src/diagnosis: the package's rules are one folder further up. */
const SHIPPED_RULES_BUILT = new URL('../../../rules/diagnosis/causes.json', import.meta.url);

export class DiagnosisRuleError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`bad diagnosis rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface DiagnosisRule {
  name: string;
  reason: string;
  template?: string;
  when?: RegExp;
  role: Role;
  category: string;
  impact: Impact;
  rank: number;
  capture?: RegExp;
  title: string;
  remedy: string;
  of: readonly string[];
  resolvedBy: readonly string[];
  stableFor: Micros;
  probes: readonly ProbeName[];
  groupBy: readonly string[];
}

export class DiagnosisRules {
  private readonly byReason = new Map<string, DiagnosisRule[]>();

  constructor(
    readonly rules: readonly DiagnosisRule[],
    private readonly catalog: Catalog,
  ) {
    for (const r of rules) {
      const list = this.byReason.get(r.reason) ?? [];
      list.push(r);
      this.byReason.set(r.reason, list);
    }
  }

  /** The rule for an event, and the arguments its message was rendered from (none when it matches no template). */
  classify(reason: string, message: string): { rule: DiagnosisRule; args: string[]; row?: CatalogRow } | undefined {
    const m = this.catalog.match(reason, message);
    const text = m?.combined ? message.replace(/^\(combined from similar events\): /, '') : message;
    for (const rule of this.byReason.get(reason) ?? []) {
      if (rule.template !== undefined && m && rule.template !== m.row.message) continue;
      if (rule.when && !rule.when.test(text)) continue;
      return { rule, args: m?.args ?? [], ...(m ? { row: m.row } : {}) };
    }
    return undefined;
  }

  /** The rows of the catalog no rule without `when` covers (a complete file has none). */
  uncovered(): CatalogRow[] {
    return this.catalog.rows.filter(
      (row) => !(this.byReason.get(row.reason) ?? []).some((r) => !r.when && (r.template === undefined || r.template === row.message)),
    );
  }

  /** The catalog's description of the row of this reason and template (the first row's when unknown). */
  meaning(reason: string, row?: CatalogRow): string {
    return (row ?? this.catalog.rowsFor(reason)[0])?.description ?? '';
  }
}

function regex(text: string | undefined, where: string, problems: string[]): RegExp | undefined {
  if (text === undefined) return undefined;
  try {
    return new RegExp(text);
  } catch (err) {
    problems.push(`${where}: ${(err as Error).message}`);
    return undefined;
  }
}

function compileRule(r: DiagnosisRuleSpec, catalog: Catalog, problems: string[]): DiagnosisRule {
  const where = `rule ${JSON.stringify(r.name)}`;
  const rows = catalog.rowsFor(r.reason);
  if (!rows.length) problems.push(`${where}: reason ${JSON.stringify(r.reason)} is not in the catalog`);
  else if (r.template !== undefined && !rows.some((row) => row.message === r.template)) {
    problems.push(
      `${where}: ${r.reason} has no row with the template ${JSON.stringify(r.template)} (its templates: ${rows.map((row) => JSON.stringify(row.message)).join(', ')})`,
    );
  }
  if (r.role !== 'info') {
    for (const field of ['impact', 'rank', 'title', 'remedy'] as const) if (r[field] === undefined) problems.push(`${where}: a ${r.role} needs \`${field}\``);
  }
  if (r.role === 'consequence' && !r.of) problems.push(`${where}: a consequence needs \`of\` (the reasons it follows from)`);
  if (r.role !== 'consequence' && r.of) problems.push(`${where}: only a consequence has \`of\``);
  for (const reason of r.resolvedBy ?? []) {
    if (!catalog.has(reason)) problems.push(`${where}: resolvedBy: ${JSON.stringify(reason)} is not a reason of the catalog`);
  }
  const capture = regex(r.capture, `${where}: capture`, problems);
  if (capture && !/\(\?<[A-Za-z_]/.test(r.capture!)) problems.push(`${where}: capture has no named group (?<name>...)`);
  const when = regex(r.when, `${where}: when`, problems);
  return {
    name: r.name,
    reason: r.reason,
    ...(r.template !== undefined ? { template: r.template } : {}),
    ...(when ? { when } : {}),
    role: r.role,
    category: r.category ?? 'other',
    impact: r.impact ?? 'notice',
    rank: r.rank ?? 0,
    ...(capture ? { capture } : {}),
    title: r.title ?? r.reason,
    remedy: r.remedy ?? '',
    of: r.of ?? [],
    resolvedBy: r.resolvedBy ?? [],
    stableFor: r.stableFor ? parseDuration(r.stableFor) : 0,
    probes: r.probes ?? [],
    groupBy: r.groupBy ?? [],
  };
}

/** Parses and checks a rule file's text; throws DiagnosisRuleError with every problem. */
export function parseDiagnosisRules(text: string, catalog: Catalog, file = 'diagnosis rules'): DiagnosisRules {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DiagnosisRuleError([`${file}: not JSON: ${(err as Error).message}`]);
  }
  const schema = [...Value.Errors(DiagnosisRuleFileSchema, data)].map((e) => `${file}: ${e.path || '(top level)'}: ${e.message}`);
  if (schema.length) throw new DiagnosisRuleError(schema);
  const spec = data as DiagnosisRuleFile;
  const problems: string[] = [];
  const seen = new Set<string>();
  const rules = spec.rules.map((r) => {
    if (seen.has(r.name)) problems.push(`rule ${JSON.stringify(r.name)}: the name is used twice`);
    seen.add(r.name);
    return compileRule(r, catalog, problems);
  });
  for (const r of spec.rules) {
    for (const of of r.of ?? [])
      if (!catalog.has(of) && !seen.has(of))
        problems.push(`rule ${JSON.stringify(r.name)}: of: ${JSON.stringify(of)} is neither a reason of the catalog nor a rule`);
  }
  const out = new DiagnosisRules(rules, catalog);
  for (const row of out.uncovered()) problems.push(`catalog row ${row.reason} ${JSON.stringify(row.message)}: no rule without \`when\` covers it`);
  if (problems.length) throw new DiagnosisRuleError(problems.map((p) => `${file}: ${p}`));
  return out;
}

/** Reads a rule file (the shipped one by default). */
export function loadDiagnosisRules(catalog: Catalog, file?: string | URL): DiagnosisRules {
  const candidates = file ? [file] : [SHIPPED_RULES, SHIPPED_RULES_BUILT];
  let lastError: Error | undefined;
  for (const f of candidates) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (err) {
      lastError = err as Error;
      continue;
    }
    return parseDiagnosisRules(text, catalog, typeof f === 'string' ? f : f.pathname.split('/').slice(-3).join('/'));
  }
  throw new DiagnosisRuleError([`cannot read the diagnosis rules: ${lastError?.message ?? 'no file'}`]);
}
