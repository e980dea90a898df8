// The emulated world's regions and zones, with the network every group lands in: per region a
// default VPC and security group, per zone a default vSwitch whose CIDR gives groups their
// IntranetIp. Ids are fixed so that tests and users can name them; they look like real ones
// (a region's resource ids start with its prefix, e.g. bp1 for cn-hangzhou).

export interface VSwitchSpec {
  vSwitchId: string;
  zoneId: string;
  /** IPv4 CIDR, e.g. 172.16.0.0/20. */
  cidr: string;
}

export interface RegionSpec {
  regionId: string;
  /** The prefix of the region's resource ids (ECS-style: bp1, uf6, 2ze, ...). */
  idPrefix: string;
  zones: readonly string[];
  /** Where a group goes when the request names neither a zone nor a vSwitch. */
  defaultZoneId: string;
  vpcId: string;
  securityGroupId: string;
  vSwitches: readonly VSwitchSpec[];
}

/** One region as DescribeRegions lists it. */
export interface RegionInfo {
  regionId: string;
  regionEndpoint: string;
  zones: string[];
  /** No zone is short of stock yet, so every zone is recommended. */
  recommendZones: string[];
}

/** Pads a readable id body with zeros to the 17 characters that follow the region prefix. */
function resourceId(kind: string, prefix: string, body: string): string {
  return `${kind}-${prefix}${body.padEnd(17, '0').slice(0, 17)}`;
}

function region(regionId: string, idPrefix: string, letters: string, defaultLetter: string): RegionSpec {
  const zones = [...letters].map((l) => `${regionId}-${l}`);
  return {
    regionId,
    idPrefix,
    zones,
    defaultZoneId: `${regionId}-${defaultLetter}`,
    vpcId: resourceId('vpc', idPrefix, 'emudefault'),
    securityGroupId: resourceId('sg', idPrefix, 'emudefault'),
    // One /20 per zone inside the default VPC's 172.16.0.0/12, as the console's default vSwitches.
    vSwitches: zones.map((zoneId, i) => ({
      vSwitchId: resourceId('vsw', idPrefix, `emudefault${zoneId.slice(-1)}`),
      zoneId,
      cidr: `172.16.${i * 16}.0/20`,
    })),
  };
}

export const DEFAULT_REGIONS: readonly RegionSpec[] = [
  region('cn-hangzhou', 'bp1', 'bghijk', 'k'),
  region('cn-shanghai', 'uf6', 'efglm', 'l'),
  region('cn-beijing', '2ze', 'fghi', 'i'),
  region('ap-southeast-1', 't4n', 'abc', 'c'),
  region('us-west-1', 'rj9', 'ab', 'b'),
];

/** Lookups over one set of regions. */
export class RegionDirectory {
  private readonly byId: Map<string, RegionSpec>;

  constructor(readonly regions: readonly RegionSpec[] = DEFAULT_REGIONS) {
    this.byId = new Map(regions.map((r) => [r.regionId, r]));
  }

  region(regionId: string): RegionSpec | undefined {
    return this.byId.get(regionId);
  }

  vSwitch(region: RegionSpec, vSwitchId: string): VSwitchSpec | undefined {
    return region.vSwitches.find((v) => v.vSwitchId === vSwitchId);
  }

  /** The zone's default vSwitch (the first one in the zone). */
  zoneVSwitch(region: RegionSpec, zoneId: string): VSwitchSpec | undefined {
    return region.vSwitches.find((v) => v.zoneId === zoneId);
  }

  /** DescribeRegions: every region with its endpoint and zones. */
  describe(): RegionInfo[] {
    return this.regions.map((r) => ({
      regionId: r.regionId,
      regionEndpoint: `eci.${r.regionId}.aliyuncs.com`,
      zones: [...r.zones],
      recommendZones: [...r.zones],
    }));
  }
}
