// The world file's schema: one TypeBox definition gives both the TypeScript type and the JSON
// Schema that `docs/world.schema.json` publishes and the loader checks. Every field is optional
// except ids; defaults.ts says what an absent field means.
import { Type, type Static } from '@sinclair/typebox';

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$', description });
const Count = (description: string) => Type.Integer({ minimum: 0, description });
const Money = (description: string) => Type.Number({ minimum: 0, description });
const Cidr = Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3}){3}/(1[6-9]|2[0-9])$', description: 'IPv4 CIDR, /16 to /29' });
const Ip = Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3}){3}$' });
const strict = { additionalProperties: false } as const;

/** Units of stock: one number for every instance type, or a number per type (absent: unlimited). */
export const StockSchema = Type.Union([Count('units of every instance type'), Type.Record(Type.String(), Type.Integer({ minimum: 0 }))], {
  description: 'units left: a number for every type, or {instanceType: units}; absent means unlimited',
});

export const InstanceTypeSchema = Type.Object(
  {
    name: Type.String({ pattern: '^ecs\\.[a-z0-9-]+\\.[a-z0-9-]+$', description: 'e.g. ecs.g6.large' }),
    cpu: Type.Number({ exclusiveMinimum: 0, description: 'vCPUs' }),
    memory: Type.Number({ exclusiveMinimum: 0, description: 'GiB' }),
    arch: Type.Optional(Type.Union([Type.Literal('AMD64'), Type.Literal('ARM64')])),
    gpu: Type.Optional(Count('GPUs')),
    price: Type.Optional(Money('pay-as-you-go price, CNY per hour (default from cpu and memory)')),
  },
  strict,
);

export const HostSchema = Type.Object(
  {
    id: Id('host id, e.g. h-k1'),
    vcpu: Type.Optional(Type.Integer({ minimum: 1, description: 'vCPUs the host can give to instances (default 96)' })),
  },
  strict,
);

export const ZoneSchema = Type.Object(
  {
    zoneId: Id('e.g. cn-hangzhou-k'),
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('limited'), Type.Literal('closed')], { description: 'limited: only accounts with a living instance in the zone may create' })),
    essd: Type.Optional(Type.Boolean({ description: 'ESSD disks are sold here (default true)' })),
    cpuOptions: Type.Optional(Type.Boolean({ description: 'custom CPU options (CpuOptionsCore/ThreadsPerCore) are supported (default true)' })),
    instanceTypes: Type.Optional(Type.Array(Type.String(), { description: 'types offered here (default every type)' })),
    stock: Type.Optional(StockSchema),
    lowWaterMark: Type.Optional(Count('a creation that leaves fewer units than this records StockExhaust (default 0: never)')),
    spotStock: Type.Optional(StockSchema),
    spotPrice: Type.Optional(Type.Union([Money('CNY per hour for every type'), Type.Record(Type.String(), Type.Number({ minimum: 0 }))], { description: 'market price of spot instances (default 20% of the pay-as-you-go price)' })),
    hosts: Type.Optional(Type.Union([Type.Integer({ minimum: 0, description: 'that many hosts of 96 vCPUs' }), Type.Array(HostSchema)])),
  },
  strict,
);

export const VSwitchSchema = Type.Object({ vSwitchId: Id('e.g. vsw-bp1...'), zoneId: Id('zone of the vSwitch'), cidr: Cidr }, strict);

export const VpcSchema = Type.Object(
  {
    vpcId: Id('e.g. vpc-bp1...'),
    isDefault: Type.Optional(Type.Boolean({ description: 'the region default VPC: used when a create names no vSwitch' })),
    vSwitches: Type.Array(VSwitchSchema),
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
    sizeGiB: Type.Integer({ minimum: 1 }),
    attachedTo: Type.Optional(Id('an instance outside the emulator it is attached to')),
  },
  strict,
);

