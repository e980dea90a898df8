// The world file's schema: one TypeBox definition gives both the TypeScript type and the JSON
// Schema that `docs/world.schema.json` publishes and the loader checks. Every field is optional
// except ids; defaults.ts says what an absent field means.
import { Type, type Static } from '@sinclair/typebox';
import * as B from './bounds.js';
import { MAX_TIME_SCALE, MIN_TIME_SCALE } from '../time-scale.js';

const Id = (description: string) => Type.String({ minLength: 1, maxLength: B.MAX_ID_LENGTH, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$', description });
const Count = (description: string) => Type.Integer({ minimum: 0, maximum: B.MAX_COUNT, description });
const Units = Type.Integer({ minimum: 0, maximum: B.MAX_COUNT });
const Name = Type.String({ maxLength: B.MAX_ID_LENGTH });
/** A map keyed by instance type (or region): at most as many keys as there can be types. */
const ByType = <T extends Parameters<typeof Type.Record>[1]>(value: T, options: { description?: string; maxProperties?: number } = {}) =>
  Type.Record(Name, value, { maxProperties: B.MAX_INSTANCE_TYPES, ...options });
const Money = (description: string) => Type.Number({ minimum: 0, maximum: B.MAX_PRICE, description });
const Cidr = Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3}){3}/(1[6-9]|2[0-9])$', description: 'IPv4 CIDR, /16 to /29' });
const Ip = Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3}){3}$' });
const strict = { additionalProperties: false } as const;

/** Units of stock: one number for every instance type, or a number per type (absent: unlimited). */
export const StockSchema = Type.Union([Count('units of every instance type'), ByType(Units)], {
  description: 'units left: a number for every type, or {instanceType: units}; absent means unlimited',
});

export const InstanceTypeSchema = Type.Object(
  {
    name: Type.String({ maxLength: B.MAX_ID_LENGTH, pattern: '^ecs\\.[a-z0-9-]+\\.[a-z0-9-]+$', description: 'e.g. ecs.g6.large' }),
    cpu: Type.Number({ exclusiveMinimum: 0, maximum: B.MAX_TYPE_CPU, description: 'vCPUs' }),
    memory: Type.Number({ exclusiveMinimum: 0, maximum: B.MAX_TYPE_MEMORY_GIB, description: 'GiB' }),
    arch: Type.Optional(Type.Union([Type.Literal('AMD64'), Type.Literal('ARM64')])),
    gpu: Type.Optional(Type.Integer({ minimum: 0, maximum: B.MAX_TYPE_GPU, description: 'GPUs' })),
    price: Type.Optional(Money('pay-as-you-go price, CNY per hour (default from cpu and memory)')),
  },
  strict,
);

export const HostSchema = Type.Object(
  {
    id: Id('host id, e.g. h-k1'),
    vcpu: Type.Optional(Type.Integer({ minimum: 1, maximum: B.MAX_HOST_VCPU, description: 'vCPUs the host can give to instances (default 96)' })),
  },
  strict,
);

export const ZoneSchema = Type.Object(
  {
    zoneId: Id('e.g. cn-hangzhou-k'),
    state: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('limited'), Type.Literal('closed')], {
        description: 'limited: only accounts with a living instance in the zone may create',
      }),
    ),
    essd: Type.Optional(Type.Boolean({ description: 'ESSD disks are sold here (default true)' })),
    cpuOptions: Type.Optional(Type.Boolean({ description: 'custom CPU options (CpuOptionsCore/ThreadsPerCore) are supported (default true)' })),
    instanceTypes: Type.Optional(Type.Array(Name, { maxItems: B.MAX_INSTANCE_TYPES, description: 'types offered here (default every type)' })),
    stock: Type.Optional(StockSchema),
    lowWaterMark: Type.Optional(Count('a creation that leaves fewer units than this records StockExhaust (default 0: never)')),
    spotStock: Type.Optional(StockSchema),
    spotPrice: Type.Optional(
      Type.Union([Money('CNY per hour for every type'), ByType(Type.Number({ minimum: 0, maximum: B.MAX_PRICE }))], {
        description: 'market price of spot instances (default 20% of the pay-as-you-go price)',
      }),
    ),
    hosts: Type.Optional(
      Type.Union([
        Type.Integer({ minimum: 0, maximum: B.MAX_HOSTS_PER_ZONE, description: 'that many hosts of 96 vCPUs' }),
        Type.Array(HostSchema, { maxItems: B.MAX_HOSTS_PER_ZONE }),
      ]),
    ),
  },
  strict,
);

export const VSwitchSchema = Type.Object({ vSwitchId: Id('e.g. vsw-bp1...'), zoneId: Id('zone of the vSwitch'), cidr: Cidr }, strict);

