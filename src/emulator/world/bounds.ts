// How big a world may be. A world file and every control request is checked against these
// before anything is built from it, because what a number in a world stands for is materialised:
// `hosts: N` becomes N host objects that every placement and every `world show` walks, lists are
// indexed and cross-checked, numbers feed arithmetic the answers print. Each bound is far above
// anything a test of ECI-facing code needs and low enough that the largest world builds in well
// under a second (10,000 listed hosts are checked, merged and built in about 100 ms, and shown in
// about 20 ms, on a loaded 2-core machine). spec.ts puts the per-field bounds into the schema
// (so docs/world.schema.json publishes them); shapeProblems() bounds any value before it is
// merged; totalProblems() checks what no single field can say. docs/WORLD.md#bounds lists them.
import { MAX_ADVANCE_MICROS } from '../../model/clock.js';

/** Hosts one zone may have: every placement in the zone walks them. */
export const MAX_HOSTS_PER_ZONE = 10_000;
/** Hosts of the whole world: `world show` and host faults walk all of them. */
export const MAX_TOTAL_HOSTS = 10_000;
/** vCPUs of one host (the largest real ECS hosts have under 1,000). */
export const MAX_HOST_VCPU = 100_000;
/** Regions (Alibaba Cloud has about 30). */
export const MAX_REGIONS = 100;
/** Zones of one region (the largest real region has about 12). */
export const MAX_ZONES_PER_REGION = 50;
/** Zones of the whole world: each gets a default vSwitch and hosts. */
export const MAX_TOTAL_ZONES = 1_000;
/** Instance types on sale, and names in any list or map keyed by type: placement tries each. */
export const MAX_INSTANCE_TYPES = 1_000;
/** vCPUs, GiB of memory and GPUs of one instance type. */
export const MAX_TYPE_CPU = 10_000;
export const MAX_TYPE_MEMORY_GIB = 100_000;
export const MAX_TYPE_GPU = 1_000;
/** VPCs and security groups of one region, vSwitches of one VPC (overlaps are checked pairwise). */
export const MAX_VPCS_PER_REGION = 100;
export const MAX_VSWITCHES_PER_VPC = 1_000;
export const MAX_SECURITY_GROUPS_PER_REGION = 1_000;
/** ENIs, EIPs, bandwidth packages and disks of one region; accounts of the world. */
export const MAX_RESOURCES_PER_LIST = 10_000;
/** SLS projects of an account, logstores of a project, denied actions of an account. */
export const MAX_SLS_PROJECTS = 100;
export const MAX_LOGSTORES = 1_000;
export const MAX_DENIED_ACTIONS = 100;
/** Registries of the world, images of one registry, tags of one image, credentials of a registry, unresolvable names. */
export const MAX_REGISTRIES = 100;
export const MAX_IMAGES_PER_REGISTRY = 1_000;
export const MAX_TAGS_PER_IMAGE = 100;
export const MAX_CREDENTIALS_PER_REGISTRY = 100;
export const MAX_UNRESOLVABLE = 1_000;
/** Data sources of the world (URLs, NAS file systems, OSS buckets data caches load from), VPCs one can be reached from. */
export const MAX_DATA_SOURCES = 1_000;
export const MAX_SOURCE_VPCS = 100;
/** GB of one data source (a NAS file system holds at most about 10 PB). */
export const MAX_DATA_SOURCE_GB = 10_000_000;
/** A data source's location (a URL, a NAS mount target, an OSS bucket and endpoint). */
export const MAX_LOCATION_LENGTH = 1_024;
/** A registry host name (a DNS name is at most 253 characters, plus a port) and an image path (distribution/reference: 255). */
export const MAX_HOST_LENGTH = 260;
export const MAX_REPOSITORY_LENGTH = 255;
/** MB of one image (the largest real images are tens of GB); layers of one image (overlay2 refuses stacks much deeper than 120). */
export const MAX_IMAGE_SIZE_MB = 1_000_000;
export const MAX_IMAGE_LAYERS = 128;
/** A registry's speed (MB/s) and round-trip latency (ms). */
export const MAX_REGISTRY_SPEED_MBPS = 100_000;
export const MAX_REGISTRY_LATENCY_MS = 60_000;
/**
 * Items of every listed kind together (hosts, VPCs, vSwitches, groups, ENIs, EIPs, packages,
 * disks, accounts, projects, logstores): the bound on the world's whole size.
 */
export const MAX_TOTAL_ITEMS = 100_000;
/** Counts: stock units, quotas, capacities, rates. Far below 2^53, so sums stay exact. */
export const MAX_COUNT = 1_000_000_000;
/** Image caches an account may hold per region: each one is kept in memory with its timers. */
export const MAX_IMAGE_CACHE_QUOTA = 10_000;
/** CNY: balances (either sign) and prices per hour; printed to four decimals, exactly. */
export const MAX_BALANCE = 1_000_000_000_000;
export const MAX_PRICE = 1_000_000;
/** GiB of one disk (real cloud disks stop at 64 TiB). */
export const MAX_DISK_GIB = 1_000_000;
/** Spot protection and notice, in minutes: a timer that long is armed per spot instance. */
export const MAX_SPOT_MINUTES = 525_600;
/** Throttled-creation retries, and the first wait (it doubles): at most 2^10 × 1 h between tries. */
export const MAX_FLOW_RETRIES = 10;
export const MAX_FLOW_BACKOFF_SECONDS = 3_600;
/** MiB reserved per instance, and the longest parameter value kept. */
export const MAX_MEMORY_RESERVATION_MIB = 1_000_000;
export const MAX_PARAM_LENGTH = 65_536;
/** Characters of an id or name, and of any other string of a world. */
export const MAX_ID_LENGTH = 128;
export const MAX_STRING_LENGTH = 2_048;
/** Nesting of objects and lists in a world change (a world is 8 deep at most). */
export const MAX_DEPTH = 12;
/** Bytes of a world file, and of the body of `POST /v1/world` (10,000 listed hosts take ~400 KB). */
export const MAX_WORLD_BYTES = 4 * 1024 * 1024;

