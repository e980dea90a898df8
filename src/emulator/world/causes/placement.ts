// Where an instance can go: over the vSwitches asked for (each in its zone) and the instance
// types asked for, in order, the first pair whose zone is open to the account, has stock of the
// type, a healthy host with room and a free address. Every pair that fails says why; when all
// fail, those reasons are the events the creation ends with.
import type { CatalogEvent } from '../../hooks.js';
import type { InstanceTypeSpec } from '../../instance-types.js';
import type { VSwitchSpec } from '../../regions.js';
import type { ZoneWorldSpec } from '../spec.js';
import type { World } from '../world.js';
import { balance, cpuOptionsValid, quota } from './account.js';
import { ev } from './event.js';
import type { ProvisionRequest } from './request.js';
import { inCidr } from '../../ip-pool.js';

export interface Spot {
  /** Runs as a spot instance. */
  spot: boolean;
  /** Asked for spot, got pay-as-you-go (SpotDegraded). */
  degraded: boolean;
}

export interface Choice extends Spot {
  vSwitch: VSwitchSpec;
  zone: ZoneWorldSpec;
  type: InstanceTypeSpec;
  hostId: string;
  ip: string;
}

export type Search = { ok: true; choice: Choice } | { ok: false; events: CatalogEvent[] };

function zoneOpen(world: World, p: ProvisionRequest, zone: ZoneWorldSpec): boolean {
  if (zone.state === 'closed') return false;
  if (zone.state !== 'limited') return true;
  // A limited zone still serves accounts that have a living instance there.
  for (const pl of world.placements.values()) if (pl.account === p.account && pl.zoneId === zone.zoneId) return true;
  return false;
}

function offered(zone: ZoneWorldSpec, t: InstanceTypeSpec): boolean {
  return zone.instanceTypes === undefined || zone.instanceTypes.includes(t.name);
}

/** Which market the instance can be bought on in this zone, or undefined when neither has stock. */
function market(world: World, p: ProvisionRequest, zone: ZoneWorldSpec, t: InstanceTypeSpec): Spot | undefined {
  if (!offered(zone, t)) return undefined;
  const onDemand = world.stockLeft(zone, 'stock', t.name) > 0;
  if (p.spotStrategy === 'NoSpot') return onDemand ? { spot: false, degraded: false } : undefined;
  const priceOk = p.spotStrategy === 'SpotAsPriceGo' || world.spotPrice(zone, t) <= (p.spotPriceLimit ?? 0);
  if (priceOk && world.stockLeft(zone, 'spotStock', t.name) > 0) return { spot: true, degraded: false };
  return onDemand ? { spot: false, degraded: true } : undefined;
}

function host(world: World, zone: ZoneWorldSpec, t: InstanceTypeSpec): string | undefined {
  // The healthy host with the most room, so load spreads as a real scheduler would spread it.
  let best: { id: string; free: number } | undefined;
  for (const h of world.hostsOf(zone)) {
    if (!world.hostUsable(h.id)) continue;
    const free = h.vcpu - world.usedVcpuOnHost(h.id);
    if (free >= t.cpu && (!best || free > best.free)) best = { id: h.id, free };
  }
  return best?.id;
}

/** An address of the vSwitch for the instance's ENI; a dry search only looks, a real one takes it. */
function address(world: World, p: ProvisionRequest, v: VSwitchSpec, dry: boolean): { ip?: string; event?: CatalogEvent } {
  const wanted = p.request.privateIpAddress;
  if (wanted !== undefined) {
    if (world.ips.isTaken(v.vSwitchId, wanted)) {
      return {
        event: ev(
          'AttachENIConflict',
          `The private IP address ${wanted} is already used by another ENI in vSwitch ${v.vSwitchId}; an ENI with this address cannot be attached.`,
        ),
      };
    }
    if (dry) return { ip: wanted };
    return world.ips.take(v.vSwitchId, v.cidr, wanted) ? { ip: wanted } : { event: ev('ResourceInsufficient', v.vSwitchId) };
  }
  if (dry) return world.ips.hasFree(v.vSwitchId, v.cidr) ? { ip: '' } : { event: ev('ResourceInsufficient', v.vSwitchId) };
  const ip = world.ips.allocate(v.vSwitchId, v.cidr);
  return ip ? { ip } : { event: ev('ResourceInsufficient', v.vSwitchId) };
}

/**
 * The first place that fits, trying vSwitches then types in the order asked. A real search takes
 * the address it finds (the caller gives it back if the creation fails later); a `dry` one (a
 * DryRun) changes nothing.
 */
export function search(world: World, p: ProvisionRequest, dry = false): Search {
  const failures: CatalogEvent[] = [];
  const seen = new Set<string>();
  const fail = (e: CatalogEvent) => {
    const key = `${e.reason}\u0000${e.args.join('\u0000')}`;
    if (!seen.has(key)) failures.push(e);
    seen.add(key);
  };
  for (const v of p.vSwitches) {
    // A PrivateIpAddress can only be had in the vSwitch whose CIDR holds it.
    if (p.request.privateIpAddress !== undefined && !inCidr(p.request.privateIpAddress, v.cidr)) continue;
    const found = world.zone(v.zoneId);
    if (!found) continue;
    const { zone } = found;
    if (!zoneOpen(world, p, zone)) {
      fail(ev('StockClose', `zone: ${zone.zoneId}, state: ${zone.state}`));
      continue;
    }
    for (const t of p.instanceTypes) {
      if (p.request.cpuOptions) {
        if (zone.cpuOptions === false) {
          fail(ev('CpuOptionsNotSupported', t.name));
          continue;
        }
        if (!cpuOptionsValid(p, t)) {
          fail(ev('CpuOptionsNotValid', t.name));
          continue;
        }
      }
      const overQuota = quota(world, p, t);
      if (overQuota) {
        fail(overQuota);
        continue;
      }
      const m = market(world, p, zone, t);
      if (!m) {
        fail(ev('NoStock', `zone: ${zone.zoneId}, instanceType: ${t.name}`));
        continue;
      }
      const poor = balance(world, p, t, m.spot ? world.spotPrice(zone, t) : world.price(t));
      if (poor) {
        fail(poor);
        continue;
      }
      const hostId = host(world, zone, t);
      if (!hostId) {
        fail(ev('FailedScheduling', `no healthy host in zone ${zone.zoneId} has ${t.cpu} vCPUs free`));
        continue;
      }
      const a = address(world, p, v, dry);
      if (a.ip === undefined) {
        fail(a.event!);
        break; // the vSwitch is the problem, whatever the type
      }
      return { ok: true, choice: { vSwitch: v, zone, type: t, hostId, ip: a.ip, ...m } };
    }
  }
  return { ok: false, events: failures };
}

/** After a failed search in one zone: the zones of the region that have what was asked for. */
export function otherZonesWithStock(world: World, p: ProvisionRequest): string[] {
  const tried = new Set(p.vSwitches.map((v) => v.zoneId));
  const region = world.region(p.regionId);
  if (!region) return [];
  return region.zones
    .filter((z) => !tried.has(z.zoneId) && zoneOpen(world, p, z) && p.instanceTypes.some((t) => market(world, p, z, t) && host(world, z, t)))
    .map((z) => z.zoneId);
}
