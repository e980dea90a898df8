// Diagnoses of the rows the first diagnosis scenarios left out (issue 17): the ENI, EIP, default
// VPC and SLS rows, the account's disk quota, disks and the request's own limits, a host that
// fails under the instance, spot served pay-as-you-go. Each makes its cause happen as the world
// scenarios do (world-scenarios-network, -account and -hosts-spot), then checks through
// GET /v1/groups/:id/diagnosis and `eci-events explain` (text and --json) the state, the first
// root cause (rule, title with the group's values), its evidence and its remedy. Notes (impact
// notice) are checked on groups that run healthy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { explained } from './support/diagnosis.js';
import { $Eci } from './support/eci-sdk.js';
import {
  DEFAULT,
  clearFault,
  createGroup,
  expectStatus,
  injectFault,
  type CreateOptions,
  type FaultBody,
  type WorldServer,
  startWorld,
} from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';
const SZ = 'cn-shenzhen';

const WORLD: WorldSpec = {
  platform: { jobEphemeralStorageLimitGiB: 50, paramMaxLength: 64 },
  regions: [
    {
      regionId: HZ,
      idPrefix: 'bp1',
      defaultZoneId: 'cn-hangzhou-k',
      zones: [
        { zoneId: 'cn-hangzhou-k' },
        { zoneId: 'cn-hangzhou-j', hosts: [{ id: 'h-j1' }] },
        // The only host of the zone: when it fails, the instance has nowhere to go.
        { zoneId: 'cn-hangzhou-i', hosts: [{ id: 'h-i1', vcpu: 8 }] },
        // One host with one vCPU: no 2-vCPU instance fits.
        { zoneId: 'cn-hangzhou-g', hosts: [{ id: 'h-g-small', vcpu: 1 }] },
        // No spot stock: spot requests are served pay-as-you-go.
        { zoneId: 'cn-hangzhou-b', spotStock: 0 },
      ],
      vpcs: [
        {
          vpcId: 'vpc-bp1main',
          isDefault: true,
          vSwitches: [
            { vSwitchId: 'vsw-bp1k', zoneId: 'cn-hangzhou-k', cidr: '172.16.0.0/20' },
            { vSwitchId: 'vsw-bp1j', zoneId: 'cn-hangzhou-j', cidr: '172.16.16.0/20' },
            { vSwitchId: 'vsw-bp1i', zoneId: 'cn-hangzhou-i', cidr: '172.16.32.0/20' },
            { vSwitchId: 'vsw-bp1g', zoneId: 'cn-hangzhou-g', cidr: '172.16.48.0/20' },
            { vSwitchId: 'vsw-bp1b', zoneId: 'cn-hangzhou-b', cidr: '172.16.64.0/20' },
          ],
        },
      ],
      securityGroups: [{ securityGroupId: 'sg-bp1main', vpcId: 'vpc-bp1main' }],
      enis: [{ eniId: 'eni-bp1db', vSwitchId: 'vsw-bp1j', ip: '172.16.16.20' }],
      eips: [{ allocationId: 'eip-bp1bound', ipAddress: '47.98.10.2', boundTo: 'i-bp1other0000000001' }],
      bandwidthPackages: [{ id: 'cbwp-bp1small', maxEips: 1 }],
      disks: [{ diskId: 'd-bp1taken01', zoneId: 'cn-hangzhou-k', sizeGiB: 20, attachedTo: 'i-bp1other0000000001' }],
    },
    // No default VPC: a create must name a vSwitch.
    {
      regionId: SZ,
      idPrefix: 'wz9',
      zones: [{ zoneId: 'cn-shenzhen-a' }],
      vpcs: [{ vpcId: 'vpc-wz9app', vSwitches: [{ vSwitchId: 'vsw-wz9app', zoneId: 'cn-shenzhen-a', cidr: '10.0.0.0/24' }] }],
      securityGroups: [{ securityGroupId: 'sg-wz9app', vpcId: 'vpc-wz9app' }],
    },
  ],
  accounts: [
    { id: 'eipcap', quotas: { eips: 1 } },
    { id: 'disk', quotas: { diskGiB: 100, diskGiBPerRegion: { [HZ]: 40 } } },
    {
      id: 'sls',
      slsProjects: [
        { name: 'proj-logs', regionId: HZ },
        { name: 'proj-full', regionId: HZ, logstoreQuota: 1, logstores: ['access'] },
      ],
    },
  ],
};
const ACCOUNTS = ['eipcap', 'disk', 'sls'];