export const RegionSchema = Type.Object(
  {
    regionId: Id('e.g. cn-hangzhou'),
    idPrefix: Type.Optional(Type.String({ pattern: '^[a-z0-9]{3}$', description: 'prefix of generated ids (default from the region id)' })),
    defaultZoneId: Type.Optional(Id('zone used when a create names neither zone nor vSwitch (default the last zone)')),
    zones: Type.Array(ZoneSchema, { minItems: 1 }),
    vpcs: Type.Optional(Type.Array(VpcSchema, { description: 'default: one default VPC with a /20 vSwitch per zone' })),
    securityGroups: Type.Optional(Type.Array(SecurityGroupSchema, { description: 'default: one group in the default VPC' })),
    enis: Type.Optional(Type.Array(EniSchema, { description: 'ENIs of other products, holding their addresses' })),
    eips: Type.Optional(Type.Array(EipSchema)),
    bandwidthPackages: Type.Optional(Type.Array(BandwidthPackageSchema)),
    disks: Type.Optional(Type.Array(DiskSchema)),
  },
  strict,
);

export const SlsProjectSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$' }),
    regionId: Id('region of the project'),
    logstoreQuota: Type.Optional(Count('logstores the project can hold (default 200)')),
    logstores: Type.Optional(Type.Array(Type.String(), { description: 'logstores that exist already' })),
  },
  strict,
);

export const AccountSchema = Type.Object(
  {
    id: Id('account id, as `keys create --account` names it; "default" is the default account'),
    balance: Type.Optional(Type.Number({ description: 'CNY (default 10000); running instances are charged by the hour of the clock' })),
    quotas: Type.Optional(
      Type.Object(
        {
          vcpu: Type.Optional(Count('vCPUs of living instances (default 1000)')),
          instanceTypes: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: 'living instances per type' })),
          diskGiB: Type.Optional(Count('GiB of disk over every region (default 100000)')),
          diskGiBPerRegion: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0 }))),
          eips: Type.Optional(Count('EIPs the account may hold (default 20)')),
        },
        strict,
      ),
    ),
    serviceLinkedRole: Type.Optional(Type.Boolean({ description: 'AliyunServiceRoleForECI exists (default true)' })),
    deniedActions: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]+:[A-Za-z]+$' }), { description: 'RAM actions the ECI service role may not perform, e.g. vpc:AllocateEipAddress' })),
    slsProjects: Type.Optional(Type.Array(SlsProjectSchema)),
  },
  strict,
);

export const WorldSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    instanceTypes: Type.Optional(Type.Array(InstanceTypeSchema, { minItems: 1 })),
    defaultInstanceType: Type.Optional(Type.String()),
    regions: Type.Optional(Type.Array(RegionSchema, { minItems: 1 })),
    accounts: Type.Optional(Type.Array(AccountSchema)),
    spot: Type.Optional(
      Type.Object(
        {
          protectionMinutes: Type.Optional(Count('a spot instance is not reclaimed this long after it starts (default 60)')),
          noticeMinutes: Type.Optional(Type.Integer({ minimum: 1, description: 'SpotToBeReleased comes this long before the release (default 5)' })),
        },
        strict,
      ),
    ),
    flowControl: Type.Optional(
      Type.Object(
        {
          platformCreatesPerMinute: Type.Optional(Count('creations the platform runs per minute per region, every account together (default unlimited)')),
          accountCreatesPerMinute: Type.Optional(Count('creations per minute per account (default unlimited)')),
          retries: Type.Optional(Count('a throttled creation is retried this often before it fails (default 3)')),
          backoffSeconds: Type.Optional(Type.Integer({ minimum: 1, description: 'first wait before a retry; it doubles (default 10)' })),
        },
        strict,
      ),
    ),
    platform: Type.Optional(
      Type.Object(
        {
          memoryReservationMiB: Type.Optional(Count('memory added to Cpu/Memory-sized instances for system components (default 0: none)')),
          jobEphemeralStorageLimitGiB: Type.Optional(Count('most EphemeralStorage a job (RestartPolicy Never or OnFailure) may have (default 100)')),
          paramMaxLength: Type.Optional(Type.Integer({ minimum: 16, description: 'longest parameter value kept in the metadata (default 4096)' })),
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
