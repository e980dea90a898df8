// Documents made from the code stay what the code makes: the world file's JSON Schema, the
// table of every catalog row with its cause, and the world file reference.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EVENTS_DOC_FILE, eventsDocText } from '../scripts/events-doc.js';
import { WORLD_SCHEMA_FILE, worldSchemaText } from '../scripts/world-schema.js';
import { catalog, seedRows } from '../src/catalog/index.js';
import { INSTANCE_TYPES } from '../src/emulator/instance-types.js';
import { DEFAULT_WORLD } from '../src/emulator/world/defaults.js';
import { FAULT_KINDS } from '../src/emulator/world/faults.js';
import { worldFrom } from '../src/emulator/world/load.js';
import { mergeValue } from '../src/emulator/world/merge.js';
import { normalizeWorld } from '../src/emulator/world/normalize.js';
import { WorldSchema } from '../src/emulator/world/spec.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('docs/world.schema.json', () => {
  it('is the JSON Schema of src/emulator/world/spec.ts', () => {
    expect(
      read(WORLD_SCHEMA_FILE) === worldSchemaText(),
      `${WORLD_SCHEMA_FILE} is not the schema of src/emulator/world/spec.ts: regenerate it with \`npm run world-schema\` and commit it`,
    ).toBe(true);
  });
});

/** The rows of EVENTS.md's tables: number, reason, type, message template, cause, trigger. */
function tableRows(text: string) {
  return text
    .split('\n')
    .filter((line) => /^\| A?\d+ \|/.test(line))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, '|'));
      const [n, reason, type, message, cause, trigger] = cells;
      return {
        n: n!,
        reason: /`([^`]+)`/.exec(reason!)?.[1],
        type,
        message: /^`(.*)`$/.exec(message!)?.[1],
        cause: cause!,
        trigger: trigger!,
        cells: cells.length,
      };
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
    expect(
      text === eventsDocText(),
      `${EVENTS_DOC_FILE} is not what the catalog and scripts/event-causes.ts make: regenerate it with \`npm run events-doc\` and commit it`,
    ).toBe(true);
  });
});

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

/** Every field path of the world schema: `regions[].zones[].stock`, `accounts[].quotas.vcpu`. */
function schemaFields(node: SchemaNode, path = '', out = new Set<string>()): Set<string> {
  for (const b of node.anyOf ?? []) schemaFields(b, path, out);
  if (node.type === 'array' && node.items) schemaFields(node.items, `${path}[]`, out);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const p = path ? `${path}.${key}` : key;
    out.add(p);
    schemaFields(child, p, out);
  }
  return out;
}

/** The part of a Markdown text under a `## ` heading, up to the next one. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  expect(start, `no section "## ${title}"`).toBeGreaterThan(-1);
  const end = text.indexOf('\n## ', start + 4);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('docs/WORLD.md', () => {
  const text = read('docs/WORLD.md');

  it('documents every field of the world schema, and no other, in "The fields"', () => {
    const documented = new Set<string>();
    let object: string | undefined;
    for (const line of section(text, 'The fields').split('\n')) {
      const heading = /^### (?:Top level|`([^`]+)`)$/.exec(line);
      if (heading) object = heading[1] ?? '';
      const field = /^\| `([^`]+)` \|/.exec(line);
      if (field && object !== undefined) documented.add(object ? `${object}.${field[1]}` : field[1]!);
    }
    expect([...documented].sort()).toEqual([...schemaFields(WorldSchema as SchemaNode)].sort());
  });

  it('lists every fault kind once, with what it targets', () => {
    const rows = section(text, 'Faults')
      .split('\n')
      .flatMap((line) => {
        const m = /^\| `([a-z-]+)` \| ([a-z ]+) \|/.exec(line);
        return m ? [[m[1], m[2]]] : [];
      });
    expect(rows).toEqual(Object.entries(FAULT_KINDS).map(([kind, k]) => [kind, k.target === 'zone' ? 'zone or region' : k.target]));
  });

  it('names every built-in instance type', () => {
    for (const t of INSTANCE_TYPES) expect(text).toContain(`\`${t.name}\``);
  });

  it('has a run-time change example that applies to the default world', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(section(text, 'Changing the world at run time'))![1]!;
    const world = worldFrom(mergeValue(normalizeWorld(DEFAULT_WORLD, DEFAULT_WORLD), parse(example)));
    expect(world.regions![0]!.zones.find((z) => z.zoneId === 'cn-hangzhou-k')!.stock).toEqual({ 'ecs.c6.large': 0 });
  });
});