/** `/a/0/b` or ['a', 0, 'b'] as a path a person reads: `a[0].b`. */
export function pathText(parts: ReadonlyArray<string | number>): string {
  return parts.reduce<string>((p, part) => (typeof part === 'number' || /^\d+$/.test(part) ? `${p}[${part}]` : p ? `${p}.${part}` : part), '') || '(top level)';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The shape bounds of any value before it is merged or checked against the schema: nesting,
 * list lengths, keys per object, string lengths. Cheap (one walk, stopping at the first problem
 * in each value), so a change is refused before the merge walks it.
 */
export function shapeProblems(value: unknown, at: Array<string | number> = []): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, path: Array<string | number>): void => {
    if (problems.length >= 20) return;
    if (typeof v === 'string') {
      if (v.length > MAX_STRING_LENGTH) problems.push(`${pathText(path)}: a string of ${v.length} characters; the bound is ${MAX_STRING_LENGTH}`);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (path.length - at.length >= MAX_DEPTH) {
      problems.push(`${pathText(path)}: nested more than ${MAX_DEPTH} levels deep; a world is 8 at most`);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > MAX_RESOURCES_PER_LIST)
        return void problems.push(`${pathText(path)}: a list of ${v.length} items; the bound is ${MAX_RESOURCES_PER_LIST}`);
      v.forEach((x, i) => walk(x, [...path, i]));
      return;
    }
    const keys = Object.keys(v);
    if (keys.length > MAX_RESOURCES_PER_LIST)
      return void problems.push(`${pathText(path)}: an object of ${keys.length} fields; the bound is ${MAX_RESOURCES_PER_LIST}`);
    for (const k of keys) {
      if (k.length > MAX_STRING_LENGTH) problems.push(`${pathText(path)}: a field name of ${k.length} characters; the bound is ${MAX_STRING_LENGTH}`);
      else walk((v as Record<string, unknown>)[k], [...path, k]);
    }
  };
  walk(value, at);
  return problems;
}

const len = (v: unknown): number => (Array.isArray(v) ? v.length : 0);

/**
 * Bounds over the whole world that no single field can say (total hosts, zones, items), read
 * from a schema-checked world before normalize() builds anything: a zone without `hosts` counts
 * as the default number of hosts it will get.
 */
export function totalProblems(world: unknown, defaultHostsPerZone: number): string[] {
  if (!isObject(world)) return [];
  const problems: string[] = [];
  let hosts = 0;
  let zones = 0;
  let items = len(world.accounts) + len(world.instanceTypes) + len(world.unresolvable);
  for (const d of Array.isArray(world.dataSources) ? world.dataSources : []) items += 1 + (isObject(d) ? len(d.vpcIds) : 0);
  for (const g of Array.isArray(world.registries) ? world.registries : []) items += 1 + (isObject(g) ? len(g.images) + len(g.credentials) : 0);
  for (const r of Array.isArray(world.regions) ? world.regions : []) {
    if (!isObject(r)) continue;
    for (const z of Array.isArray(r.zones) ? r.zones : []) {
      zones += 1;
      const h = isObject(z) ? z.hosts : undefined;
      hosts += typeof h === 'number' ? h : Array.isArray(h) ? h.length : defaultHostsPerZone;
    }
    for (const v of Array.isArray(r.vpcs) ? r.vpcs : []) items += 1 + (isObject(v) ? len(v.vSwitches) : 0);
    items += len(r.securityGroups) + len(r.enis) + len(r.eips) + len(r.bandwidthPackages) + len(r.disks);
  }
  for (const a of Array.isArray(world.accounts) ? world.accounts : []) {
    if (!isObject(a)) continue;
    for (const p of Array.isArray(a.slsProjects) ? a.slsProjects : []) items += 1 + (isObject(p) ? len(p.logstores) : 0);
  }
  items += hosts;
  if (hosts > MAX_TOTAL_HOSTS) problems.push(`regions: ${hosts} hosts in all; the bound is ${MAX_TOTAL_HOSTS} hosts over every zone`);
  if (zones > MAX_TOTAL_ZONES) problems.push(`regions: ${zones} zones in all; the bound is ${MAX_TOTAL_ZONES}`);
  if (items > MAX_TOTAL_ITEMS)
    problems.push(`(top level): ${items} listed items in all (hosts, networks, resources, accounts, registries and images); the bound is ${MAX_TOTAL_ITEMS}`);
  return problems;
}

/** Bytes of the body of the other control requests (`/v1/faults`, `/v1/clock`, `/v1/spot/reclaim`): a few fields. */
export const MAX_CONTROL_BYTES = 16 * 1024;
/** Hits of a fault (`count`) and instances one reclaim takes (`count`). */
export const MAX_CONTROL_COUNT = MAX_COUNT;
/** A fault's `duration` and a maintenance's `deadline`: as far as one clock advance goes. */
export const MAX_FAULT_DURATION_MICROS = MAX_ADVANCE_MICROS;
/** A registry-slow fault's factor: pulls a thousand times slower are already hours long. */
export const MAX_SLOW_FACTOR = 1_000;
