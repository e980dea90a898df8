// The live world: the normalized spec (whose counters, stock and balances, move as instances
// come and go) plus what only exists at run time: addresses handed out, which instance holds
// what (placements), host health, the creation log flow control reads, and injected faults.
// Inner to the emulator: it never records events itself; causes return the events to record.
import type { Clock } from '../../model/clock.js';
import type { Micros } from '../../model/event.js';
import type { InstanceTypeSpec } from '../instance-types.js';
import { IpPool } from '../ip-pool.js';
import { RegionDirectory } from '../regions.js';
import { scaleDuration } from '../time-scale.js';
import { shapeProblems } from './bounds.js';
import { WorldError } from './check.js';
import { DEFAULTS, DEFAULT_WORLD } from './defaults.js';
import { Faults, type FaultsDoc } from './faults.js';
import { worldFrom } from './load.js';
import { mergeValue } from './merge.js';
import { normalizeWorld } from './normalize.js';
import type { AccountWorldSpec, RegionWorldSpec, Stock, WorldSpec, ZoneWorldSpec } from './spec.js';

const HOUR = 3_600_000_000;

/** What a running (or starting) instance holds in the world, released when it ends. */
export interface Placement {
  groupId: string;
  account: string;
  regionId: string;
  zoneId: string;
  hostId: string;
  instanceType: string;
  cpu: number;
  /** CNY per hour it is charged. */
  price: number;
  /** Charged from here. */
  since: Micros;
  spot: boolean;
  /** Stock taken, to give back: on-demand or spot. */
  stockKind: 'stock' | 'spotStock';
  vSwitchId: string;
  securityGroupId: string;
  ip: string;
  eipId?: string;
  /** An EIP the platform allocated for the group (AutoCreateEip), released with it. */
  autoEip?: boolean;
  bandwidthPackageId?: string;
  diskIds: string[];
  /** Disk GiB counted against the quotas. */
  diskGiB: number;
}

export type HostHealth = 'healthy' | 'failed';

/** Each field of a World and the WorldDoc field that keeps it; null: derived from the spec, or the clock. */
export const WORLD_DOC_FIELDS: Readonly<Record<string, keyof WorldDoc | null>> = {
  current: 'spec',
  dir: null,
  ips: 'ips',
  held: 'placements',
  faults: 'faults',
  health: 'hostHealth',
  charged: 'charged',
  balanceSetAt: 'balanceSetAt',
  admitted: 'creations',
  eips: 'autoEips',
  autoEipSeq: 'autoEipSeq',
  enis: 'enis',
  unlisted: 'unlisted',
  // options: the running service's settings (its time scale), never the stored world's.
  // edits: counts changes, so that a turn serializes the document only when it may differ.
  listed: null,
  clock: null,
  options: null,
  edits: null,
};

/** The world's document (state/world-doc.ts): the spec and everything that moves at run time. */
export interface WorldDoc {
  spec: WorldSpec;
  ips: Array<[string, number[]]>;
  placements: Placement[];
  faults: FaultsDoc;
  hostHealth: Array<[string, HostHealth]>;
  charged: Array<[string, number]>;
  balanceSetAt: Array<[string, Micros]>;
  creations: Array<{ at: Micros; regionId: string; account: string }>;
  autoEips: Array<[string, { regionId: string; account: string; bandwidthPackageId?: string }]>;
  autoEipSeq: number;
  enis: Array<[string, { vSwitchId: string; ip: string }]>;
  unlisted: Array<[string, AccountWorldSpec]>;
}

export class World {
  private current: WorldSpec;
  private dir: RegionDirectory;
  readonly ips = new IpPool();
  private readonly held = new Map<string, Placement>();
  readonly faults: Faults;
  /** Host health by host id (absent: healthy). */
  private readonly health = new Map<string, HostHealth>();
  /** Charges of ended placements since each account's balance was last set. */
  private charged = new Map<string, number>();
  private balanceSetAt = new Map<string, Micros>();
  /** When creations were admitted, per region and per account, for flow control. */
  private readonly admitted: Array<{ at: Micros; regionId: string; account: string }> = [];
  /** EIPs the platform allocated (AutoCreateEip), by allocation id. */
  private eips = new Map<string, { regionId: string; account: string; bandwidthPackageId?: string }>();
  private autoEipSeq = 0;
  /** The ENIs of the world whose addresses are held, by id. */
  private enis = new Map<string, { vSwitchId: string; ip: string }>();
  /** Defaults of accounts the world does not list (SLS logstores they create live here). */
  private unlisted = new Map<string, AccountWorldSpec>();
  /** The world's accounts by id: `world show` reads each one's balance (10,000 accounts at most). */
  private listed = new Map<string, AccountWorldSpec>();
  /**
   * Changes of this object's own part of the document (the IP pool and the faults count theirs):
   * bumped by every method that changes it. The maps and the log are read-only outside, so a
   * change can only come through here; state/world-revision.test.ts and the emulator tests'
   * sink (test/support/world-check-sink.ts) catch a change that moved no counter.
   */
  private edits = 0;