interface Case {
  /** The row, as world-scenarios-*.test.ts names its scenario. */
  row: string;
  account?: string;
  fault?: FaultBody;
  /** Created first and left Running: what the case's group then finds taken. */
  before?: CreateOptions;
  create: CreateOptions;
  status: string;
  state: 'unhealthy' | 'recovered';
  rule: string;
  title: string | RegExp;
  remedy: string | RegExp;
  evidence: string[];
}

const STORAGE = (diskId: string) => [
  new $Eci.CreateContainerGroupRequestVolume({
    name: 'data',
    type: 'DiskVolume',
    diskVolume: new $Eci.CreateContainerGroupRequestVolumeDiskVolume({ diskId }),
  }),
];

const CASES: Case[] = [
  {
    row: 'CreateENIFailed',
    fault: { kind: 'eni-service-error', target: HZ, count: 1 },
    create: {},
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'create-eni',
    title: 'The ENI could not be created: Create ENI in vSwitch vsw-bp1k failed: InternalError: the ENI service is unavailable',
    remedy: 'Create the instance again; if it keeps failing, check vSwitch vsw-bp1k and submit a ticket.',
    evidence: ['cause CreateENIFailed'],
  },
  {
    row: 'AttachENIFailed',
    fault: { kind: 'eni-attach-error', target: 'h-j1', detail: 'OperationFailed.HostBusy: the host is busy' },
    create: { zoneId: 'cn-hangzhou-j' },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'attach-eni',
    title: 'The ENI could not be attached: Attach ENI to the instance on host h-j1 failed: OperationFailed.HostBusy: the host is busy',
    remedy: 'Create the instance again; ECI may place it on another host.',
    evidence: ['cause AttachENIFailed'],
  },
  {
    row: 'AttachENIConflict',
    create: { vSwitchId: 'vsw-bp1j', privateIpAddress: '172.16.16.20' },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'attach-eni-conflict',
    title: /^ENI attachment conflict: The private IP address 172\.16\.16\.20 is already used by another ENI in vSwitch vsw-bp1j/,
    remedy: 'Give another private IP address of vSwitch vsw-bp1j, or none.',
    evidence: ['cause AttachENIConflict'],
  },
  {
    row: 'MissDefaultVpc',
    create: { regionId: SZ },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'miss-default-vpc',
    title: 'No default VPC: The default VPC does not exist in region cn-shenzhen; specify VSwitchId and SecurityGroupId',
    remedy: 'Specify VSwitchId and SecurityGroupId of a VPC in cn-shenzhen, or create a default VPC there.',
    evidence: ['cause MissDefaultVpc'],
  },
  {
    row: 'CreateEipFailed',
    account: 'eipcap',
    before: { autoCreateEip: true },
    create: { autoCreateEip: true },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'create-eip',
    title: 'The EIP could not be created: Allocate EIP failed: QuotaExceeded.Eip: the account holds 1 EIPs, its quota is 1',
    remedy: /^Fix what the message names/,
    evidence: ['cause CreateEipFailed'],
  },
  {
    row: 'EipBandwidthPackageQuotaExceeded',
    before: { autoCreateEip: true, eipCommonBandwidthPackage: 'cbwp-bp1small' },
    create: { autoCreateEip: true, eipCommonBandwidthPackage: 'cbwp-bp1small' },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'eip-bandwidth-quota',
    title: 'The EIP bandwidth package is full: The bandwidth package cbwp-bp1small holds 1 EIPs, its quota is 1; the EIP cannot be added to it',
    remedy: 'Use another bandwidth package, or none.',
    evidence: ['cause EipBandwidthPackageQuotaExceeded'],
  },
  {
    row: 'EipBoundOtherInstance',
    create: { eipInstanceId: 'eip-bp1bound' },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'eip-bound',
    title: 'EIP eip-bp1bound is bound to another instance',
    remedy: 'Unbind EIP eip-bp1bound first, or give another EIP.',
    evidence: ['cause EipBoundOtherInstance'],
  },
  {
    row: 'DiskCapacityQuotaFull#1',
    account: 'disk',
    create: { ephemeralStorage: 120 },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'disk-quota',
    title: "The account's disk capacity quota is exceeded",
    remedy: /^Go to Quota Center/,
    evidence: ['cause DiskCapacityQuotaFull'],
  },
  {
    row: 'DiskCapacityQuotaFull#2',
    account: 'disk',
    create: { ephemeralStorage: 60 },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'disk-quota-region',
    title: "The account's disk capacity quota in cn-hangzhou is exceeded",
    remedy: 'Go to Quota Center and request a larger disk capacity quota for cn-hangzhou, or delete disks of cn-hangzhou you no longer use.',
    evidence: ['cause DiskCapacityQuotaFull'],
  },
  {
    row: 'EphemeralStorageSizeExceededJobLimit',
    create: { restartPolicy: 'Never', ephemeralStorage: 80 },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'ephemeral-storage',
    title: 'Ephemeral storage 80GiB exceeds the job limit 50GiB',
    remedy: 'Ask for at most 50GiB of ephemeral storage.',
    evidence: ['cause EphemeralStorageSizeExceededJobLimit'],
  },
  {
    row: 'AttachDiskFailed',
    create: { volume: STORAGE('d-bp1taken01') },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'attach-disk',
    title: 'Disk d-bp1taken01 could not be attached',
    remedy: 'Check that disk d-bp1taken01 exists in zone cn-hangzhou-k, is not attached to another instance, and create the instance again.',
    evidence: ['cause AttachDiskFailed'],
  },
  {
    row: 'CpuOptionsNotValid',
    create: { cpuOptionsThreadsPerCore: 3 },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'cpu-options-not-valid',
    title: 'The CPU options are not valid for ecs.c6.large',
    remedy: 'Give CpuOptionsCore and CpuOptionsThreadsPerCore that ecs.c6.large allows, or leave them out.',
    evidence: ['cause CpuOptionsNotValid'],
  },
  {
    row: 'FailedScheduling#2',
    create: { zoneId: 'cn-hangzhou-g' },
    status: 'ScheduleFailed',
    state: 'unhealthy',
    rule: 'failed-scheduling-host',
    title: 'No host in cn-hangzhou-g has 2 vCPUs free',
    remedy: 'Try again later, or create the instance in another zone or with a smaller instance type.',
    evidence: ['cause FailedScheduling'],
  },
];

