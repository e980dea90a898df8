// Domain checks of a CreateRequest, all before any change: a refused create leaves nothing
// behind. The result is a plan saying where the group goes and how big it is. What the request
// itself can tell (names, choices, bounds) was checked where it was parsed (the RPC layer's
// container-group-params.ts) or is guaranteed by its type; only what needs the world is here.
import { DEFAULT_ACCOUNT } from '../model/event.js';
import type { RestartPolicy, SpotStrategy, Tag } from './container-group.js';
import { EmulatorError, invalid } from './errors.js';
import { DEFAULT_INSTANCE_TYPE, instanceType, matchInstanceType, MAX_INSTANCE_TYPES, type InstanceTypeSpec } from './instance-types.js';
import type { CatalogEvent } from './hooks.js';
import { inCidr } from './ip-pool.js';
import type { RegionDirectory, RegionSpec, VSwitchSpec } from './regions.js';
import { ev } from './world/causes/event.js';
import type { World } from './world/world.js';
import type { CreateRequest } from './requests.js';
import { checkTags } from './tags.js';
import { scriptProblem } from './container-fate.js';

/** How many vSwitches one VSwitchId parameter may list (comma-separated), as ECI allows. */
export const MAX_VSWITCHES = 10;
/** The resource group of resources created without one (the account's default group). */
export const DEFAULT_RESOURCE_GROUP_ID = 'rg-acfmemudefault000';

/** How the instance type was chosen: the platform event that says so. */
export type InstanceTypeEvent = 'UserInstanceTypeSpec' | 'AutoInstanceTypeMatch' | 'DefaultInstanceTypeMatch';

