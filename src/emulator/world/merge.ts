// How a partial world (a `world apply` file, a control request) changes the current one:
// objects merge key by key, lists of things with ids merge item by item by that id (a new id is
// added), other lists and plain values are replaced. A `null` value removes a field (its
// default then applies), or, as `{ <id>: ..., remove: true }`, an item of a list.

// Most specific first: an item also names what it belongs to (a vSwitch its zone, an ENI its
// vSwitch, an SLS project its region), and that must not be taken for its own id.
const ID_KEYS = [
  'eniId',
  'allocationId',
  'diskId',
  'securityGroupId',
  'vSwitchId',
  'vpcId',
  'zoneId',
  'name',
  'id',
  'regionId',
  'host',
  'repository',
  'username',
] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function idKey(items: unknown[]): string | undefined {
  const first = items.find(isObject);
  return first ? ID_KEYS.find((k) => typeof first[k] === 'string') : undefined;
}

const REMOVED = Symbol('removed');

function mergeList(base: unknown[], patch: unknown[]): unknown[] {
  const key = idKey(patch) ?? idKey(base);
  if (!key || !patch.every((p) => isObject(p) && typeof p[key] === 'string')) return structuredClone(patch);
  // Slots by id, so a change of n items to a list of m costs n + m, not n × m; a removed item
  // leaves an empty slot until the end, which keeps every other item where it was.
  const out: unknown[] = structuredClone(base);
  const at = new Map<unknown, number>();
  out.forEach((b, i) => {
    if (isObject(b) && !at.has(b[key])) at.set(b[key], i);
  });
  for (const p of patch as Record<string, unknown>[]) {
    const i = at.get(p[key]);
    if (p.remove === true) {
      if (i !== undefined) {
        out[i] = REMOVED;
        at.delete(p[key]);
      }
      continue;
    }
    if (i !== undefined) out[i] = mergeValue(out[i], p);
    else {
      at.set(p[key], out.length);
      out.push(structuredClone(p));
    }
  }
  return out.filter((x) => x !== REMOVED);
}

export function mergeValue(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch)) return mergeList(base, patch);
  if (isObject(base) && isObject(patch)) {
    const out: Record<string, unknown> = structuredClone(base);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = k in out ? mergeValue(out[k], v) : structuredClone(v);
    }
    return out;
  }
  return structuredClone(patch);
}
