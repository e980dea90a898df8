// Slot values and the text they fill: every slot holds the distinct values its events gave, in
// order; a slot with several reads as a list ("cn-hangzhou-k and -j").

export type Values = Map<string, string[]>;

export function addValue(values: Values, name: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  const list = values.get(name) ?? [];
  if (!list.includes(value)) list.push(value);
  values.set(name, list);
}

export function mergeValues(into: Values, from: Values): void {
  for (const [k, list] of from) for (const v of list) addValue(into, k, v);
}

/** "a", "a and b", "a, b and c"; ids that differ only in a short last part are shortened after the first: "cn-hangzhou-k and -j". */
export function joinValues(list: readonly string[]): string {
  if (list.length <= 1) return list[0] ?? '';
  const dash = list[0]!.lastIndexOf('-');
  const prefix = dash > 0 ? list[0]!.slice(0, dash + 1) : '';
  const short = prefix !== '' && list.every((v) => v.startsWith(prefix) && v.length - prefix.length <= 2);
  const shown = short ? [list[0]!, ...list.slice(1).map((v) => `-${v.slice(prefix.length)}`)] : [...list];
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/**
 * Fills `{slot}`, `{slot|fallback}` (the fallback when the slot is empty) and `{slot?text}` (the
 * text with `%` as the value, nothing when the slot is empty). A plain slot without a value reads
 * as itself, so a gap shows.
 */
export function fill(template: string, values: Values): string {
  return template.replace(/\{([A-Za-z0-9_.]+)(?:\|([^}]*)|\?([^}]*))?\}/g, (whole, name: string, fallback: string | undefined, wrap: string | undefined) => {
    const list = values.get(name);
    const value = list?.length ? joinValues(list) : undefined;
    if (wrap !== undefined) return value === undefined ? '' : wrap.replace('%', value);
    return value ?? fallback ?? whole;
  });
}

export function valuesJson(values: Values): Record<string, string> {
  return Object.fromEntries([...values].filter(([, l]) => l.length).map(([k, l]) => [k, joinValues(l)]));
}