  constructor(
    spec: WorldSpec | undefined,
    private readonly clock: Clock,
    /** `timeScale`: fixes the time scale whatever the world file says (serve's --time-scale, or 1 on a virtual clock). */
    private readonly options: { timeScale?: number } = {},
  ) {
    this.current = spec ? worldFrom(spec) : normalizeWorld(DEFAULT_WORLD, DEFAULT_WORLD);
    this.dir = RegionDirectory.fromWorld(this.current);
    this.listed = accountsById(this.current);
    this.faults = new Faults(clock);
    this.reserveEniAddresses();
  }

  /**
   * Every field that moves, listed (a field added later without a line here fails
   * state/group-doc.test.ts). A view of the live world, to serialize at once (not a copy: this
   * runs at the end of every turn).
   */
  toDoc(): WorldDoc {
    return {
      spec: this.current,
      ips: this.ips.toDoc(),
      placements: [...this.held.values()],
      faults: this.faults.toDoc(),
      hostHealth: [...this.health],
      charged: [...this.charged],
      balanceSetAt: [...this.balanceSetAt],
      creations: this.admitted,
      autoEips: [...this.eips],
      autoEipSeq: this.autoEipSeq,
      enis: [...this.enis],
      unlisted: [...this.unlisted],
    };
  }

  /**
   * A number that moves whenever toDoc() may give something else: the same number, the same
   * document (the emulator skips serializing the world in a turn that did not change it).
   */
  get revision(): number {
    return this.edits + this.ips.revision + this.faults.revision;
  }

  /** What instances hold, by group id. */
  get placements(): ReadonlyMap<string, Readonly<Placement>> {
    return this.held;
  }

  /** Host health by host id (absent: healthy). */
  get hostHealth(): ReadonlyMap<string, HostHealth> {
    return this.health;
  }

  /** EIPs the platform allocated (AutoCreateEip), by allocation id. */
  get autoEips(): ReadonlyMap<string, { regionId: string; account: string; bandwidthPackageId?: string }> {
    return this.eips;
  }

  /** When creations were admitted, oldest first, per region and per account, for flow control. */
  get creations(): ReadonlyArray<{ at: Micros; regionId: string; account: string }> {
    return this.admitted;
  }

  /** The options the world was made with (a restored world keeps the running service's). */
  get settings(): { timeScale?: number } {
    return { ...this.options };
  }

  /** The world a document describes, on this clock. */
  static fromDoc(doc: WorldDoc, clock: Clock, options: { timeScale?: number } = {}): World {
    const d = structuredClone(doc);
    const w = new World(undefined, clock, options);
    w.current = d.spec;
    w.dir = RegionDirectory.fromWorld(d.spec);
    w.listed = accountsById(d.spec);
    w.ips.restore(d.ips);
    for (const p of d.placements) w.held.set(p.groupId, p);
    w.faults.restore(d.faults);
    for (const [k, v] of d.hostHealth) w.health.set(k, v);
    w.charged = new Map(d.charged);
    w.balanceSetAt = new Map(d.balanceSetAt);
    w.admitted.push(...d.creations);
    w.eips = new Map(d.autoEips);
    w.autoEipSeq = d.autoEipSeq;
    w.enis = new Map(d.enis);
    w.unlisted = new Map(d.unlisted);
    return w;
  }

  get spec(): WorldSpec {
    return this.current;
  }

  get directory(): RegionDirectory {
    return this.dir;
  }

  now(): Micros {
    return this.clock.now();
  }

  /** The factor on every modelled duration (time-scale.ts): the fixed one, else the world's platform.timeScale, else 1. */
  get timeScale(): number {
    return this.options.timeScale ?? this.current.platform?.timeScale ?? 1;
  }

  /** A modelled duration at the current time scale. */
  scaled(micros: Micros): Micros {
    return scaleDuration(micros, this.timeScale);
  }

