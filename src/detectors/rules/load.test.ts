// Rule files: every shipped one parses and compiles (and its JSON Schema is current); a bad one
// stops the agent at start with the file, the rule and the reason, every problem listed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalog } from '../../catalog/index.js';
import { RULES_DIR } from '../../../test/support/kernel-fixtures.js';
import { rulesSchemaText, RULES_SCHEMA_FILE } from '../../../scripts/rules-schema.js';
import { loadRuleDir, RuleLoadError } from './load.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function ruleDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'eci-rules-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

function problems(files: Record<string, unknown>): readonly string[] {
  try {
    loadRuleDir(ruleDir(files), catalog);
  } catch (err) {
    if (err instanceof RuleLoadError) return err.problems;
    throw err;
  }
  throw new Error('the rules loaded');
}

const rule = (over: Record<string, unknown> = {}) => ({ name: 'r1', reason: 'OOMKilled', patterns: ['Kill process (?<pid>\\d+)'], ...over });
const kmsg = (...rules: unknown[]) => ({ source: 'kmsg', rules });

describe('shipped rule files', () => {
  it('parses and compiles every file in rules/', () => {
    const names = readdirSync(RULES_DIR)
      .filter((n) => n.endsWith('.json'))
      .sort();
    const files = loadRuleDir(RULES_DIR, catalog);
    expect(files.map((f) => f.file)).toEqual(names);
    for (const f of files) expect(f.rules.length, f.file).toBeGreaterThan(0);
    expect(files.flatMap((f) => f.rules.map((r) => r.reason)).sort()).toEqual(
      expect.arrayContaining(['DiskFull', 'GPULostCard', 'NfsError', 'OOMKilled', 'PodOOMKilled', 'RuntimeIssueDetected']),
    );
  });

  it('points every file at the published schema, which is current (npm run rules-schema)', () => {
    for (const name of readdirSync(RULES_DIR).filter((n) => n.endsWith('.json'))) {
      expect((JSON.parse(readFileSync(join(RULES_DIR, name), 'utf8')) as { $schema?: string }).$schema, name).toBe('../docs/rules.schema.json');
    }
    expect(readFileSync(join(RULES_DIR, '..', RULES_SCHEMA_FILE), 'utf8')).toBe(rulesSchemaText());
  });
});

describe('a bad rule file stops the agent, naming file, rule and reason', () => {
  it('a regex that does not compile', () => {
    expect(problems({ 'a.json': kmsg(rule({ patterns: ['ok', 'Kill process (\\d+'] })) })).toEqual([
      'a.json: rule "r1": patterns[1]: Invalid regular expression: /Kill process (\\d+/: Unterminated group',
    ]);
  });

  it('a reason outside the catalog, or not a System O&M one', () => {
    expect(problems({ 'a.json': kmsg(rule({ reason: 'OOMKiled' }), rule({ name: 'r2', reason: 'NoStock' })) })).toEqual([
      'a.json: rule "r1": reason "OOMKiled" is not in the event catalog',
      'a.json: rule "r2": reason NoStock is not a System O&M event (only those take the observed message)',
    ]);
  });

  it('captures that no pattern has, and context without a window', () => {
    expect(problems({ 'b.json': kmsg(rule({ message: 'victim {task}', attribution: { cgroup: 'memcg' }, context: ['x'] })) })).toEqual([
      'b.json: rule "r1": message uses {task}, which no pattern or context captures',
      'b.json: rule "r1": attribution.cgroup names the capture "memcg", which no pattern or context has',
      'b.json: rule "r1": context needs a window (how many lines back a context line may be)',
    ]);
  });

  it('schema problems, with the rule named', () => {
    expect(problems({ 'c.json': kmsg(rule({ patterns: [] }), { name: 'r2', reason: 'OOMKilled', pattern: 'x', patterns: ['x'] }) })).toEqual([
      'c.json: rule "r1": patterns: Expected array length to be greater or equal to 1',
      'c.json: rule "r2": pattern: Unexpected property (got "x")',
    ]);
    expect(problems({ 'd.json': { source: 'journald', rules: [rule()] } })).toEqual(['d.json: source: must be kmsg, file, stdin or disk (got "journald")']);
  });

  it('names used twice, within a file or across files', () => {
    expect(problems({ 'a.json': kmsg(rule(), rule()), 'b.json': kmsg(rule({ name: 'r3' })), 'c.json': kmsg(rule({ name: 'r3' })) })).toEqual([
      'a.json: rule "r1": the name is used twice in this file',
      'c.json: rule "r3": the name is also used in b.json',
    ]);
  });

  it('a file source without a path, a disk rule without exactly one threshold, and bad JSON', () => {
    expect(
      problems({
        'a.json': { source: 'file', rules: [rule()] },
        'b.json': { source: 'disk', rules: [{ name: 'd1', reason: 'DiskFull', path: '/', usedPercent: 90, freeBytes: 1 }] },
        'c.json': '{"source": "kmsg",',
      }),
    ).toEqual([
      'a.json: source file needs a path',
      'b.json: rule "d1": give exactly one threshold, usedPercent or freeBytes',
      expect.stringMatching(/^c\.json: not JSON: /),
    ]);
  });

  it('a directory without rule files', () => {
    expect(problems({ 'notes.txt': 'x' })).toEqual([expect.stringMatching(/: no rule files \(\*\.json\)$/)]);
  });
});
