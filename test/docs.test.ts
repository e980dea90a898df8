// Documents made from the code stay what the code makes: the world file's JSON Schema, and the
// table of every catalog row with its cause.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENTS_DOC_FILE, eventsDocText } from '../scripts/events-doc.js';
import { WORLD_SCHEMA_FILE, worldSchemaText } from '../scripts/world-schema.js';
import { catalog, seedRows } from '../src/catalog/index.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('docs/world.schema.json', () => {
  it('is the JSON Schema of src/emulator/world/spec.ts', () => {
    expect(read(WORLD_SCHEMA_FILE) === worldSchemaText(), `${WORLD_SCHEMA_FILE} is not the schema of src/emulator/world/spec.ts: regenerate it with \`npm run world-schema\` and commit it`).toBe(true);
  });
});

/** The rows of EVENTS.md's tables: number, reason, type, message template, cause, trigger. */
function tableRows(text: string) {
  return text
    .split('\n')
    .filter((line) => /^\| A?\d+ \|/.test(line))
    .map((line) => {
      const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
      const [n, reason, type, message, cause, trigger] = cells;
      return { n: n!, reason: /`([^`]+)`/.exec(reason!)?.[1], type, message: /^`(.*)`$/.exec(message!)?.[1], cause: cause!, trigger: trigger!, cells: cells.length };
    });
}

describe('docs/EVENTS.md', () => {
  const text = read(EVENTS_DOC_FILE);
  const rows = tableRows(text);

  it('lists every row of the seed exactly once, in its order, with its reason, type and template', () => {
    const seed = rows.filter((r) => /^\d+$/.test(r.n));
    expect(seed.map((r) => [r.n, r.reason, r.type, r.message])).toEqual(seedRows.map((r, i) => [String(i + 1), r.reason, r.type, r.message]));
  });

  it('lists the Kubernetes agent rows of the catalog after them, in order', () => {
    const agent = rows.filter((r) => r.n.startsWith('A'));
    expect(agent.map((r) => [r.reason, r.type, r.message])).toEqual(catalog.rows.slice(seedRows.length).map((r) => [r.reason, r.type, r.message]));
  });

  it('gives every row a cause and a way to trigger it, in six columns', () => {
    for (const r of rows) {
      expect(r.cells, r.n).toBe(6);
      expect(r.cause.length, r.n).toBeGreaterThan(10);
      expect(r.trigger.length, r.n).toBeGreaterThan(10);
    }
  });

  it('is what scripts/events-doc.ts writes from the catalog and scripts/event-causes.ts', () => {
    expect(text === eventsDocText(), `${EVENTS_DOC_FILE} is not what the catalog and scripts/event-causes.ts make: regenerate it with \`npm run events-doc\` and commit it`).toBe(true);
  });
});
