// Reading a world file: YAML or JSON (YAML is a superset), then the schema, then the
// consistency checks. Any problem refuses the whole file with every problem listed.
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { parse, YAMLParseError } from 'yaml';
import { firstUnstorable } from '../../model/text.js';
import { MAX_WORLD_BYTES, shapeProblems, totalProblems } from './bounds.js';
import { checkWorld, WorldError } from './check.js';
import { DEFAULTS, DEFAULT_WORLD } from './defaults.js';
import { normalizeWorld } from './normalize.js';
import { WorldSchema, type WorldSpec } from './spec.js';

/** Schema problems as `path: message`, paths written as in the file (regions[0].zones[1]). */
/** Errors that only say the value is of another type; a union branch failing so did not fit at all. */
const MISMATCH = new Set([
  ValueErrorType.Object,
  ValueErrorType.Array,
  ValueErrorType.Integer,
  ValueErrorType.Number,
  ValueErrorType.String,
  ValueErrorType.Boolean,
]);

/** Errors that say a value passes one of the world's bounds (bounds.ts): worded as a bound. */
const BOUND: Partial<Record<ValueErrorType, (s: Record<string, unknown>) => string>> = {
  [ValueErrorType.IntegerMaximum]: (s) => `more than ${String(s.maximum)}, the bound of this field`,
  [ValueErrorType.NumberMaximum]: (s) => `more than ${String(s.maximum)}, the bound of this field`,
  [ValueErrorType.ArrayMaxItems]: (s) => `more than ${String(s.maxItems)} items, the bound of this list`,
  [ValueErrorType.StringMaxLength]: (s) => `longer than ${String(s.maxLength)} characters, the bound of this field`,
  [ValueErrorType.ObjectMaxProperties]: (s) => `more than ${String(s.maxProperties)} keys, the bound of this map`,
};

/** For a union, the error of the branch the value was closest to (one of its own type), else the union's. */
function specific(e: ValueError): ValueError {
  if (e.type !== ValueErrorType.Union) return e;
  for (const branch of e.errors) {
    const first = branch.First();
    if (first && !MISMATCH.has(first.type)) return specific(first);
  }
  return e;
}

export function schemaProblems(data: unknown): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of Value.Errors(WorldSchema, data)) {
    const e = specific(raw);
    const path =
      e.path
        .split('/')
        .filter(Boolean)
        .reduce((p, part) => (/^\d+$/.test(part) ? `${p}[${part}]` : p ? `${p}.${part}` : part), '') || '(top level)';
    const bound = BOUND[e.type];
    const shown = Array.isArray(e.value)
      ? ` (got ${e.value.length})`
      : e.value !== undefined && typeof e.value !== 'object'
        ? ` (got ${JSON.stringify(e.value).slice(0, 80)})`
        : '';
    if (bound) {
      if (!seen.has(path)) out.push(`${path}: ${bound(e.schema as Record<string, unknown>)}${shown}`);
      seen.add(path);
      continue;
    }
    const line = `${path}: ${e.message}${e.value !== undefined && typeof e.value !== 'object' ? ` (got ${JSON.stringify(e.value)})` : ''}`;
    // A union reports each branch; one line per path is enough to act on.
    if (seen.has(path)) continue;
    seen.add(path);
    out.push(line);
  }
  return out;
}

/** A checked, normalized world from a plain value (a parsed file or a patched world). */
export function worldFrom(data: unknown, base: WorldSpec = DEFAULT_WORLD): WorldSpec {
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new WorldError(['(top level): a world is an object (a YAML mapping or a JSON object)']);
  // Bounds first, and nothing is built until they hold: a size in a world is materialised.
  const shape = shapeProblems(data);
  if (shape.length) throw new WorldError(shape);
  const problems = schemaProblems(data);
  // Names in a world end up in events' messages: one that no store can hold is refused here.
  const unstorable = firstUnstorable(data);
  if (unstorable) problems.push(`${unstorable.path || '(top level)'}: ${unstorable.problem}`);
  if (problems.length) throw new WorldError(problems);
  const totals = totalProblems(data, DEFAULTS.hostsPerZone);
  if (totals.length) throw new WorldError(totals);
  const world = normalizeWorld(data as WorldSpec, base);
  const more = checkWorld(world);
  if (more.length) throw new WorldError(more);
  return world;
}

/** Parses and checks a world file's text; `source` names it in errors. */
export function parseWorld(text: string, source = 'world file'): WorldSpec {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_WORLD_BYTES) throw new WorldError([`${source}: ${bytes} bytes; the bound of a world file is ${MAX_WORLD_BYTES} bytes`]);
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    const why = err instanceof YAMLParseError ? err.message : String(err);
    throw new WorldError([`${source}: not YAML or JSON: ${why}`]);
  }
  return worldFrom(data ?? {});
}