export const VpcSchema = Type.Object(
  {
    vpcId: Id('e.g. vpc-bp1...'),
    isDefault: Type.Optional(Type.Boolean({ description: 'the region default VPC: used when a create names no vSwitch' })),
    vSwitches: Type.Array(VSwitchSchema, { maxItems: B.MAX_VSWITCHES_PER_VPC }),
  },
  strict,
);

export const SecurityGroupSchema = Type.Object(
  {
    securityGroupId: Id('e.g. sg-bp1...'),
    vpcId: Id('VPC of the group'),
    maxInstances: Type.Optional(Count('instances the group can hold (default 2000)')),
  },
  strict,
);

export const EniSchema = Type.Object({ eniId: Id('e.g. eni-bp1...'), vSwitchId: Id('its vSwitch'), ip: Ip }, strict);

export const EipSchema = Type.Object(
  {
    allocationId: Id('e.g. eip-bp1...'),
    ipAddress: Ip,
    boundTo: Type.Optional(Id('an instance outside the emulator it is bound to, e.g. i-bp1...')),
  },
  strict,
);

export const BandwidthPackageSchema = Type.Object({ id: Id('e.g. cbwp-bp1...'), maxEips: Count('EIPs the package can hold') }, strict);

export const DiskSchema = Type.Object(
  {
    diskId: Id('e.g. d-bp1...'),
    zoneId: Id('zone of the disk'),
    sizeGiB: Type.Integer({ minimum: 1, maximum: B.MAX_DISK_GIB }),
    attachedTo: Type.Optional(Id('an instance outside the emulator it is attached to')),
  },
  strict,
);

export const RegionSchema = Type.Object(
  {
    regionId: Id('e.g. cn-hangzhou'),
    idPrefix: Type.Optional(Type.String({ pattern: '^[a-z0-9]{3}$', description: 'prefix of generated ids (default from the region id)' })),
    defaultZoneId: Type.Optional(Id('zone used when a create names neither zone nor vSwitch (default the last zone)')),
    zones: Type.Array(ZoneSchema, { minItems: 1, maxItems: B.MAX_ZONES_PER_REGION }),
    vpcs: Type.Optional(Type.Array(VpcSchema, { maxItems: B.MAX_VPCS_PER_REGION, description: 'default: one default VPC with a /20 vSwitch per zone' })),
    securityGroups: Type.Optional(
      Type.Array(SecurityGroupSchema, { maxItems: B.MAX_SECURITY_GROUPS_PER_REGION, description: 'default: one group in the default VPC' }),
    ),
    enis: Type.Optional(Type.Array(EniSchema, { maxItems: B.MAX_RESOURCES_PER_LIST, description: 'ENIs of other products, holding their addresses' })),
    eips: Type.Optional(Type.Array(EipSchema, { maxItems: B.MAX_RESOURCES_PER_LIST })),
    bandwidthPackages: Type.Optional(Type.Array(BandwidthPackageSchema, { maxItems: B.MAX_RESOURCES_PER_LIST })),
    disks: Type.Optional(Type.Array(DiskSchema, { maxItems: B.MAX_RESOURCES_PER_LIST })),
  },
  strict,
);

export const SlsProjectSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$' }),
    regionId: Id('region of the project'),
    logstoreQuota: Type.Optional(Count('logstores the project can hold (default 200)')),
    logstores: Type.Optional(Type.Array(Name, { maxItems: B.MAX_LOGSTORES, description: 'logstores that exist already' })),
  },
  strict,
);

/** A registry host as an image reference names it: a DNS name or an address, with an optional port. */
const RegistryHost = Type.String({
  minLength: 1,
  maxLength: B.MAX_HOST_LENGTH,
  pattern: '^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?$',
  description: 'e.g. registry.cn-hangzhou.aliyuncs.com, docker.io, localhost:5000',
});
const Arch = Type.Union([Type.Literal('amd64'), Type.Literal('arm64')]);

export const ImageSchema = Type.Object(
  {
    repository: Type.String({
      minLength: 1,
      maxLength: B.MAX_REPOSITORY_LENGTH,
      pattern: '^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*$',
      description: 'path in the registry, e.g. library/nginx (Docker Hub names without a slash are library/...)',
    }),
    tags: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$' }), {
        minItems: 1,
        maxItems: B.MAX_TAGS_PER_IMAGE,
        description: 'tags that exist (default [latest])',
      }),
    ),
    sizeMB: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: B.MAX_IMAGE_SIZE_MB,
        description: "compressed size, MB (10^6 bytes) (default the registry's defaultImageSizeMB)",
      }),
    ),
    layers: Type.Optional(
      Type.Integer({ minimum: 1, maximum: B.MAX_IMAGE_LAYERS, description: "layers, of equal size (default the registry's defaultLayers)" }),
    ),
    arches: Type.Optional(
      Type.Array(Arch, { minItems: 1, maxItems: 2, uniqueItems: true, description: 'architectures its manifest list has (default [amd64, arm64])' }),
    ),
  },
  strict,
);

