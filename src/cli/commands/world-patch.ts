// The partial worlds the convenience verbs of `eci-events world` send. Pure: each reads the
// world as it stands (to find a zone's region, or to keep the other types' stock) and returns the
// patch, with a line saying what it changes. The service merges patches by ids (docs/WORLD.md).
import type { WorldSpec, ZoneWorldSpec } from '../../emulator/world/spec.js';
import { UsageError } from '../io.js';
import { wholeNumber } from '../whole-number.js';

export interface WorldPatch {
  patch: Record<string, unknown>;
  /** What the change does, for the user. */
  summary: string;
  /** Something the user may not expect, said on stderr. */
  note?: string;
}

export const ZONE_STATES = ['open', 'limited', 'closed'] as const;

function amount(name: string, text: string | undefined, min?: number): number {
  const n = text === undefined || text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || (min !== undefined && n < min))
    throw new UsageError(`${name} takes a number${min !== undefined ? ` from ${min}` : ''}, got ${JSON.stringify(text ?? '')}`);
  return n;
}

function findZone(world: WorldSpec, zoneId: string | undefined): { regionId: string; zone: ZoneWorldSpec } {
  if (!zoneId) throw new UsageError('give the zone: --zone ZONE_ID (`eci-events world show` lists them)');
  for (const r of world.regions ?? []) {
    const zone = r.zones.find((z) => z.zoneId === zoneId);
    if (zone) return { regionId: r.regionId, zone };
  }
  const all = (world.regions ?? []).flatMap((r) => r.zones.map((z) => z.zoneId));
  throw new UsageError(`no zone ${JSON.stringify(zoneId)} in the world; its zones are ${all.join(', ')}`);
}

function knownType(world: WorldSpec, type: string): void {
  const names = (world.instanceTypes ?? []).map((t) => t.name);
  if (!names.includes(type)) throw new UsageError(`no instance type ${JSON.stringify(type)} in the world; its types are ${names.join(', ')}`);
}

function zonePatch(regionId: string, zoneId: string, fields: Partial<ZoneWorldSpec> | Record<string, unknown>): Record<string, unknown> {
  return { regions: [{ regionId, zones: [{ zoneId, ...fields }] }] };
}

/** One number stood for every type: the same per type, so one type can change alone. */
function perType(world: WorldSpec, zone: ZoneWorldSpec, each: number): Record<string, number> {
  const names = zone.instanceTypes ?? (world.instanceTypes ?? []).map((t) => t.name);
  return Object.fromEntries(names.map((n) => [n, each]));
}

/** `world stock --zone Z [--type T] N|unlimited`. */
export function stockPatch(world: WorldSpec, zoneId: string | undefined, type: string | undefined, value: string | undefined): WorldPatch {
  const { regionId, zone } = findZone(world, zoneId);
  if (value === 'unlimited') {
    // A per-type stock has no "unlimited" entry: only the whole zone can be unlimited.
    if (type)
      throw new UsageError(`a stock is unlimited for every type of a zone or for none; drop --type: eci-events world stock --zone ${zone.zoneId} unlimited`);
    return { patch: zonePatch(regionId, zone.zoneId, { stock: null }), summary: `${zone.zoneId}: stock unlimited` };
  }
  const units = wholeNumber('the stock', value);
  if (!type) return { patch: zonePatch(regionId, zone.zoneId, { stock: units }), summary: `${zone.zoneId}: stock ${units} of every type` };
  knownType(world, type);
  const current = zone.stock;
  const stock = typeof current === 'number' ? { ...perType(world, zone, current), [type]: units } : { [type]: units };
  const note = current === undefined ? `${zone.zoneId} had unlimited stock; a stock per type lists every type it has, so other types have none now` : undefined;
  return { patch: zonePatch(regionId, zone.zoneId, { stock }), summary: `${zone.zoneId}: stock ${units} of ${type}`, ...(note ? { note } : {}) };
}

/** `world zone Z --state open|limited|closed`. */
export function zoneStatePatch(world: WorldSpec, zoneId: string | undefined, state: string | undefined): WorldPatch {
  const { regionId, zone } = findZone(world, zoneId);
  if (!ZONE_STATES.includes(state as (typeof ZONE_STATES)[number]))
    throw new UsageError(`--state takes ${ZONE_STATES.join(', ')}, got ${JSON.stringify(state ?? '')}`);
  return { patch: zonePatch(regionId, zone.zoneId, { state }), summary: `${zone.zoneId}: ${state}` };
}

/** `world balance [--account A] AMOUNT`: the balance as of now, in CNY. */
export function balancePatch(account: string, value: string | undefined): WorldPatch {
  const balance = amount('the balance', value);
  return { patch: { accounts: [{ id: account, balance }] }, summary: `account ${account}: balance ${balance} CNY` };
}

/** `world spot-price --zone Z [--type T] PRICE`: CNY per hour. */
export function spotPricePatch(world: WorldSpec, zoneId: string | undefined, type: string | undefined, value: string | undefined): WorldPatch {
  const { regionId, zone } = findZone(world, zoneId);
  const price = amount('the spot price', value, 0);
  if (!type) return { patch: zonePatch(regionId, zone.zoneId, { spotPrice: price }), summary: `${zone.zoneId}: spot price ${price} CNY/h for every type` };
  knownType(world, type);
  // Types a per-type price leaves out keep the market's default price.
  const spotPrice = typeof zone.spotPrice === 'number' ? { ...perType(world, zone, zone.spotPrice), [type]: price } : { [type]: price };
  return { patch: zonePatch(regionId, zone.zoneId, { spotPrice }), summary: `${zone.zoneId}: spot price ${price} CNY/h for ${type}` };
}
