// `npm run world-schema`: writes docs/world.schema.json, the JSON Schema of world files, from the
// one TypeBox definition the loader checks files against (src/emulator/world/spec.ts). Editors
// read it to complete and check a world file (`$schema` in JSON, a yaml-language-server comment
// in YAML). test/docs.test.ts fails when the committed file is not what this writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WorldSchema } from '../src/emulator/world/spec.js';

/** Where the schema is published, from the repository root. */
export const WORLD_SCHEMA_FILE = 'docs/world.schema.json';

/** The schema file's text: TypeBox types are JSON Schema already; JSON drops their symbol keys. */
export function worldSchemaText(): string {
  // draft-07: what TypeBox emits (const, exclusiveMinimum as a number) and what editors know best.
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...(JSON.parse(JSON.stringify(WorldSchema)) as object) };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Run from dist/scripts/: the repository root is two folders up.
  const file = fileURLToPath(new URL(`../../${WORLD_SCHEMA_FILE}`, import.meta.url));
  writeFileSync(file, worldSchemaText());
  process.stdout.write(`wrote ${WORLD_SCHEMA_FILE}\n`);
}