export const RegistryCredentialSchema = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: B.MAX_ID_LENGTH }), password: Type.String({ minLength: 1, maxLength: B.MAX_ID_LENGTH }) },
  strict,
);

export const RegistrySchema = Type.Object(
  {
    host: RegistryHost,
    private: Type.Optional(Type.Boolean({ description: 'pulls need one of the credentials (ImageRegistryCredential) (default false)' })),
    credentials: Type.Optional(
      Type.Array(RegistryCredentialSchema, { maxItems: B.MAX_CREDENTIALS_PER_REGISTRY, description: 'user names and passwords the registry accepts' }),
    ),
    reachable: Type.Optional(Type.Boolean({ description: 'connections reach it; false: every pull times out (default true)' })),
    speedMBps: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: B.MAX_REGISTRY_SPEED_MBPS, description: 'download speed of one pull, MB/s (default 50; Alibaba ACR 100)' }),
    ),
    latencyMs: Type.Optional(
      Type.Integer({ minimum: 0, maximum: B.MAX_REGISTRY_LATENCY_MS, description: 'round trip of one request, ms (default 10; Alibaba ACR 5)' }),
    ),
    closed: Type.Optional(Type.Boolean({ description: 'only the listed images exist; open (default): any repository:tag exists' })),
    defaultImageSizeMB: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: B.MAX_IMAGE_SIZE_MB, description: 'size of an image the file does not size (default 36)' }),
    ),
    defaultLayers: Type.Optional(
      Type.Integer({ minimum: 1, maximum: B.MAX_IMAGE_LAYERS, description: 'layers of an image the file does not describe (default 5)' }),
    ),
    images: Type.Optional(Type.Array(ImageSchema, { maxItems: B.MAX_IMAGES_PER_REGISTRY })),
  },
  strict,
);

/**
 * Where a data cache can load from (CreateDataCache's DataSource): a URL, a NAS file system (its
 * mount target) or an OSS bucket. A source not listed here does not exist: its load is refused
 * as illegal (DataCacheSourceIllegal).
 */
export const DataSourceSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('URL'), Type.Literal('NAS'), Type.Literal('OSS')]),
    location: Type.String({
      minLength: 1,
      maxLength: B.MAX_LOCATION_LENGTH,
      description: 'URL: the url (https://host/path); NAS: the mount target (xxx.cn-hangzhou.nas.aliyuncs.com); OSS: the bucket name',
    }),
    sizeGB: Type.Number({
      minimum: 0,
      maximum: B.MAX_DATA_SOURCE_GB,
      description: 'data held, GB (10^9 bytes): a cache smaller than this fails to load (No space left on device)',
    }),
    vpcIds: Type.Optional(
      Type.Array(Id('a VPC id'), {
        maxItems: B.MAX_SOURCE_VPCS,
        description: 'reachable only from these VPCs (NAS mount targets, OSS internal endpoints); absent: from every VPC (a public URL)',
      }),
    ),
    regionId: Type.Optional(Id('region of a NAS or OSS source (absent: any)')),
    speedMBps: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: B.MAX_REGISTRY_SPEED_MBPS, description: 'read speed of the load, MB/s (default 100)' }),
    ),
  },
  strict,
);

export const AccountSchema = Type.Object(
  {
    id: Id('account id, as `keys create --account` names it; "default" is the default account'),
    balance: Type.Optional(
      Type.Number({
        minimum: -B.MAX_BALANCE,
        maximum: B.MAX_BALANCE,
        description: 'CNY (default 10000); running instances are charged by the hour of the clock',
      }),
    ),
    quotas: Type.Optional(
      Type.Object(
        {
          vcpu: Type.Optional(Count('vCPUs of living instances (default 1000)')),
          instanceTypes: Type.Optional(ByType(Units, { description: 'living instances per type' })),
          diskGiB: Type.Optional(Count('GiB of disk over every region (default 100000)')),
          diskGiBPerRegion: Type.Optional(ByType(Units, { maxProperties: B.MAX_REGIONS })),
          eips: Type.Optional(Count('EIPs the account may hold (default 20)')),
          imageCaches: Type.Optional(
            Type.Integer({ minimum: 0, maximum: B.MAX_IMAGE_CACHE_QUOTA, description: 'image caches the account may have in each region (default 50)' }),
          ),
        },
        strict,
      ),
    ),
    serviceLinkedRole: Type.Optional(Type.Boolean({ description: 'AliyunServiceRoleForECI exists (default true)' })),
    deniedActions: Type.Optional(
      Type.Array(Type.String({ maxLength: B.MAX_ID_LENGTH, pattern: '^[a-z]+:[A-Za-z]+$' }), {
        maxItems: B.MAX_DENIED_ACTIONS,
        description: 'RAM actions the ECI service role may not perform, e.g. vpc:AllocateEipAddress',
      }),
    ),
    slsProjects: Type.Optional(Type.Array(SlsProjectSchema, { maxItems: B.MAX_SLS_PROJECTS })),
  },
  strict,
);