  /** The world as it stands, with every account's balance as of now. */
  show(): WorldSpec {
    const out = structuredClone(this.current);
    for (const a of out.accounts ?? []) a.balance = round(this.balance(a.id));
    return out;
  }

  /**
   * Changes the world by a partial one (merge.ts). Checked as a whole first: a refused patch
   * changes nothing. Balances given in the patch are balances as of now.
   */
  apply(patch: unknown): WorldSpec {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new WorldError(['(top level): a world change is an object']);
    // The merge walks the change: its shape is bounded before (the merged world is checked after).
    const shape = shapeProblems(patch);
    if (shape.length) throw new WorldError(shape);
    const merged = mergeValue(this.show(), patch);
    const next = worldFrom(merged, this.current);
    const problems = this.liveProblems(next);
    if (problems.length) throw new WorldError(problems);
    this.edits += 1;
    this.current = next;
    this.dir = RegionDirectory.fromWorld(next);
    this.listed = accountsById(next);
    // Balances shown were as of now: charges start again from here.
    const now = this.clock.now();
    for (const a of next.accounts ?? []) {
      this.charged.set(a.id, 0);
      this.balanceSetAt.set(a.id, now);
    }
    this.reserveEniAddresses();
    return this.show();
  }

  /** Changes the running instances forbid: removing what they hold. Paths are the new world's. */
  private liveProblems(next: WorldSpec): string[] {
    const problems: string[] = [];
    const regions = next.regions ?? [];
    for (const p of this.placements.values()) {
      const held = `is held by instance ${p.groupId}; delete the instance first`;
      const ri = regions.findIndex((r) => r.regionId === p.regionId);
      const r = regions[ri];
      if (!r) {
        problems.push(`regions: region ${p.regionId} ${held}`);
        continue;
      }
      const at = `regions[${ri}]`;
      if (!r.zones.some((z) => z.zoneId === p.zoneId)) problems.push(`${at}.zones: zone ${p.zoneId} ${held}`);
      if (!(r.vpcs ?? []).some((v) => v.vSwitches.some((x) => x.vSwitchId === p.vSwitchId))) problems.push(`${at}.vpcs: vSwitch ${p.vSwitchId} ${held}`);
      if (p.securityGroupId && !(r.securityGroups ?? []).some((g) => g.securityGroupId === p.securityGroupId))
        problems.push(`${at}.securityGroups: security group ${p.securityGroupId} ${held}`);
      if (p.eipId && !p.autoEip && !(r.eips ?? []).some((e) => e.allocationId === p.eipId)) problems.push(`${at}.eips: EIP ${p.eipId} ${held}`);
      for (const d of p.diskIds) if (!(r.disks ?? []).some((x) => x.diskId === d)) problems.push(`${at}.disks: disk ${d} ${held}`);
    }
    return problems;
  }

  /** Addresses of other products' ENIs stay taken; those of ENIs a change removed or moved are freed. */
  private reserveEniAddresses(): void {
    const now = new Map<string, { vSwitchId: string; ip: string }>();
    for (const r of this.current.regions ?? []) {
      for (const e of r.enis ?? []) {
        now.set(e.eniId, { vSwitchId: e.vSwitchId, ip: e.ip });
        const before = this.enis.get(e.eniId);
        if (before && before.vSwitchId === e.vSwitchId && before.ip === e.ip) continue;
        if (before) this.ips.release(before.vSwitchId, before.ip);
        const cidr = this.vSwitchCidr(r, e.vSwitchId);
        if (cidr) this.ips.take(e.vSwitchId, cidr, e.ip);
      }
    }
    for (const [id, e] of this.enis) if (!now.has(id)) this.ips.release(e.vSwitchId, e.ip);
    this.enis = now;
  }

  vSwitchCidr(r: RegionWorldSpec, vSwitchId: string): string | undefined {
    for (const v of r.vpcs ?? []) for (const s of v.vSwitches) if (s.vSwitchId === vSwitchId) return s.cidr;
    return undefined;
  }

  instanceTypes(): InstanceTypeSpec[] {
    return (this.current.instanceTypes ?? []).map((t) => ({
      name: t.name,
      cpu: t.cpu,
      memory: t.memory,
      arch: t.arch ?? 'AMD64',
      gpu: t.gpu ?? 0,
      ...(t.price !== undefined ? { price: t.price } : {}),
    }));
  }