export interface CreatePlan {
  account: string;
  region: RegionSpec;
  /** The zone of the first vSwitch to try (the group's zone until it is placed). */
  zoneId: string;
  /** vSwitches to try, in order; empty when the region has no default VPC and none was named. */
  vSwitches: VSwitchSpec[];
  securityGroupId: string;
  instanceType: InstanceTypeSpec;
  instanceTypes: InstanceTypeSpec[];
  instanceTypeEvent: InstanceTypeEvent;
  resourceGroupId: string;
  restartPolicy: RestartPolicy;
  spotStrategy: SpotStrategy;
  spotPriceLimit?: number;
  tags: Tag[];
  /** Platform events recorded at creation, after the instance-type one. */
  notes: CatalogEvent[];
  /** The parameters kept on the group as sent. */
  extra: Record<string, string>;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A workload statement that cannot run (container-fate.ts scriptProblem) refuses the create, naming it. */
export function checkScript(n: number, commands: readonly string[], args: readonly string[], list: 'Container' | 'InitContainer' = 'Container'): void {
  const problem = scriptProblem(commands, args);
  if (!problem) return;
  const parameter = args.length ? `${list}.${n}.Arg` : `${list}.${n}.Command`;
  throw invalid(parameter, args.length ? args : commands, `${problem} (the workload verbs: docs/WORKLOADS.md)`);
}

/** The workload each container and init container runs must be one the emulator can run. */
function checkScripts(req: CreateRequest): void {
  req.containers.forEach((c, i) => checkScript(i + 1, c.commands ?? [], c.args ?? []));
  (req.initContainers ?? []).forEach((c, i) => checkScript(i + 1, c.commands ?? [], c.args ?? [], 'InitContainer'));
}

function placeNetwork(req: CreateRequest, region: RegionSpec, regions: RegionDirectory): { zoneId: string; vSwitches: VSwitchSpec[] } {
  if (req.zoneId !== undefined && !region.zones.includes(req.zoneId)) {
    throw new EmulatorError(
      'InvalidZoneId.NotFound',
      `The specified ZoneId ${JSON.stringify(req.zoneId)} does not exist in region ${region.regionId}; its zones are ${region.zones.join(', ')}.`,
      'ZoneId',
    );
  }
  const candidates = req.vSwitchId ? list(req.vSwitchId) : [];
  if (candidates.length > MAX_VSWITCHES) throw invalid('VSwitchId', req.vSwitchId, `at most ${MAX_VSWITCHES} vSwitches may be listed`);
  const vSwitches = candidates.map((id) => {
    const v = regions.vSwitch(region, id);
    if (!v)
      throw new EmulatorError(
        'InvalidVSwitchId.NotFound',
        `The specified VSwitchId ${JSON.stringify(id)} does not exist in region ${region.regionId}; its vSwitches are ${region.vSwitches.map((x) => x.vSwitchId).join(', ')}.`,
        'VSwitchId',
      );
    if (req.zoneId !== undefined && v.zoneId !== req.zoneId) {
      throw new EmulatorError(
        'InvalidVSwitchId.ZoneMismatch',
        `The specified VSwitchId ${JSON.stringify(id)} is in zone ${v.zoneId}, not in the specified ZoneId ${req.zoneId}.`,
        'VSwitchId',
      );
    }
    return v;
  });
  const zoneId = vSwitches[0]?.zoneId ?? req.zoneId ?? region.defaultZoneId;
  // Without a vSwitch the group goes to the default VPC; a region without one fails later
  // (MissDefaultVpc), as ECI reports it: as an event of the instance.
  if (vSwitches.length === 0 && region.vpcId !== undefined) {
    const v = regions.zoneVSwitch(region, zoneId);
    if (!v) throw new EmulatorError('InvalidZoneId.NotFound', `Zone ${zoneId} has no vSwitch in the default VPC; specify a VSwitchId.`, 'ZoneId');
    vSwitches.push(v);
  }
  return { zoneId, vSwitches };
}

interface TypeChoice {
  spec: InstanceTypeSpec;
  /** Every type to try, in order (InstanceType may list several). */
  specs: InstanceTypeSpec[];
  event: InstanceTypeEvent;
  notes: CatalogEvent[];
}

function chooseInstanceType(req: CreateRequest, world: World): TypeChoice {
  const types = world.instanceTypes();
  const notes: CatalogEvent[] = [];
  const sum = (pick: (c: CreateRequest['containers'][number]) => number | undefined) => req.containers.reduce((s, c) => s + (pick(c) ?? 0), 0);
  const totals = { cpu: sum((c) => c.cpu), memory: sum((c) => c.memory), gpu: sum((c) => c.gpu) };
  let chosen: { spec: InstanceTypeSpec; specs?: InstanceTypeSpec[]; event: InstanceTypeEvent };
  if (req.instanceType !== undefined) {
    const names = list(req.instanceType);
    if (names.length === 0 || names.length > MAX_INSTANCE_TYPES)
      throw invalid('InstanceType', req.instanceType, `list 1 to ${MAX_INSTANCE_TYPES} instance types`);
    const specs = names.map((name) => {
      const spec = instanceType(name, types);
      if (!spec)
        throw new EmulatorError(
          'InvalidInstanceType.ValueNotSupported',
          `The specified InstanceType ${JSON.stringify(name)} is not supported.`,
          'InstanceType',
        );
      return spec;
    });
    chosen = { spec: specs[0]!, specs, event: 'UserInstanceTypeSpec' };
    // Features that choose a type by its traits mean nothing once the type is named.
    if (req.cpuArchitecture !== undefined) notes.push(ev('IgnoreInstanceTypeFeatures', names.join(',')));
  } else if (req.cpu !== undefined || req.memory !== undefined || totals.cpu > 0 || totals.memory > 0 || totals.gpu > 0) {
    // Without group-level Cpu/Memory, ECI sizes the group from the sum of its containers'.
    const reservation = (world.spec.platform?.memoryReservationMiB ?? 0) / 1024;
    const want = { cpu: req.cpu ?? totals.cpu, memory: (req.memory ?? totals.memory) + reservation, gpu: totals.gpu, arch: req.cpuArchitecture };
    for (const [param, value] of [
      ['Cpu', req.cpu],
      ['Memory', req.memory],
    ] as const) {
      if (value !== undefined && !(value > 0)) throw invalid(param, value, 'it must be greater than 0');
    }
    const spec = matchInstanceType(want, types);
    if (!spec) {
      throw invalid(
        req.cpu !== undefined ? 'Cpu' : 'Memory',
        req.cpu ?? req.memory ?? want.cpu,
        `no instance type has ${want.cpu} vCPUs, ${want.memory} GiB${want.gpu ? ` and ${want.gpu} GPUs` : ''}`,
      );
    }
    chosen = { spec, event: 'AutoInstanceTypeMatch' };
    if (reservation > 0) notes.push(ev('MemoryReservationAdded'));
  } else {
    const name = world.spec.defaultInstanceType ?? DEFAULT_INSTANCE_TYPE;
    chosen = { spec: instanceType(name, types)!, event: 'DefaultInstanceTypeMatch' };
  }
  const over = (
    [
      ['Cpu', totals.cpu, chosen.spec.cpu],
      ['Memory', totals.memory, chosen.spec.memory],
      ['Gpu', totals.gpu, chosen.spec.gpu],
    ] as const
  ).find(([, need, have]) => need > have);
  if (over)
    throw invalid(`Container.N.${over[0]}`, over[1], `the containers ask for ${over[1]} in all, more than the ${over[2]} of instance type ${chosen.spec.name}`);
  return { spec: chosen.spec, specs: chosen.specs ?? [chosen.spec], event: chosen.event, notes };
}

/** Parameters kept as sent, unless too long for the metadata: those are dropped, and said so. */
function keptExtras(req: CreateRequest, world: World, notes: CatalogEvent[]): Record<string, string> {
  const max = world.spec.platform?.paramMaxLength ?? Infinity;
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.extra ?? {})) {
    if (typeof value !== 'string') throw invalid(key, value, 'an extra parameter is kept as a string');
    if (value.length > max) notes.push(ev('ParamLengthExceed', key));
    else kept[key] = value;
  }
  return kept;
}

