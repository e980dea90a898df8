// Field selectors as the API server reads them (k8s.io/apimachinery/pkg/fields): terms joined by
// commas, each `field=value`, `field==value` or `field!=value`, with `\` escaping `,`, `=`, `!`
// and itself in values; only the fields an Event supports (reference/k8s-events.md §2).
import { EVENT_FIELDS, type EventField, type FieldCondition } from '../../store/index.js';
import { KubeError } from './status.js';

/** events.k8s.io/v1 names for core/v1 fields. */
const EVENTS_V1_ALIASES: Record<string, EventField> = {
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.kind': 'involvedObject.kind',
  'regarding.name': 'involvedObject.name',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.uid': 'involvedObject.uid',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  reportingController: 'reportingComponent',
  deprecatedSource: 'source',
};

const SUPPORTED = new Set<string>(EVENT_FIELDS);

/** Splits at unescaped commas, keeping escapes for the term parser. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]!;
    if (c === '\\' && i + 1 < selector.length) {
      current += c + selector[++i];
    } else if (c === ',') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

function unescape(value: string, selector: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      const next = value[++i];
      if (next === undefined || !'\\,=!'.includes(next))
        throw new KubeError('InvalidParameter', `invalid field selector: ${JSON.stringify(selector)}: invalid escape sequence`);
      out += next;
    } else if (c === ',' || c === '=' || c === '!') {
      throw new KubeError('InvalidParameter', `invalid field selector: ${JSON.stringify(selector)}: unescaped "${c}" in a value`);
    } else out += c;
  }
  return out;
}

/** A field selector's terms as written: field, whether it asks for equality, value (unescaped). */
export function selectorTerms(selector: string | undefined): Array<{ field: string; equals: boolean; value: string }> {
  if (selector === undefined || selector.trim() === '') return [];
  return terms(selector).map((term) => {
    const m = /^([^=!]+?)(==|!=|=)(.*)$/s.exec(term);
    if (!m)
      throw new KubeError(
        'InvalidParameter',
        `invalid field selector: ${JSON.stringify(selector)}: ${JSON.stringify(term)} is not field=value, field==value or field!=value`,
      );
    return { field: m[1]!.trim(), equals: m[2] !== '!=', value: unescape(m[3]!, selector) };
  });
}

/** The conditions an events field selector states; `eventsV1` also takes events.k8s.io/v1's field names. */
export function parseFieldSelector(selector: string | undefined, eventsV1 = false): FieldCondition[] {
  return selectorTerms(selector).map(({ field: name, equals, value }) => {
    const field = eventsV1 && Object.hasOwn(EVENTS_V1_ALIASES, name) ? EVENTS_V1_ALIASES[name]! : name;
    if (!SUPPORTED.has(field)) throw new KubeError('InvalidParameter', `field label not supported: ${name}`);
    return { field: field as EventField, equals, value };
  });
}

/**
 * Whether a label selector can match an object without labels (events carry none): `!key`,
 * `key!=value` and `key notin (...)` can, `key`, `key=value` and `key in (...)` cannot.
 */
export function labelSelectorMatchesUnlabelled(selector: string | undefined): boolean {
  if (selector === undefined || selector.trim() === '') return true;
  const requirements = selector.split(/,(?![^(]*\))/).map((r) => r.trim());
  return requirements.every((r) => {
    if (/^![A-Za-z0-9._/-]+$/.test(r)) return true;
    if (/^[A-Za-z0-9._/-]+\s*!=/.test(r)) return true;
    if (/^[A-Za-z0-9._/-]+\s+notin\s*\(/.test(r)) return true;
    if (/^[A-Za-z0-9._/-]+(\s*(==?)\s*[A-Za-z0-9._-]*|\s+in\s*\(.*\))?$/.test(r)) return false;
    throw new KubeError('InvalidParameter', `unable to parse requirement: ${JSON.stringify(r)} in label selector ${JSON.stringify(selector)}`);
  });
}
