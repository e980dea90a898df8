// What callers (the RPC layer, tests) ask the emulator for. Inputs arrive parsed and
// syntactically valid (numbers are numbers, names match their patterns and are unique, choices
// are their types' values: the RPC layer's parsers check that, once); the emulator checks what
// only it can know (regions, zones, vSwitches, instance types, statuses).
import type { Micros } from '../model/event.js';
import type { ContainerDeclaration, DnsConfigSpec, EnvVar, HostAliasSpec, SysctlSpec, VolumeSpec } from './container-spec.js';
import type { ContainerGroup, GroupStatus, ImagePullPolicy, RestartPolicy, SpotStrategy, Tag } from './container-group.js';

export interface ContainerRequest extends Partial<Omit<ContainerDeclaration, 'env'>> {
  name: string;
  image: string;
  cpu?: number;
  memory?: number;
  gpu?: number;
  /** Container.N.Command.M, in order. */
  commands?: string[];
  /** Container.N.Arg.M, in order. */
  args?: string[];
  /** Default IfNotPresent. */
  imagePullPolicy?: ImagePullPolicy;
  /** Container.N.EnvironmentVar.M; `aliyun_logs_*` ones configure SLS log collection. */
  env?: EnvVar[];
}

/** Volume.N: disk volumes also matter to the world (they are attached and count against the disk quota). */
export type VolumeRequest = VolumeSpec;

/** DataCacheBucket and its disk's settings: the group mounts the bucket's caches its HostPath volumes name. */
export interface DataCacheMount {
  bucket: string;
  /** DataCachePL: the performance level of the cache's disk (default PL1). */
  performanceLevel?: string;
  provisionedIops?: number;
  burstingEnabled?: boolean;
}

/** ImageRegistryCredential.N: what the instance logs in to a registry with. */
export interface RegistryCredentialRequest {
  server: string;
  userName: string;
  password: string;
}

export interface CreateRequest {
  /** ImageRegistryCredential.N, for pulls from private registries. */
  imageRegistryCredentials?: RegistryCredentialRequest[];
  /** The caller's account (default: DEFAULT_ACCOUNT). */
  account?: string;
  regionId: string;
  containerGroupName: string;
  containers: ContainerRequest[];
  zoneId?: string;
  /** One vSwitch id, or up to 10 comma-separated (the first usable one is taken). */
  vSwitchId?: string;
  securityGroupId?: string;
  /** One type, or up to 5 comma-separated (the first is taken). */
  instanceType?: string;
  cpu?: number;
  memory?: number;
  resourceGroupId?: string;
  /** Default Always. */
  restartPolicy?: RestartPolicy;
  /** Default NoSpot. */
  spotStrategy?: SpotStrategy;
  spotPriceLimit?: number;
  tags?: Tag[];
  /** Idempotency: a second create with the same token (same account) returns the first group. */
  clientToken?: string;
  /** Check everything, create nothing: a passing request ends in EmulatorError DryRunOperation. */
  dryRun?: boolean;
  /** CpuOptionsCore and CpuOptionsThreadsPerCore. */
  cpuOptions?: { core?: number; threadsPerCore?: number };
  /** EphemeralStorage, GiB. */
  ephemeralStorage?: number;
  /** CpuArchitecture, for Cpu/Memory-sized groups. */
  cpuArchitecture?: 'AMD64' | 'ARM64';
  /** An existing EIP to bind (EipInstanceId). */
  eipInstanceId?: string;
  /** AutoCreateEip: the platform allocates an EIP, in EipCommonBandwidthPackage when given. */
  autoCreateEip?: boolean;
  eipCommonBandwidthPackage?: string;
  /** PrivateIpAddress: the address the group's ENI must have. */
  privateIpAddress?: string;
  volumes?: VolumeRequest[];
  /** InitContainer.N: declared and shown, not run. */
  initContainers?: ContainerRequest[];
  dnsConfig?: DnsConfigSpec;
  hostAliases?: HostAliasSpec[];
  /** SecurityContext.Sysctl.N. */
  sysctls?: SysctlSpec[];
  ramRoleName?: string;
  /** DataCacheBucket and co.: the data caches mounted from HostPath volumes. */
  dataCache?: DataCacheMount;
  /** ImageSnapshotId: the image cache (imc-…) the instance starts from. */
  imageSnapshotId?: string;
  /** AutoMatchImageCache: the platform matches a cache, and creates one when none matches fully. */
  autoMatchImageCache?: boolean;
  /** ImageAccelerateMode: used instead of a cache that does not suit the instance (ImageCacheNotSuited). */
  imageAccelerateMode?: string;
  /** Every other accepted parameter, by its wire name; stored on the group as sent. */
  extra?: Record<string, string>;
}

export interface ContainerUpdate {
  /** Which container (it must exist). */
  name: string;
  image?: string;
  commands?: string[];
  args?: string[];
}

export interface UpdateRequest {
  /** Replaces every tag. */
  tags?: Tag[];
  /** Changes named containers; a changed container is stopped, pulled and started again. */
  containers?: ContainerUpdate[];
  /** Takes effect at the next container exit. */
  restartPolicy?: RestartPolicy;
  /** ImageRegistryCredential.N: replaces the group's; the next pulls log in with it. */
  imageRegistryCredentials?: RegistryCredentialRequest[];
}

export interface ListFilter {
  ids?: string[];
  name?: string;
  status?: GroupStatus;
  zoneId?: string;
  vSwitchId?: string;
  resourceGroupId?: string;
  /** Every tag must be on the group; a tag without a value matches the key alone. */
  tags?: { key: string; value?: string }[];
  /** Only groups whose status changed at or after this time (DescribeContainerGroupStatus' SinceSecond). */
  statusChangedSince?: Micros;
}

export interface Page {
  limit: number;
  /** From the previous page's result; absent for the first page. */
  nextToken?: string;
}

export interface ListResult {
  /** Newest first. */
  groups: ContainerGroup[];
  /** Present when more groups follow. */
  nextToken?: string;
  /** Groups matching the filter, on every page. */
  totalCount: number;
}
