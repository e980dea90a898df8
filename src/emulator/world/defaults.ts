// What an absent world field means. The default world is the one the emulator had before world
// files: five regions, every zone open with unlimited stock, one default VPC per region with a
// /20 vSwitch per zone, one security group, the default account with money and room to spare.
import { INSTANCE_TYPES, DEFAULT_INSTANCE_TYPE } from '../instance-types.js';
import type { AccountWorldSpec, RegionWorldSpec, RegistryWorldSpec, WorldSpec } from './spec.js';

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
  /**
   * A registry the world does not describe: Docker Hub's order of speed from a cloud host. With
   * the default image (36 MB in 5 layers: 3 + 5 requests of 10 ms, 720 ms of transfer) a pull
   * takes 800 ms, the fixed pull time the emulator had before registries were modelled.
   */
  registrySpeedMBps: 50,
  registryLatencyMs: 10,
  imageSizeMB: 36,
  imageLayers: 5,
  /** Alibaba ACR over the region's network: twice Docker Hub's speed, half its latency. */
  acrSpeedMBps: 100,
  acrLatencyMs: 5,
} as const;

/** The ACR registry names of a region, public and VPC (reference/eci-api.md: registry-vpc.<region>.aliyuncs.com from inside the VPC). */
function acrRegistries(regionId: string): RegistryWorldSpec[] {
  return [`registry.${regionId}.aliyuncs.com`, `registry-vpc.${regionId}.aliyuncs.com`].map((host) => ({
    host,
    speedMBps: DEFAULTS.acrSpeedMBps,
    latencyMs: DEFAULTS.acrLatencyMs,
  }));
}

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

/** Docker Hub (as references name it, and its registry endpoint) and ACR of every default region: public and open. */
export const DEFAULT_REGISTRIES: RegistryWorldSpec[] = [
  { host: 'docker.io' },
  { host: 'registry-1.docker.io' },
  ...(DEFAULT_WORLD.regions ?? []).flatMap((r) => acrRegistries(r.regionId)),
];

export function defaultAccount(id: string): AccountWorldSpec {
  return { id };
}
