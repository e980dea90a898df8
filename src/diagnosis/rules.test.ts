// The shipped rule file: it loads, covers every row of the catalog, and a bad file fails with
// every problem named, before anything runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog/index.js';
import { DiagnosisRuleError, loadDiagnosisRules, parseDiagnosisRules, SHIPPED_RULES } from './rules.js';

const shipped = () => JSON.parse(readFileSync(SHIPPED_RULES, 'utf8')) as { rules: Array<Record<string, unknown>> };
const problems = (data: unknown): string[] => {
  try {
    parseDiagnosisRules(JSON.stringify(data), catalog, 'f.json');
  } catch (err) {
    if (err instanceof DiagnosisRuleError) return [...err.problems];
    throw err;
  }
  return [];
};

describe('the shipped diagnosis rules', () => {
  const rules = loadDiagnosisRules(catalog);

  it('cover every row of the catalog (seed and agent rows) with a rule that always applies', () => {
    expect(rules.uncovered()).toEqual([]);
    for (const row of catalog.rows) {
      const covering = rules.rules.filter((r) => r.reason === row.reason && !r.when && (r.template === undefined || r.template === row.message));
      expect(covering.length, `${row.reason} ${row.message}`).toBeGreaterThan(0);
    }
  });

  it('say of every row whether it is a cause, a consequence or information', () => {
    const roles = new Map(
      catalog.rows.map((row) => [`${row.reason} ${row.message}`, rules.classify(row.reason, catalog.renderRow(row, Array(row.slots).fill('x')))?.rule.role]),
    );
    expect([...roles.values()].filter((r) => r === undefined)).toEqual([]);
    // The kubelet's successes are never causes; its failures are.
    expect(rules.classify('Started', 'Started container app')?.rule.role).toBe('info');
    expect(rules.classify('Failed', 'Error: CreateContainerConfigError')?.rule.role).toBe('cause');
    expect(rules.classify('Failed', 'Error: ErrImagePull')?.rule).toMatchObject({ role: 'consequence', name: 'pull-error' });
    expect(rules.classify('BackOff', 'Back-off pulling image "nginx"')?.rule.name).toBe('pull-backoff');
    expect(rules.classify('BackOff', 'Back-off restarting failed container app in pod p_default(eci-1)')?.rule.name).toBe('crash-loop');
  });

  it('resolve only by reasons of the catalog, and tie consequences to reasons or rules that exist', () => {
    const names = new Set(rules.rules.map((r) => r.name));
    for (const r of rules.rules) {
      for (const reason of r.resolvedBy) expect(catalog.has(reason), `${r.name} resolvedBy ${reason}`).toBe(true);
      for (const of of r.of) expect(catalog.has(of) || names.has(of), `${r.name} of ${of}`).toBe(true);
    }
  });
});

describe('a bad rule file fails at load, naming every problem', () => {
  it('refuses JSON that is not a rule file', () => {
    expect(problems({ rules: [] })[0]).toMatch(/^f\.json: \/rules: Expected array length to be greater or equal to 1/);
    expect(problems({ rules: [{ name: 'x', reason: 'NoStock', role: 'maybe' }] }).join('\n')).toMatch(/\/rules\/0\/role/);
    expect(() => parseDiagnosisRules('{', catalog)).toThrow(/not JSON/);
  });

  it('refuses unknown reasons and templates, bad regexes, missing fields and uncovered rows', () => {
    const data = shipped();
    data.rules = data.rules.filter((r) => r.reason !== 'DiskFull');
    data.rules.push(
      { name: 'ghost', reason: 'NoSuchReason', role: 'info' },
      { name: 'bad-template', reason: 'NoStock', template: 'not a template', role: 'info' },
      { name: 'bad-regex', reason: 'NoStock', role: 'cause', impact: 'blocks', rank: 1, title: 't', remedy: 'r', capture: '(?<x>[' },
      { name: 'no-remedy', reason: 'NoStock', role: 'cause', impact: 'blocks', rank: 1, title: 't' },
      { name: 'orphan', reason: 'BackOff', role: 'consequence', impact: 'blocks', rank: 1, title: 't', remedy: 'r', of: ['nothing-here'] },
    );
    const found = problems(data);
    expect(found).toEqual(
      expect.arrayContaining([
        'f.json: rule "ghost": reason "NoSuchReason" is not in the catalog',
        expect.stringMatching(/^f\.json: rule "bad-template": NoStock has no row with the template "not a template"/),
        expect.stringMatching(/^f\.json: rule "bad-regex": capture: Invalid regular expression/),
        'f.json: rule "no-remedy": a cause needs `remedy`',
        'f.json: rule "orphan": of: "nothing-here" is neither a reason of the catalog nor a rule',
        'f.json: catalog row DiskFull "There is insufficient disk space for the current ECI instance": no rule without `when` covers it',
      ]),
    );
  });

  it('refuses a name used twice', () => {
    const data = shipped();
    data.rules.push({ ...data.rules[0]! });
    expect(problems(data)).toContain(`f.json: rule ${JSON.stringify(data.rules[0]!.name)}: the name is used twice`);
  });
});

describe('docs/diagnosis.schema.json', () => {
  it('is current (npm run diagnosis-schema), and the shipped file points at it', async () => {
    const { diagnosisSchemaText, DIAGNOSIS_SCHEMA_FILE } = await import('../../scripts/diagnosis-schema.js');
    expect(readFileSync(new URL(`../../${DIAGNOSIS_SCHEMA_FILE}`, import.meta.url), 'utf8')).toBe(diagnosisSchemaText());
    expect((shipped() as { $schema?: string }).$schema).toBe('../../docs/diagnosis.schema.json');
  });
});
