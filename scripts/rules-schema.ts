// `npm run rules-schema`: writes docs/rules.schema.json, the JSON Schema of the agent's rule
// files, from the one TypeBox definition the loader checks them against
// (src/detectors/rules/schema.ts). Shipped rule files point at it with "$schema", so editors
// complete and check them; src/detectors/rules/load.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RuleFileSchema } from '../src/detectors/rules/schema.js';

/** Where the schema is published, from the repository root. */
export const RULES_SCHEMA_FILE = 'docs/rules.schema.json';

export function rulesSchemaText(): string {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...(JSON.parse(JSON.stringify(RuleFileSchema)) as object) };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = fileURLToPath(new URL(`../../${RULES_SCHEMA_FILE}`, import.meta.url));
  writeFileSync(file, rulesSchemaText());
  process.stdout.write(`wrote ${RULES_SCHEMA_FILE}\n`);
}
