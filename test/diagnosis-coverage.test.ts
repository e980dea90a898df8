// The coverage table of docs/DIAGNOSIS.md stays true: one line per catalog row in the catalog's
// order, the rules it names are the rules of that row in rules/diagnosis/causes.json, and every
// scenario file it names exists and names the row's reason (a diagnosis scenario: or its rule).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedRows } from '../src/catalog/index.js';

const root = new URL('../', import.meta.url);
const doc = readFileSync(new URL('docs/DIAGNOSIS.md', root), 'utf8');
const rules = (
  JSON.parse(readFileSync(new URL('rules/diagnosis/causes.json', root), 'utf8')) as {
    rules: Array<{ name: string; reason: string; template?: string; when?: string }>;
  }
).rules;

interface Line {
  n: number;
  group: string;
  reason: string;
  rules: string[];
  world: string;
  diagnosis: string;
}

const lines: Line[] = doc
  .slice(doc.indexOf('## Coverage: every catalog row, end to end'))
  .split('\n')
  .filter((l) => /^\| \d+ \|/.test(l))
  .map((l) => {
    const [n, group, reason, named, world, diagnosis] = l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    return { n: Number(n), group: group!, reason: reason!, rules: [...named!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), world: world!, diagnosis: diagnosis! };
  });

/** Scenario file names a cell mentions: bare words before a comma or a parenthesis ("runtime, hosts (resolution)"). */
const files = (cell: string) =>
  cell
    .replace(/\([^)]*\)/g, '')
    .split(/[,;]/)
    .map((w) => w.trim())
    .filter((w) => /^[a-z][a-z-]+$/.test(w) && w !== 'none');

describe('docs/DIAGNOSIS.md: the coverage table', () => {
  it('has one line per catalog row, in order, with its group and reason', () => {
    expect(lines.map((l) => [l.n, l.group, l.reason.replace(/#\d$/, '')])).toEqual(seedRows.map((r, i) => [i + 1, r.group, r.reason]));
  });

  it('names the rules of each row (those that apply to its template)', () => {
    for (const [i, l] of lines.entries()) {
      const row = seedRows[i]!;
      const want = rules.filter((r) => r.reason === row.reason && (r.template === undefined || r.template === row.message)).map((r) => r.name);
      expect(l.rules, `${l.n} ${l.reason}`).toEqual(want);
    }
  });

  it('names scenario files that exist and mention the row', () => {
    for (const l of lines) {
      const reason = l.reason.replace(/#\d$/, '');
      for (const f of files(l.world)) {
        const path = new URL(`test/world-scenarios-${f}.test.ts`, root);
        expect(existsSync(path), `${l.n}: world-scenarios-${f}`).toBe(true);
        expect(readFileSync(path, 'utf8'), `${l.n}: world-scenarios-${f} mentions ${reason}`).toContain(reason);
      }
      for (const f of files(l.diagnosis)) {
        const path = new URL(`test/diagnosis-scenarios-${f}.test.ts`, root);
        expect(existsSync(path), `${l.n}: diagnosis-scenarios-${f}`).toBe(true);
        // Progress rows show only among a scenario's events; the others are named where they are checked.
        if (l.diagnosis.includes('progress')) continue;
        const text = readFileSync(path, 'utf8');
        expect(
          [reason, ...l.rules].some((w) => text.includes(w)),
          `${l.n}: diagnosis-scenarios-${f} names ${reason} or its rule`,
        ).toBe(true);
      }
    }
  });
});