describe('diagnosis scenarios: resources, disks and requests', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('diagnosis-resources', WORLD, ACCOUNTS);
  });
  afterAll(async () => ws?.stop());

  for (const c of CASES) {
    it(`${c.rule} ← ${c.row}`, async () => {
      const account = c.account ?? DEFAULT;
      const regionId = c.create.regionId ?? HZ;
      if (c.before) {
        const first = await createGroup(ws, account, `${c.rule}-first`, c.before);
        await ws.advance('2s');
        await expectStatus(ws, account, regionId, first.id, 'Running');
      }
      const fault = c.fault ? await injectFault(ws, c.fault) : undefined;
      const g = await createGroup(ws, account, c.rule, c.create);
      await ws.advance('2s');
      await expectStatus(ws, account, regionId, g.id, c.status);
      const d = await explained(ws, g.id, account);
      expect(d).toMatchObject({ state: c.state, status: c.status, grounded: true });
      const [top] = d.causes;
      expect(top, JSON.stringify(d.causes.map((x) => x.rule))).toMatchObject({ rule: c.rule, current: c.state === 'unhealthy' });
      expect(top!.title).toEqual(typeof c.title === 'string' ? c.title : expect.stringMatching(c.title));
      expect(top!.remedy).toEqual(typeof c.remedy === 'string' ? c.remedy : expect.stringMatching(c.remedy));
      expect(top!.evidence.map((e) => `${e.role} ${e.reason}`)).toEqual(c.evidence);
      expect(d.summary).toBe(`Unhealthy: ${top!.title}.`);
      if (fault && !c.fault?.count) await clearFault(ws, fault);
    });
  }

  it('SYSTEM_FAILURE: the only host of the zone fails under the running instance; Failed, the host named', async () => {
    const g = await createGroup(ws, DEFAULT, 'no-refuge', { zoneId: 'cn-hangzhou-i' });
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    const failure = await injectFault(ws, { kind: 'host-failure', target: 'h-i1' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Failed');
    const d = await explained(ws, g.id);
    expect(d).toMatchObject({ state: 'unhealthy', status: 'Failed' });
    expect(d.causes.map((c) => [c.rule, c.current])).toEqual([['system-failure', true]]);
    expect(d.causes[0]!.evidence.map((e) => `${e.role} ${e.reason}`)).toEqual(['cause SYSTEM_FAILURE']);
    expect(d.causes[0]!.remedy).toBe('Create the instance again; ECI places it on another host.');
    await clearFault(ws, failure);
  });

  // ---- SLS: the instance runs without log collection, and the diagnosis says so ----------------

  const SLS: Array<{ row: string; env: Record<string, string>; fault?: FaultBody; rule: string; title: string; remedy: string }> = [
    {
      row: 'AliyunSlsError',
      env: { aliyun_logs_app: 'stdout' },
      fault: { kind: 'sls-service-error', target: HZ, count: 1 },
      rule: 'sls-error',
      title: 'SLS failed: Create log collection config failed: InternalServerError: the log service is unavailable',
      remedy: 'Re-create the instance later: its logs are not collected until then.',
    },
    {
      row: 'AliyunSlsQuotaExceed',
      env: { aliyun_logs_app: 'stdout', aliyun_logs_app_project: 'proj-full' },
      rule: 'sls-quota',
      title: 'The SLS quota is exceeded: The project proj-full holds 1 logstores, its quota is 1; logstore app cannot be created',
      remedy: 'Submit a ticket to raise the SLS quota, or use a project with room, then re-create the instance: its logs are not collected until then.',
    },
    {
      row: 'AliyunSlsProjectInvalid',
      env: { aliyun_logs_web: 'stdout', aliyun_logs_web_project: 'proj-gone' },
      rule: 'sls-project',
      title: 'The SLS project is invalid: The SLS project proj-gone does not exist in region cn-hangzhou',
      remedy: 'Name an SLS project that exists in cn-hangzhou, then re-create the instance: its logs are not collected until then.',
    },
    {
      row: 'AliyunSlsConfigFormatError',
      env: { aliyun_logs_app: 'stdout', aliyun_logs_app_ttl: 'forever' },
      rule: 'sls-config',
      title: 'SLS config aliyun_logs_app_ttl value forever is invalid',
      remedy: 'Correct the value of aliyun_logs_app_ttl, then re-create the instance: its logs are not collected until then.',
    },
  ];

  for (const c of SLS) {
    it(`${c.rule} ← ${c.row}: Running, its logs not collected; the cause stays current`, async () => {
      if (c.fault) await injectFault(ws, c.fault);
      const g = await createGroup(ws, 'sls', c.rule, { env: c.env });
      await ws.advance('2s');
      await expectStatus(ws, 'sls', HZ, g.id, 'Running');
      const d = await explained(ws, g.id, 'sls');
      expect(d).toMatchObject({ state: 'unhealthy', status: 'Running' });
      expect(d.causes.map((x) => [x.rule, x.impact, x.current, x.category])).toEqual([[c.rule, 'threatens', true, 'logging']]);
      expect(d.causes[0]!.title).toBe(c.title);
      expect(d.causes[0]!.remedy).toBe(c.remedy);
      expect(d.causes[0]!.evidence.map((e) => `${e.role} ${e.reason}`)).toEqual([`cause ${c.row}`]);
    });
  }

  // ---- Notes: the group runs, healthy, and the note says what to change ----------------------

  it('SpotDegraded, ParamLengthExceed, IgnoreInstanceTypeFeatures: notes on a healthy group, with its values', async () => {
    const spot = await createGroup(ws, DEFAULT, 'degraded', { zoneId: 'cn-hangzhou-b', spotStrategy: 'SpotAsPriceGo' });
    const long = await createGroup(ws, DEFAULT, 'long-host', { hostName: `h${'x'.repeat(70)}` });
    const typed = await createGroup(ws, DEFAULT, 'type-features', { instanceType: 'ecs.g6.large', cpuArchitecture: 'ARM64' });
    await ws.advance('2s');
    const t = await explained(ws, typed.id);
    expect(t).toMatchObject({ state: 'healthy', status: 'Running', causes: [] });
    expect(t.notes.map((n) => [n.rule, n.title, n.remedy])).toEqual([
      [
        'ignore-features',
        'Instance type features are ignored: ecs.g6.large names an ECS instance type',
        'Leave out the features (such as CpuArchitecture) when you name ecs.g6.large, or give vCPU and memory instead of an instance type.',
      ],
    ]);
    const d = await explained(ws, spot.id);
    expect(d).toMatchObject({ state: 'healthy', status: 'Running', causes: [] });
    expect(d.notes.map((n) => [n.rule, n.title])).toEqual([['spot-degraded', 'No spot stock of ecs.c6.large: a pay-as-you-go instance was created instead']]);
    const p = await explained(ws, long.id);
    expect(p).toMatchObject({ state: 'healthy', causes: [] });
    expect(p.notes.map((n) => n.rule)).toEqual(['param-length']);
    expect(p.notes[0]!.title).toMatch(/^Parameter \S*HostName\S* is too long and is not stored$/i);
  });
});