export const WorldSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ maxLength: B.MAX_STRING_LENGTH })),
    instanceTypes: Type.Optional(Type.Array(InstanceTypeSchema, { minItems: 1, maxItems: B.MAX_INSTANCE_TYPES })),
    defaultInstanceType: Type.Optional(Name),
    regions: Type.Optional(Type.Array(RegionSchema, { minItems: 1, maxItems: B.MAX_REGIONS })),
    accounts: Type.Optional(Type.Array(AccountSchema, { maxItems: B.MAX_RESOURCES_PER_LIST })),
    registries: Type.Optional(
      Type.Array(RegistrySchema, {
        maxItems: B.MAX_REGISTRIES,
        description: 'image registries (default Docker Hub and Alibaba ACR, public and open); a host not listed that resolves is public and open',
      }),
    ),
    dataSources: Type.Optional(Type.Array(DataSourceSchema, { maxItems: B.MAX_DATA_SOURCES, description: 'what data caches can load from (default none)' })),
    unresolvable: Type.Optional(
      Type.Array(RegistryHost, {
        maxItems: B.MAX_UNRESOLVABLE,
        description: 'host names DNS does not resolve, besides every name under .invalid and .test (a name here covers its subdomains)',
      }),
    ),
    spot: Type.Optional(
      Type.Object(
        {
          protectionMinutes: Type.Optional(
            Type.Integer({ minimum: 0, maximum: B.MAX_SPOT_MINUTES, description: 'a spot instance is not reclaimed this long after it starts (default 60)' }),
          ),
          noticeMinutes: Type.Optional(
            Type.Integer({ minimum: 1, maximum: B.MAX_SPOT_MINUTES, description: 'SpotToBeReleased comes this long before the release (default 5)' }),
          ),
        },
        strict,
      ),
    ),
    flowControl: Type.Optional(
      Type.Object(
        {
          platformCreatesPerMinute: Type.Optional(Count('creations the platform runs per minute per region, every account together (default unlimited)')),
          accountCreatesPerMinute: Type.Optional(Count('creations per minute per account (default unlimited)')),
          retries: Type.Optional(
            Type.Integer({ minimum: 0, maximum: B.MAX_FLOW_RETRIES, description: 'a throttled creation is retried this often before it fails (default 3)' }),
          ),
          backoffSeconds: Type.Optional(
            Type.Integer({ minimum: 1, maximum: B.MAX_FLOW_BACKOFF_SECONDS, description: 'first wait before a retry; it doubles (default 10)' }),
          ),
        },
        strict,
      ),
    ),
    platform: Type.Optional(
      Type.Object(
        {
          memoryReservationMiB: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: B.MAX_MEMORY_RESERVATION_MIB,
              description: 'memory added to Cpu/Memory-sized instances for system components (default 0: none)',
            }),
          ),
          jobEphemeralStorageLimitGiB: Type.Optional(Count('most EphemeralStorage a job (RestartPolicy Never or OnFailure) may have (default 100)')),
          paramMaxLength: Type.Optional(
            Type.Integer({ minimum: 16, maximum: B.MAX_PARAM_LENGTH, description: 'longest parameter value kept in the metadata (default 4096)' }),
          ),
          timeScale: Type.Optional(
            Type.Number({
              exclusiveMinimum: 0,
              minimum: MIN_TIME_SCALE,
              maximum: MAX_TIME_SCALE,
              description:
                'factor on every modelled duration on the real clock (0.01: a hundred times faster; default 1). serve --time-scale wins; a virtual clock ignores it',
            }),
          ),
        },
        strict,
      ),
    ),
  },
  { ...strict, title: 'eci-events world', description: 'The modelled world an eci-events emulator runs in (serve --world FILE).' },
);

export type WorldSpec = Static<typeof WorldSchema>;
export type RegionWorldSpec = Static<typeof RegionSchema>;
export type ZoneWorldSpec = Static<typeof ZoneSchema>;
export type AccountWorldSpec = Static<typeof AccountSchema>;
export type InstanceTypeWorldSpec = Static<typeof InstanceTypeSchema>;
export type VpcWorldSpec = Static<typeof VpcSchema>;
export type Stock = Static<typeof StockSchema>;
export type RegistryWorldSpec = Static<typeof RegistrySchema>;
export type ImageWorldSpec = Static<typeof ImageSchema>;
export type DataSourceWorldSpec = Static<typeof DataSourceSchema>;
