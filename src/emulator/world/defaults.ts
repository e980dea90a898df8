// What an absent world field means. The default world is the one the emulator had before world
// files: five regions, every zone open with unlimited stock, one default VPC per region with a
// /20 vSwitch per zone, one security group, the default account with money and room to spare.
import { INSTANCE_TYPES, DEFAULT_INSTANCE_TYPE } from '../instance-types.js';
import type { AccountWorldSpec, RegionWorldSpec, WorldSpec } from './spec.js';

export const DEFAULTS = {
  hostsPerZone: 4,
  hostVcpu: 96,
  balance: 10_000,
  vcpuQuota: 1000,
  diskQuotaGiB: 100_000,
  eipQuota: 20,
  /** Image caches per account and region. ECI publishes no figure (docs/WORLD.md): a modest default. */
  imageCacheQuota: 50,
  securityGroupMaxInstances: 2000,
  slsLogstoreQuota: 200,
  spotProtectionMinutes: 60,
  spotNoticeMinutes: 5,
  /** Spot market price as a share of the pay-as-you-go price. */
  spotPriceShare: 0.2,
  flowRetries: 3,
  flowBackoffSeconds: 10,
  jobEphemeralStorageLimitGiB: 100,
  paramMaxLength: 4096,
  /** CNY per vCPU-hour and per GiB-hour, ECI's published pay-as-you-go order of magnitude. */
  vcpuHourPrice: 0.1,
  memoryGiBHourPrice: 0.0115,
} as const;

/** Pads a readable id body with zeros to the 17 characters that follow the region prefix. */
export function resourceId(kind: string, prefix: string, body: string): string {
  return `${kind}-${prefix}${body.padEnd(17, '0').slice(0, 17)}`;
}

/** A region of the default world: zones from letters, the default network ids. */
function defaultRegion(regionId: string, idPrefix: string, letters: string, defaultLetter: string): RegionWorldSpec {
  return { regionId, idPrefix, defaultZoneId: `${regionId}-${defaultLetter}`, zones: [...letters].map((l) => ({ zoneId: `${regionId}-${l}` })) };
}

export const DEFAULT_WORLD: WorldSpec = {
  instanceTypes: INSTANCE_TYPES.map((t) => ({ ...t })),
  defaultInstanceType: DEFAULT_INSTANCE_TYPE,
  regions: [
    defaultRegion('cn-hangzhou', 'bp1', 'bghijk', 'k'),
    defaultRegion('cn-shanghai', 'uf6', 'efglm', 'l'),
    defaultRegion('cn-beijing', '2ze', 'fghi', 'i'),
    defaultRegion('ap-southeast-1', 't4n', 'abc', 'c'),
    defaultRegion('us-west-1', 'rj9', 'ab', 'b'),
  ],
  accounts: [{ id: 'default' }],
};

export function defaultAccount(id: string): AccountWorldSpec {
  return { id };
}
