import type { FastifySchemaValidationError } from 'fastify';

type SchemaErrorDataVar = 'body' | 'headers' | 'params' | 'querystring';

/** `/a/0/b` as a field path a caller reads: `a[0].b`. */
function fieldOf(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .reduce((p, part) => (/^\d+$/.test(part) ? `${p}[${part}]` : p ? `${p}.${part}` : part), '');
}

/**
 * A schema refusal that names the field at fault, as `field: what is wrong`. Ajv's own message
 * ("body must NOT have additional properties") leaves the caller guessing which field it means.
 */
export function namedSchemaError(errors: FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): Error {
  const e = errors[0];
  if (!e) return new Error(`${dataVar}: not valid`);
  const at = fieldOf(e.instancePath);
  const within = (name: string) => (at ? `${at}.${name}` : name);
  if (e.keyword === 'additionalProperties') return new Error(`${within(String(e.params.additionalProperty))}: not a field of this ${dataVar}`);
  if (e.keyword === 'required') return new Error(`${within(String(e.params.missingProperty))}: required`);
  return new Error(`${at || dataVar}: ${e.message ?? 'not valid'}`);
}