/** Checks a create request against the world; throws EmulatorError, changes nothing. */
export function planCreate(req: CreateRequest, world: World): CreatePlan {
  const regions = world.directory;
  const region = regions.region(req.regionId);
  if (!region) {
    throw new EmulatorError(
      'InvalidRegionId.NotFound',
      `The specified RegionId ${JSON.stringify(req.regionId)} does not exist; the regions are ${regions.regions.map((r) => r.regionId).join(', ')}.`,
      'RegionId',
    );
  }
  checkScripts(req);
  const { zoneId, vSwitches } = placeNetwork(req, region, regions);
  if (req.securityGroupId !== undefined) {
    const sg = regions.securityGroup(region, req.securityGroupId);
    if (!sg) {
      throw new EmulatorError(
        'InvalidSecurityGroupId.NotFound',
        `The specified SecurityGroupId ${JSON.stringify(req.securityGroupId)} does not exist in region ${region.regionId}; its security groups are ${region.securityGroups.map((g) => g.securityGroupId).join(', ') || 'none'}.`,
        'SecurityGroupId',
      );
    }
    const elsewhere = vSwitches.find((v) => v.vpcId !== sg.vpcId);
    if (elsewhere)
      throw invalid(
        'SecurityGroupId',
        req.securityGroupId,
        `it is in ${sg.vpcId}, but vSwitch ${elsewhere.vSwitchId} is in ${elsewhere.vpcId}; the ENI needs both in one VPC`,
      );
  }
  if (req.privateIpAddress !== undefined && vSwitches.length > 0 && !vSwitches.some((v) => inCidr(req.privateIpAddress!, v.cidr))) {
    throw invalid('PrivateIpAddress', req.privateIpAddress, `it is not a usable address of ${vSwitches.map((v) => `${v.vSwitchId} (${v.cidr})`).join(', ')}`);
  }
  const { spec, specs, event, notes } = chooseInstanceType(req, world);
  const restartPolicy = req.restartPolicy ?? 'Always';
  const spotStrategy = req.spotStrategy ?? 'NoSpot';
  if (spotStrategy === 'SpotWithPriceLimit' && !(req.spotPriceLimit !== undefined && req.spotPriceLimit > 0)) {
    throw invalid('SpotPriceLimit', req.spotPriceLimit, 'SpotStrategy SpotWithPriceLimit needs a SpotPriceLimit greater than 0');
  }
  const extra = keptExtras(req, world, notes);
  return {
    account: req.account || DEFAULT_ACCOUNT,
    region,
    zoneId,
    vSwitches,
    securityGroupId: req.securityGroupId ?? region.securityGroupId ?? '',
    instanceType: spec,
    instanceTypes: specs,
    instanceTypeEvent: event,
    resourceGroupId: req.resourceGroupId || DEFAULT_RESOURCE_GROUP_ID,
    restartPolicy,
    spotStrategy,
    ...(spotStrategy === 'SpotWithPriceLimit' ? { spotPriceLimit: req.spotPriceLimit } : {}),
    tags: checkTags(req.tags ?? []),
    notes,
    extra,
  };
}
