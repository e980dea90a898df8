// Documents made from the code stay what the code makes: the world file's JSON Schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORLD_SCHEMA_FILE, worldSchemaText } from '../scripts/world-schema.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('docs/world.schema.json', () => {
  it('is the JSON Schema of src/emulator/world/spec.ts', () => {
    expect(read(WORLD_SCHEMA_FILE) === worldSchemaText(), `${WORLD_SCHEMA_FILE} is not the schema of src/emulator/world/spec.ts: regenerate it with \`npm run world-schema\` and commit it`).toBe(true);
  });
});