  instanceType(name: string): InstanceTypeSpec | undefined {
    return this.instanceTypes().find((t) => t.name === name);
  }

  /** CNY per hour, pay-as-you-go. */
  price(t: InstanceTypeSpec): number {
    return t.price ?? t.cpu * DEFAULTS.vcpuHourPrice + t.memory * DEFAULTS.memoryGiBHourPrice;
  }

  region(regionId: string): RegionWorldSpec | undefined {
    return this.current.regions?.find((r) => r.regionId === regionId);
  }

  zone(zoneId: string): { region: RegionWorldSpec; zone: ZoneWorldSpec } | undefined {
    for (const region of this.current.regions ?? []) {
      const zone = region.zones.find((z) => z.zoneId === zoneId);
      if (zone) return { region, zone };
    }
    return undefined;
  }

  /** The account's settings; an account the world does not list gets the defaults (and is not added to it). */
  account(id: string): AccountWorldSpec {
    const listed = this.listed.get(id);
    if (listed) return listed;
    let unlisted = this.unlisted.get(id);
    if (!unlisted) {
      unlisted = normalizeWorld({ regions: [], accounts: [{ id }] }, this.current).accounts!.find((x) => x.id === id)!;
      this.unlisted.set(id, unlisted);
      this.edits += 1;
    }
    return unlisted;
  }

  /** Every host with its zone, health and the vCPUs its instances take. */
  hosts(): Array<{ id: string; zoneId: string; vcpu: number; usedVcpu: number; health: HostHealth; maintenance: boolean }> {
    return (this.current.regions ?? []).flatMap((r) =>
      r.zones.flatMap((z) =>
        this.hostsOf(z).map((h) => ({
          id: h.id,
          zoneId: z.zoneId,
          vcpu: h.vcpu,
          usedVcpu: this.usedVcpuOnHost(h.id),
          health: this.hostHealth.get(h.id) ?? 'healthy',
          maintenance: this.faults.on('host-maintenance', h.id) !== undefined,
        })),
      ),
    );
  }

  /** The account's balance now: as set, less what instances have cost since. */
  balance(account: string): number {
    const a = this.account(account);
    const from = this.balanceSetAt.get(account) ?? -Infinity;
    const now = this.clock.now();
    let cost = this.charged.get(account) ?? 0;
    for (const p of this.placements.values()) if (p.account === account) cost += p.price * ((now - Math.max(p.since, from)) / HOUR);
    return (a.balance ?? DEFAULTS.balance) - cost;
  }

  /** Units left of a type in a zone's stock (Infinity when unlimited). */
  stockLeft(zone: ZoneWorldSpec, kind: 'stock' | 'spotStock', type: string): number {
    const s: Stock | undefined = zone[kind];
    if (s === undefined) return Infinity;
    if (typeof s === 'number') return s;
    return s[type] ?? 0;
  }

  /** Moves a zone's stock of a type by `delta` units (no-op when unlimited). */
  moveStock(zone: ZoneWorldSpec, kind: 'stock' | 'spotStock', type: string, delta: number): void {
    const s = zone[kind];
    if (s === undefined) return;
    this.edits += 1;
    if (typeof s === 'number') {
      // One number stands for every type; a move of one type splits it into a per-type map.
      const all = Object.fromEntries((zone.instanceTypes ?? this.instanceTypes().map((t) => t.name)).map((n) => [n, s]));
      zone[kind] = all;
    }
    const map = zone[kind] as Record<string, number>;
    map[type] = Math.max(0, (map[type] ?? 0) + delta);
  }

  spotPrice(zone: ZoneWorldSpec, t: InstanceTypeSpec): number {
    const p = zone.spotPrice;
    if (typeof p === 'number') return p;
    return p?.[t.name] ?? round(this.price(t) * DEFAULTS.spotPriceShare);
  }

  hostsOf(zone: ZoneWorldSpec): Array<{ id: string; vcpu: number }> {
    return Array.isArray(zone.hosts) ? zone.hosts.map((h) => ({ id: h.id, vcpu: h.vcpu ?? DEFAULTS.hostVcpu })) : [];
  }

  hostZone(hostId: string): string | undefined {
    for (const r of this.current.regions ?? []) for (const z of r.zones) if (this.hostsOf(z).some((h) => h.id === hostId)) return z.zoneId;
    return undefined;
  }

