// `npm run diagnosis-schema`: writes docs/diagnosis.schema.json, the JSON Schema of the diagnosis
// rule file, from the TypeBox definition its loader checks it against (src/diagnosis/rule-schema.ts).
// rules/diagnosis/causes.json points at it with "$schema"; src/diagnosis/rules.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DiagnosisRuleFileSchema } from '../src/diagnosis/rule-schema.js';

/** Where the schema is published, from the repository root. */
export const DIAGNOSIS_SCHEMA_FILE = 'docs/diagnosis.schema.json';

export function diagnosisSchemaText(): string {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...(JSON.parse(JSON.stringify(DiagnosisRuleFileSchema)) as object) };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = fileURLToPath(new URL(`../../${DIAGNOSIS_SCHEMA_FILE}`, import.meta.url));
  writeFileSync(file, diagnosisSchemaText());
  process.stdout.write(`wrote ${DIAGNOSIS_SCHEMA_FILE}\n`);
}
