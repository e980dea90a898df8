// What happens to groups that already run when the world changes under them: a host fails,
// reboots or is scheduled for maintenance, the spot market reclaims instances. Faults of other
// kinds only hit later operations (world/provision.ts reads them); these act at once.
import type { Clock } from '../model/clock.js';
import type { Micros } from '../model/event.js';
import type { GroupEvents } from './group-events.js';
import type { Lifecycle } from './lifecycle.js';
import type { GroupRuntime } from './runtime.js';
import type { TimerTable } from './state/timers.js';
import { EmulatorError } from './errors.js';
import { isRegistryHost } from './images/index.js';
import { ev } from './world/causes/event.js';
import { FAULT_KINDS, type Fault, type FaultRequest } from './world/faults.js';
import type { World } from './world/world.js';

const MINUTE = 60_000_000;
/** How much slower a registry-slow fault makes pulls when it names no factor. */
const DEFAULT_SLOW_FACTOR = 10;
const HOUR = 60 * MINUTE;
/** ECI's maintenance notice: re-create within 48 hours. */
export const MAINTENANCE_NOTICE: Micros = 48 * HOUR;

/** A time as ECI's maintenance plans write it: China Standard Time with milliseconds (2019-03-12T09:00:00.000+08:00). */
function chinaTime(micros: Micros): string {
  return new Date(Math.floor(micros / 1000) + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}

export interface ReclaimRequest {
  zoneId: string;
  /** Only instances of this type (default every type). */
  instanceType?: string;
  /** At most this many instances (default all). */
  count?: number;
}

/** The incidents' timers (state/timers.ts), by kind. */
export const INCIDENT_TIMERS = {
  /** A fault's time is over: { faultId }. */
  end: 'fault.end',
  /** A host failure's time is over: { faultId, target }. */
  hostBack: 'fault.host-back',
  /** A host maintenance's deadline: { faultId, target }. */
  maintenance: 'fault.maintenance',
  /** A reclaimed spot instance's protection is over: { g, notice }. */
  spotNotice: 'spot.notice',
  /** A reclaimed spot instance's notice is over: { g }. */
  spotRelease: 'spot.release',
} as const;

export class Incidents {
  constructor(
    private readonly world: World,
    private readonly lifecycle: Lifecycle,
    private readonly events: GroupEvents,
    private readonly timers: TimerTable,
    private readonly clock: Clock,
    private readonly live: () => Iterable<GroupRuntime>,
    private readonly group: (id: string) => GroupRuntime | undefined,
  ) {
    timers.on<{ faultId: string }>(INCIDENT_TIMERS.end, (p) => this.world.faults.remove(p.faultId));
    timers.on<{ faultId: string; target: string }>(INCIDENT_TIMERS.hostBack, (p) => this.hostBack({ id: p.faultId, target: p.target }));
    timers.on<{ faultId: string; target: string }>(INCIDENT_TIMERS.maintenance, (p) => {
      if (!this.world.faults.get(p.faultId)) return;
      this.world.faults.remove(p.faultId);
      // Whatever was not re-created in time is restarted elsewhere, as the notice warned: a
      // restart for active O&M.
      for (const rt of this.onHost(p.target)) this.lifecycle.relocate(rt, true, [ev('SandboxNotReady')], [ev('SandboxRebootSucceeded')]);
    });
    timers.on<{ g: string; notice: Micros }>(INCIDENT_TIMERS.spotNotice, (p) => {
      const rt = this.group(p.g);
      if (!rt || !this.world.placements.has(p.g)) return;
      this.events.catalog(rt.group, ev('SpotToBeReleased', String(p.notice / MINUTE)));
      this.timers.after(p.notice, INCIDENT_TIMERS.spotRelease, { g: p.g });
    });
    timers.on<{ g: string }>(INCIDENT_TIMERS.spotRelease, (p) => {
      const rt = this.group(p.g);
      if (!rt || !this.world.placements.has(p.g)) return;
      this.lifecycle.fail(rt, { events: [ev('StopCharge')], status: 'Expired', reason: 'SpotReclaimed' });
    });
  }

  private onHost(hostId: string): GroupRuntime[] {
    return [...this.live()].filter((rt) => rt.group.hostId === hostId && this.world.placements.has(rt.group.id));
  }

  /**
   * A registry fault: its target is a registry host (one the world lists, or any other: a
   * registry the world does not list is there too, public and open), kept in lowercase as pulls
   * look it up.
   */
  private injectRegistry(req: FaultRequest): Fault {
    if (!isRegistryHost(req.target))
      throw new EmulatorError(
        'InvalidParameter',
        `The fault ${req.kind} needs a registry host (docker.io, registry.cn-hangzhou.aliyuncs.com, localhost:5000); ${JSON.stringify(req.target)} is not one.`,
        'Target',
      );
    if (req.factor !== undefined && req.kind !== 'registry-slow')
      throw new EmulatorError('InvalidParameter', `Only registry-slow has a factor, not ${req.kind}.`, 'factor');
    const fault = this.world.faults.add({
      ...req,
      target: req.target.toLowerCase(),
      ...(req.kind === 'registry-slow' ? { factor: req.factor ?? DEFAULT_SLOW_FACTOR } : {}),
    });
    if (req.duration !== undefined) this.timers.after(req.duration, INCIDENT_TIMERS.end, { faultId: fault.id });
    return fault;
  }

  /** Checks a fault's target, then makes it so. */
  inject(req: FaultRequest): Fault {
    const target = FAULT_KINDS[req.kind].target;
    if (target === 'registry') return this.injectRegistry(req);
    const known =
      target === 'host'
        ? this.world.hostZone(req.target) !== undefined
        : target === 'zone'
          ? this.world.zone(req.target) !== undefined || this.world.region(req.target) !== undefined
          : this.world.region(req.target) !== undefined;
    if (!known)
      throw new EmulatorError(
        'InvalidParameter',
        `The fault ${req.kind} needs a ${target === 'zone' ? 'zone or region' : target} id; ${JSON.stringify(req.target)} is not one in the world.`,
        'Target',
      );
    if (target === 'host' && req.kind !== 'runtime-error' && req.kind !== 'eni-attach-error') {
      // These act once, at injection, on what runs on the host: there is nothing to count.
      if (req.count !== undefined)
        throw new EmulatorError('InvalidParameter', `count: a ${req.kind} acts once on the host's instances; it takes no count.`, 'count');
      if (req.kind === 'host-maintenance' && req.duration !== undefined)
        throw new EmulatorError('InvalidParameter', 'duration: a host-maintenance lasts until its deadline; give the deadline instead.', 'duration');
    }
    const fault = this.world.faults.add(req);
    // Instances already running on a host whose runtime broke see the anomaly; new ones fail to start.
    // `fault list` shows what a fault did: each instance a host fault acts on at once is a hit.
    const running = target === 'host' ? this.onHost(req.target) : [];
    if (req.kind === 'runtime-error') for (const rt of running) this.events.catalog(rt.group, ev('RuntimeIssueDetected'));
    if (req.kind === 'host-failure') {
      this.world.setHostHealth(req.target, 'failed');
      // An unexpected breakdown: the sandbox is not ready, the instance restarts elsewhere.
      for (const rt of running) this.lifecycle.relocate(rt, true, [ev('SandboxNotReadyUnExpected'), ev('SystemFailureReboot')], [ev('SandboxRebootSucceeded')]);
      // The failure is over when its time is (it may have been cleared by hand before).
      if (req.duration !== undefined) this.timers.after(req.duration, INCIDENT_TIMERS.hostBack, { faultId: fault.id, target: fault.target });
    } else if (req.kind === 'host-reboot') {
      // The host's virtual machines crashed and come back in place.
      for (const rt of running) this.lifecycle.relocate(rt, false, [ev('RuntimeCrashed'), ev('SystemFailureReboot')], [ev('SandboxRebootSucceeded')]);
      this.world.faults.remove(fault.id);
    } else if (req.kind === 'host-maintenance') {
      const deadline = req.deadline ?? MAINTENANCE_NOTICE;
      const why = req.detail ?? `a maintenance plan of host ${req.target}`;
      const plan = JSON.stringify({ originReason: 'Redeploy', originMessage: req.detail ?? 'Redeploy', planExecTime: chinaTime(this.clock.now() + deadline) });
      for (const rt of running) {
        this.events.catalog(rt.group, ev('ScheduledMaintenance', plan));
        this.events.catalog(rt.group, ev('SystemReboot', why));
      }
      this.timers.after(deadline, INCIDENT_TIMERS.maintenance, { faultId: fault.id, target: req.target });
    } else if (req.duration !== undefined) {
      this.timers.after(req.duration, INCIDENT_TIMERS.end, { faultId: fault.id });
    }
    // (A runtime-error's hits stay the starts it fails: its count is how many it may fail.)
    if (req.kind === 'host-failure' || req.kind === 'host-maintenance') this.world.faults.actedOn(fault, running.length);
    return fault;
  }

  clear(id: string): Fault {
    const f = this.world.faults.remove(id);
    if (!f) throw new EmulatorError('InvalidParameter', `No fault ${JSON.stringify(id)} is in force.`, 'FaultId');
    if (f.kind === 'host-failure') this.hostBack(f);
    // A maintenance cleared before its deadline is called off: the restart it announced will not come.
    if (f.kind === 'host-maintenance') for (const rt of this.onHost(f.target)) this.events.catalog(rt.group, ev('SandboxRebootCanceled'));
    return f;
  }

  /** A host failure ended: the host is healthy again unless another failure holds it down. */
  private hostBack(f: Pick<Fault, 'id' | 'target'>): void {
    this.world.faults.remove(f.id);
    if (!this.world.faults.on('host-failure', f.target)) this.world.setHostHealth(f.target, 'healthy');
  }

  /**
   * The spot market takes instances back: each gets SpotToBeReleased once its protection period
   * is over (at once if it is), and is released (Expired) the notice period later.
   */
  reclaim(req: ReclaimRequest): string[] {
    if (!this.world.zone(req.zoneId))
      throw new EmulatorError('InvalidZoneId.NotFound', `The zone ${JSON.stringify(req.zoneId)} is not in the world.`, 'ZoneId');
    const chosen = [...this.live()]
      .filter((rt) => {
        const p = this.world.placements.get(rt.group.id);
        return p?.spot && p.zoneId === req.zoneId && (req.instanceType === undefined || p.instanceType === req.instanceType) && !rt.reclaiming;
      })
      .slice(0, req.count ?? Infinity);
    this.release(chosen);
    return chosen.map((rt) => rt.group.id);
  }

  /** Schedules the notice and the release of spot instances the market takes back. */
  private release(chosen: GroupRuntime[]): void {
    const spot = this.world.spec.spot ?? {};
    const protection = (spot.protectionMinutes ?? 60) * MINUTE;
    const notice = (spot.noticeMinutes ?? 5) * MINUTE;
    for (const rt of chosen) {
      rt.reclaiming = true;
      const p = this.world.placements.get(rt.group.id)!;
      const noticeAt = Math.max(this.clock.now(), p.since + protection);
      this.timers.after(noticeAt - this.clock.now(), INCIDENT_TIMERS.spotNotice, { g: rt.group.id, notice });
    }
  }

  /**
   * After a world change: spot instances whose price limit the market price now exceeds are
   * reclaimed; only those (SpotAsPriceGo ones, and ones whose limit is still above the price, stay).
   */
  repriced(): void {
    const over = [...this.live()].filter((rt) => {
      const p = this.world.placements.get(rt.group.id);
      const limit = rt.group.spotPriceLimit;
      if (!p?.spot || limit === undefined || rt.group.spotStrategy !== 'SpotWithPriceLimit' || rt.reclaiming) return false;
      const found = this.world.zone(p.zoneId);
      const t = this.world.instanceType(p.instanceType);
      return found !== undefined && t !== undefined && this.world.spotPrice(found.zone, t) > limit;
    });
    this.release(over);
  }
}