  usedVcpuOnHost(hostId: string): number {
    let n = 0;
    for (const p of this.placements.values()) if (p.hostId === hostId) n += p.cpu;
    return n;
  }

  /** Records what an instance now holds (stock and addresses are taken by the caller). */
  hold(p: Placement): void {
    this.held.set(p.groupId, p);
    this.edits += 1;
  }

  /** An EIP the platform allocated for a group (AutoCreateEip), released with it. */
  holdAutoEip(eipId: string, eip: { regionId: string; account: string; bandwidthPackageId?: string }): void {
    this.eips.set(eipId, eip);
    this.edits += 1;
  }

  /** A host fails ('failed') or is back ('healthy'). */
  setHostHealth(hostId: string, health: HostHealth): void {
    if (health === 'healthy') this.health.delete(hostId);
    else this.health.set(hostId, health);
    this.edits += 1;
  }

  /** Flow control's log: creations admitted before `at` no longer count. */
  forgetCreationsBefore(at: Micros): void {
    let n = 0;
    while (n < this.admitted.length && this.admitted[n]!.at <= at) n += 1;
    if (n === 0) return;
    this.admitted.splice(0, n);
    this.edits += 1;
  }

  /** A creation flow control admitted. */
  admitCreation(c: { at: Micros; regionId: string; account: string }): void {
    this.admitted.push(c);
    this.edits += 1;
  }

  /** More disk GiB an instance holds against the quotas (a volume it created grew). */
  addDiskGiB(groupId: string, delta: number): void {
    const p = this.held.get(groupId);
    if (!p) return;
    p.diskGiB += delta;
    this.edits += 1;
  }

  /**
   * Runs an edit of the spec the platform itself makes at run time (a push lists an image, the
   * log service creates a logstore, a disk is resized): the spec is not to be changed otherwise.
   */
  editSpec<T>(edit: (spec: WorldSpec) => T): T {
    this.edits += 1;
    return edit(this.current);
  }

  /** Gives back everything an instance held; its charges so far stay charged. */
  release(groupId: string): Placement | undefined {
    const p = this.held.get(groupId);
    if (!p) return undefined;
    this.held.delete(groupId);
    this.edits += 1;
    const from = this.balanceSetAt.get(p.account) ?? -Infinity;
    const cost = p.price * ((this.clock.now() - Math.max(p.since, from)) / HOUR);
    this.charged.set(p.account, (this.charged.get(p.account) ?? 0) + cost);
    const found = this.zone(p.zoneId);
    if (found) this.moveStock(found.zone, p.stockKind, p.instanceType, +1);
    if (p.ip) this.ips.release(p.vSwitchId, p.ip);
    if (p.autoEip && p.eipId) this.eips.delete(p.eipId);
    return p;
  }

  /** The public address of an EIP (a listed one's, or one made up for an allocated one). */
  eipAddress(eipId: string): string {
    for (const r of this.current.regions ?? []) {
      const e = r.eips?.find((x) => x.allocationId === eipId);
      if (e) return e.ipAddress;
    }
    const n = Number(/(\d+)$/.exec(eipId)?.[1] ?? 0);
    return `47.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
  }

  /** Whether instances can be placed on the host now. */
  hostUsable(hostId: string): boolean {
    return (this.health.get(hostId) ?? 'healthy') === 'healthy' && !this.faults.on('host-maintenance', hostId);
  }

  /** Moves a placed group to the healthy host of its zone with the most room; its new host, or undefined. */
  moveHost(groupId: string): string | undefined {
    const p = this.held.get(groupId);
    const found = p && this.zone(p.zoneId);
    if (!p || !found) return undefined;
    let best: { id: string; free: number } | undefined;
    for (const h of this.hostsOf(found.zone)) {
      if (h.id === p.hostId || !this.hostUsable(h.id)) continue;
      const free = h.vcpu - this.usedVcpuOnHost(h.id);
      if (free >= p.cpu && (!best || free > best.free)) best = { id: h.id, free };
    }
    if (best) {
      p.hostId = best.id;
      this.edits += 1;
    }
    return best?.id;
  }

  /** A new EIP id for AutoCreateEip. */
  newEipId(prefix: string): string {
    this.autoEipSeq += 1;
    this.edits += 1;
    return `eip-${prefix}auto${String(this.autoEipSeq).padStart(13, '0')}`;
  }
}

function accountsById(w: WorldSpec): Map<string, AccountWorldSpec> {
  return new Map((w.accounts ?? []).map((a) => [a.id, a]));
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
