// The network view of the world's regions that placement reads: zones, vSwitches, security
// groups and the default VPC. It is derived from the world (world/normalize.ts gives every
// region a default VPC with a vSwitch per zone and a security group unless the file says
// otherwise); ids look like real ones (a region's resource ids start with its prefix, e.g. bp1).
import { DEFAULT_WORLD } from './world/defaults.js';
import { normalizeWorld } from './world/normalize.js';
import type { RegionWorldSpec, WorldSpec } from './world/spec.js';

export interface VSwitchSpec {
  vSwitchId: string;
  zoneId: string;
  vpcId: string;
  /** IPv4 CIDR, e.g. 172.16.0.0/20. */
  cidr: string;
}

export interface SecurityGroupSpec {
  securityGroupId: string;
  vpcId: string;
  maxInstances: number;
}

export interface RegionSpec {
  regionId: string;
  /** The prefix of the region's resource ids (ECS-style: bp1, uf6, 2ze, ...). */
  idPrefix: string;
  zones: readonly string[];
  /** Where a group goes when the request names neither a zone nor a vSwitch. */
  defaultZoneId: string;
  /** The default VPC; undefined when the region has none (a create without vSwitch then fails: MissDefaultVpc). */
  vpcId: string | undefined;
  /** The security group used when a create names none: the first one of the default VPC. */
  securityGroupId: string | undefined;
  securityGroups: readonly SecurityGroupSpec[];
  vSwitches: readonly VSwitchSpec[];
}

/** One region as DescribeRegions lists it. */
export interface RegionInfo {
  regionId: string;
  regionEndpoint: string;
  zones: string[];
  /** Open zones: those a creation can use without stock trouble of the zone itself. */
  recommendZones: string[];
}

export function regionView(r: RegionWorldSpec): RegionSpec {
  const vpcs = r.vpcs ?? [];
  const defaultVpc = vpcs.find((v) => v.isDefault);
  const groups = (r.securityGroups ?? []).map((g) => ({ securityGroupId: g.securityGroupId, vpcId: g.vpcId, maxInstances: g.maxInstances ?? 0 }));
  return {
    regionId: r.regionId,
    idPrefix: r.idPrefix!,
    zones: r.zones.map((z) => z.zoneId),
    defaultZoneId: r.defaultZoneId!,
    vpcId: defaultVpc?.vpcId,
    securityGroupId: (groups.find((g) => g.vpcId === defaultVpc?.vpcId) ?? groups[0])?.securityGroupId,
    securityGroups: groups,
    vSwitches: vpcs.flatMap((v) => v.vSwitches.map((s) => ({ ...s, vpcId: v.vpcId }))),
  };
}

export const DEFAULT_REGIONS: readonly RegionSpec[] = normalizeWorld(DEFAULT_WORLD, DEFAULT_WORLD).regions!.map(regionView);

/** Lookups over one set of regions. */
export class RegionDirectory {
  private readonly byId: Map<string, RegionSpec>;
  readonly regions: readonly RegionSpec[];

  constructor(
    regions: readonly RegionSpec[] = DEFAULT_REGIONS,
    /** Zones that are not open, by id: DescribeRegions does not recommend them. */
    private readonly unrecommended: ReadonlySet<string> = new Set(),
  ) {
    this.regions = regions;
    this.byId = new Map(regions.map((r) => [r.regionId, r]));
  }

  static fromWorld(world: WorldSpec): RegionDirectory {
    const closed = new Set((world.regions ?? []).flatMap((r) => r.zones.filter((z) => (z.state ?? 'open') !== 'open').map((z) => z.zoneId)));
    return new RegionDirectory((world.regions ?? []).map(regionView), closed);
  }

  region(regionId: string): RegionSpec | undefined {
    return this.byId.get(regionId);
  }

  vSwitch(region: RegionSpec, vSwitchId: string): VSwitchSpec | undefined {
    return region.vSwitches.find((v) => v.vSwitchId === vSwitchId);
  }

  /** The zone's vSwitch in the default VPC (the first one in the zone). */
  zoneVSwitch(region: RegionSpec, zoneId: string): VSwitchSpec | undefined {
    return region.vSwitches.find((v) => v.zoneId === zoneId && v.vpcId === region.vpcId);
  }

  securityGroup(region: RegionSpec, id: string): SecurityGroupSpec | undefined {
    return region.securityGroups.find((g) => g.securityGroupId === id);
  }

  /** DescribeRegions: every region with its endpoint and zones. */
  describe(): RegionInfo[] {
    return this.regions.map((r) => ({
      regionId: r.regionId,
      regionEndpoint: `eci.${r.regionId}.aliyuncs.com`,
      zones: [...r.zones],
      recommendZones: r.zones.filter((z) => !this.unrecommended.has(z)),
    }));
  }
}
