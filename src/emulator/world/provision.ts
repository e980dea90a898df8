// The platform's side of a creation, at the group's scheduling step: flow control, faults of the
// service, the account, the request's own limits, then a place (zone, type, host, address) and
// what attaches to it. The first cause that refuses decides the events and the end status; a
// throttled creation is tried again after a back-off. Nothing is held unless the whole
// creation succeeds.
import type { Micros } from '../../model/event.js';
import type { CatalogEvent } from '../hooks.js';
import { disks, eip, eni } from './causes/attachments.js';
import { ev } from './causes/event.js';
import { requestLimits } from './causes/limits.js';
import { otherZonesWithStock, search, type Choice } from './causes/placement.js';
import { diskGiB, type ProvisionRequest } from './causes/request.js';
import { logCollection } from './causes/sls.js';
import type { Placement, World } from './world.js';

const S = 1_000_000;
const MINUTE = 60 * S;

export type Provision =
  | {
      kind: 'placed';
      placement: Placement;
      choice: Choice;
      /** Platform events of the placement itself (StockExhaust, SpotDegraded), before Scheduled. */
      events: CatalogEvent[];
      /** Platform events of what was set up after (log collection), after Scheduled. */
      later: CatalogEvent[];
    }
  | { kind: 'failed'; events: CatalogEvent[] }
  | { kind: 'retry'; events: CatalogEvent[]; after: Micros };

function flowControl(world: World, p: ProvisionRequest, attempt: number): Provision | undefined {
  const fc = world.spec.flowControl ?? {};
  const now = world.now();
  world.forgetCreationsBefore(now - MINUTE);
  let region = 0;
  let account = 0;
  for (const c of world.creations) {
    if (c.regionId === p.regionId) region += 1;
    if (c.account === p.account) account += 1;
  }
  let denied: CatalogEvent | undefined;
  if (fc.platformCreatesPerMinute !== undefined && region + 1 > fc.platformCreatesPerMinute) denied = ev('Throttling');
  else if (fc.accountCreatesPerMinute !== undefined && account + 1 > fc.accountCreatesPerMinute) denied = ev('Throttling', 'User');
  if (!denied) {
    world.admitCreation({ at: now, regionId: p.regionId, account: p.account });
    return undefined;
  }
  const retries = fc.retries ?? 0;
  if (attempt >= retries) return { kind: 'failed', events: [denied] };
  const wait = (fc.backoffSeconds ?? 10) * 2 ** attempt;
  const backoff = ev(
    'CreateBackoff',
    `Back-off ${wait}s before creating container group ${p.groupId} again (retry ${attempt + 1} of ${retries}): the creation was denied by flow control`,
  );
  return { kind: 'retry', events: [denied, backoff], after: wait * S };
}

function serviceFaults(world: World, p: ProvisionRequest): CatalogEvent | undefined {
  if (world.faults.hit('service-overload', p.regionId)) return ev('UnknownError');
  if (world.faults.hit('internal-error', p.regionId)) return ev('UnknownError', p.groupId);
  const zones = p.vSwitches.map((v) => v.zoneId);
  if (world.faults.hit('scheduler-error', p.regionId, ...zones)) return ev('FailedScheduling');
  return undefined;
}

/** One attempt at the platform's side of a creation. `attempt` counts earlier throttled tries. */
export function provision(world: World, p: ProvisionRequest, attempt = 0): Provision {
  const throttled = flowControl(world, p, attempt);
  if (throttled) return throttled;
  const refused = serviceFaults(world, p) ?? requestLimits(world, p);
  if (refused) return { kind: 'failed', events: [refused] };

  const found = search(world, p);
  if (!found.ok) {
    const events = [...found.events];
    const zones = new Set(p.vSwitches.map((v) => v.zoneId));
    const stockTrouble = events.some((e) => e.reason === 'NoStock' || e.reason === 'StockClose');
    const others = zones.size === 1 && stockTrouble ? otherZonesWithStock(world, p) : [];
    if (others.length) {
      events.push(
        ev(
          'MultiZoneRecommendations',
          `Zones ${others.join(', ')} of region ${p.regionId} can create this instance now; specify vSwitches in several zones (VSwitchId=vsw-a,vsw-b) so that ECI can choose`,
        ),
      );
    }
    return { kind: 'failed', events };
  }
  const c = found.choice;
  const undo = () => world.ips.release(c.vSwitch.vSwitchId, c.ip);
  const attachFailed = eni(world, p, c.vSwitch.vSwitchId, c.hostId);
  if (attachFailed) {
    undo();
    return { kind: 'failed', events: [attachFailed] };
  }
  const e = eip(world, p);
  if (e.event) {
    undo();
    return { kind: 'failed', events: [e.event] };
  }
  const d = disks(world, p, c.zone.zoneId);
  if (d.event) {
    undo();
    return { kind: 'failed', events: [d.event] };
  }

  // Everything is there: take it.
  const events: CatalogEvent[] = [];
  if (c.degraded) events.push(ev('SpotDegraded', c.type.name));
  const kind = c.spot ? 'spotStock' : 'stock';
  world.moveStock(c.zone, kind, c.type.name, -1);
  const left = world.stockLeft(c.zone, kind, c.type.name);
  if (left < (c.zone.lowWaterMark ?? 0)) events.push(ev('StockExhaust', `zone: ${c.zone.zoneId}, instanceType: ${c.type.name}, left: ${left}`));
  if (e.hold?.autoEip)
    world.holdAutoEip(e.hold.eipId, {
      regionId: p.regionId,
      account: p.account,
      ...(e.hold.bandwidthPackageId ? { bandwidthPackageId: e.hold.bandwidthPackageId } : {}),
    });
  const placement: Placement = {
    groupId: p.groupId,
    account: p.account,
    regionId: p.regionId,
    zoneId: c.zone.zoneId,
    hostId: c.hostId,
    instanceType: c.type.name,
    cpu: c.type.cpu,
    price: c.spot ? world.spotPrice(c.zone, c.type) : world.price(c.type),
    since: world.now(),
    spot: c.spot,
    stockKind: kind,
    vSwitchId: c.vSwitch.vSwitchId,
    securityGroupId: p.securityGroupId,
    ip: c.ip,
    ...(e.hold ? { eipId: e.hold.eipId, autoEip: e.hold.autoEip } : {}),
    diskIds: d.diskIds,
    diskGiB: diskGiB(p.request),
  };
  world.hold(placement);
  return { kind: 'placed', placement, choice: c, events, later: logCollection(world, p) };
}
