// World scenarios, one per catalog row, for the Resource rows (the RAM role, vSwitches, security
// groups, ENIs, EIPs, SLS) and MemoryReservationAdded, through the official SDK against
// `eci-events serve --world FILE --clock virtual`, with the control routes (POST/DELETE
// /v1/faults, GET /v1/world) for faults of the ENI and log services; see
// world-scenarios-account.test.ts for what each scenario checks.
//
// The caller's answer: CreateContainerGroup succeeds (200 with a ContainerGroupId) for every cause
// here. These rows fail later, as events and the ScheduleFailed status: Unauthorized,
// ResourceInsufficient, QuotaFull, CreateENIFailed, AttachENIFailed, AttachENIConflict,
// MissDefaultVpc, CreateEipFailed, EipBandwidthPackageQuotaExceeded, EipNotFound,
// EipBoundOtherInstance. The SLS rows do not stop the instance: it runs without log collection,
// and the event (after Scheduled) says why. MemoryReservationAdded is a note at the call. Only a
// DryRun=true call fails at once: Unauthorized, QuotaFull and MissDefaultVpc refuse it with 400 and
// the reason as the code, and those scenarios check that too.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import {
  DEFAULT,
  TO_SCHEDULING,
  agentReasons,
  autoType,
  clearFault,
  createGroup,
  defaultType,
  describeGroup,
  expectDryRunRefused,
  expectPlatformEvents,
  expectStatus,
  expected,
  injectFault,
  placementOf,
  scenario,
  startWorld,
  type CreateOptions,
  type WorldServer,
} from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';
const SZ = 'cn-shenzhen';

const WORLD: WorldSpec = {
  // Cpu/Memory-sized instances get 512 MiB more for the platform's own components.
  platform: { memoryReservationMiB: 512 },
  regions: [
    {
      regionId: HZ,
      idPrefix: 'bp1',
      defaultZoneId: 'cn-hangzhou-k',
      zones: [{ zoneId: 'cn-hangzhou-k' }, { zoneId: 'cn-hangzhou-j', hosts: [{ id: 'h-j1' }] }],
      vpcs: [
        {
          vpcId: 'vpc-bp1main',
          isDefault: true,
          vSwitches: [
            { vSwitchId: 'vsw-bp1k', zoneId: 'cn-hangzhou-k', cidr: '172.16.0.0/20' },
            { vSwitchId: 'vsw-bp1j', zoneId: 'cn-hangzhou-j', cidr: '172.16.16.0/20' },
          ],
        },
        // A /29 holds four usable addresses; ENIs of other products hold three of them.
        { vpcId: 'vpc-bp1side', vSwitches: [{ vSwitchId: 'vsw-bp1tiny', zoneId: 'cn-hangzhou-j', cidr: '192.168.0.0/29' }] },
      ],
      securityGroups: [
        { securityGroupId: 'sg-bp1main', vpcId: 'vpc-bp1main' },
        { securityGroupId: 'sg-bp1small', vpcId: 'vpc-bp1main', maxInstances: 1 },
        { securityGroupId: 'sg-bp1side', vpcId: 'vpc-bp1side' },
      ],
      enis: [
        { eniId: 'eni-bp1other1', vSwitchId: 'vsw-bp1tiny', ip: '192.168.0.1' },
        { eniId: 'eni-bp1other2', vSwitchId: 'vsw-bp1tiny', ip: '192.168.0.2' },
        { eniId: 'eni-bp1other3', vSwitchId: 'vsw-bp1tiny', ip: '192.168.0.3' },
        { eniId: 'eni-bp1db', vSwitchId: 'vsw-bp1j', ip: '172.16.16.20' },
      ],
      eips: [
        { allocationId: 'eip-bp1free', ipAddress: '47.98.10.1' },
        { allocationId: 'eip-bp1bound', ipAddress: '47.98.10.2', boundTo: 'i-bp1other0000000001' },
      ],
      bandwidthPackages: [{ id: 'cbwp-bp1small', maxEips: 1 }],
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
    { id: 'norole', serviceLinkedRole: false },
    { id: 'noeip', deniedActions: ['vpc:AllocateEipAddress'] },
    { id: 'eipcap', quotas: { eips: 1 } },
    {
      id: 'sls',
      slsProjects: [
        { name: 'proj-logs', regionId: HZ },
        { name: 'proj-full', regionId: HZ, logstoreQuota: 1, logstores: ['access'] },
      ],
    },
  ],
};

describe('world scenarios: RAM role, vSwitches, security groups, ENIs, EIPs and SLS', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('network', WORLD, ['norole', 'noeip', 'eipcap', 'sls']);
  });
  afterAll(async () => ws?.stop());

  const run = async (account: string, name: string, opts: CreateOptions = {}) => {
    const g = await createGroup(ws, account, name, opts);
    await ws.advance('2s');
    return g;
  };

  /** A group that failed at its scheduling step with this one event after its instance-type event. */
  const refused = async (account: string, g: { id: string; at: number }, key: string, args: string[], regionId = HZ) => {
    await expectStatus(ws, account, regionId, g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, account, regionId, g.id, [defaultType(g.at), expected(key, args, g.at + TO_SCHEDULING)]);
    // Nothing was placed: no Scheduled, no container started.
    expect(await agentReasons(ws, account, regionId, g.id)).toEqual([]);
  };

  scenario('Unauthorized', 'no ECI service-linked role; a RAM policy that denies the role vpc:AllocateEipAddress', async () => {
    await expectDryRunRefused(ws, 'norole', 'no-role-dry', {}, 'Unauthorized', ['AliyunServiceRoleForECI (the service-linked role does not exist)']);
    const g = await run('norole', 'no-role');
    await refused('norole', g, 'Unauthorized', ['AliyunServiceRoleForECI (the service-linked role does not exist)']);
    // The denied action matters only to a create that needs it.
    const plain = await run('noeip', 'no-eip-needed');
    await expectStatus(ws, 'noeip', HZ, plain.id, 'Running');
    const withEip = await run('noeip', 'eip-denied', { autoCreateEip: true });
    await refused('noeip', withEip, 'Unauthorized', ['vpc:AllocateEipAddress']);
  });

  scenario('ResourceInsufficient', 'the vSwitch has no free address left (a /29 with three addresses held by other ENIs)', async () => {
    const first = await run(DEFAULT, 'tiny-1', { vSwitchId: 'vsw-bp1tiny', securityGroupId: 'sg-bp1side' });
    await expectStatus(ws, DEFAULT, HZ, first.id, 'Running');
    expect(await describeGroup(ws, DEFAULT, HZ, first.id)).toMatchObject({ intranetIp: '192.168.0.4', vSwitchId: 'vsw-bp1tiny', vpcId: 'vpc-bp1side' });
    const second = await run(DEFAULT, 'tiny-2', { vSwitchId: 'vsw-bp1tiny', securityGroupId: 'sg-bp1side' });
    await refused(DEFAULT, second, 'ResourceInsufficient', ['vsw-bp1tiny']);
  });

  scenario('QuotaFull', 'a second instance in a security group that holds one', async () => {
    const first = await run(DEFAULT, 'sg-1', { securityGroupId: 'sg-bp1small' });
    await expectStatus(ws, DEFAULT, HZ, first.id, 'Running');
    await expectDryRunRefused(ws, DEFAULT, 'sg-dry', { securityGroupId: 'sg-bp1small' }, 'QuotaFull', ['sg-bp1small']);
    const second = await run(DEFAULT, 'sg-2', { securityGroupId: 'sg-bp1small' });
    await refused(DEFAULT, second, 'QuotaFull', ['sg-bp1small']);
  });

  // ---- ENIs: faults of the ENI service and of the host (control routes) -----------------------

  scenario('CreateENIFailed', 'the ENI service of the region fails (an eni-service-error fault, once)', async () => {
    await injectFault(ws, { kind: 'eni-service-error', target: HZ, count: 1 });
    const g = await run(DEFAULT, 'eni-down');
    await refused(DEFAULT, g, 'CreateENIFailed', ['Create ENI in vSwitch vsw-bp1k failed: InternalError: the ENI service is unavailable']);
    const next = await run(DEFAULT, 'eni-up');
    await expectStatus(ws, DEFAULT, HZ, next.id, 'Running');
  });

  scenario('AttachENIFailed', 'ENIs cannot be attached on the host the instance is placed on (an eni-attach-error fault)', async () => {
    const fault = await injectFault(ws, { kind: 'eni-attach-error', target: 'h-j1', detail: 'OperationFailed.HostBusy: the host is busy' });
    const g = await run(DEFAULT, 'eni-attach', { zoneId: 'cn-hangzhou-j' });
    await refused(DEFAULT, g, 'AttachENIFailed', ['Attach ENI to the instance on host h-j1 failed: OperationFailed.HostBusy: the host is busy']);
    // The address it was given is free again: the next one in the vSwitch gets it.
    await clearFault(ws, fault);
    const next = await run(DEFAULT, 'eni-attached', { zoneId: 'cn-hangzhou-j' });
    await expectStatus(ws, DEFAULT, HZ, next.id, 'Running');
    expect(await placementOf(ws, next.id)).toMatchObject({ hostId: 'h-j1', ip: '172.16.16.1' });
  });

  scenario('AttachENIConflict', 'PrivateIpAddress held by another ENI of the vSwitch', async () => {
    const g = await run(DEFAULT, 'ip-taken', { vSwitchId: 'vsw-bp1j', privateIpAddress: '172.16.16.20' });
    await refused(DEFAULT, g, 'AttachENIConflict', [
      'The private IP address 172.16.16.20 is already used by another ENI in vSwitch vsw-bp1j; an ENI with this address cannot be attached.',
    ]);
    const free = await run(DEFAULT, 'ip-free', { vSwitchId: 'vsw-bp1j', privateIpAddress: '172.16.16.21' });
    await expectStatus(ws, DEFAULT, HZ, free.id, 'Running');
    expect(await describeGroup(ws, DEFAULT, HZ, free.id)).toMatchObject({ intranetIp: '172.16.16.21' });
  });

  scenario('MissDefaultVpc', 'a create without a vSwitch in a region that has no default VPC', async () => {
    await expectDryRunRefused(ws, DEFAULT, 'no-vpc-dry', { regionId: SZ }, 'MissDefaultVpc', [
      'The default VPC does not exist in region cn-shenzhen; specify VSwitchId and SecurityGroupId',
    ]);
    const g = await run(DEFAULT, 'no-vpc', { regionId: SZ });
    await refused(DEFAULT, g, 'MissDefaultVpc', ['The default VPC does not exist in region cn-shenzhen; specify VSwitchId and SecurityGroupId'], SZ);
    const named = await run(DEFAULT, 'named-vsw', { regionId: SZ, vSwitchId: 'vsw-wz9app', securityGroupId: 'sg-wz9app' });
    await expectStatus(ws, DEFAULT, SZ, named.id, 'Running');
  });

  scenario('CreateEipFailed', 'AutoCreateEip past the account EIP quota of 1', async () => {
    const first = await run('eipcap', 'eip-1', { autoCreateEip: true });
    await expectStatus(ws, 'eipcap', HZ, first.id, 'Running');
    const shown = await describeGroup(ws, 'eipcap', HZ, first.id);
    expect(shown?.internetIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const second = await run('eipcap', 'eip-2', { autoCreateEip: true });
    await refused('eipcap', second, 'CreateEipFailed', ['Allocate EIP failed: QuotaExceeded.Eip: the account holds 1 EIPs, its quota is 1']);
  });

  scenario('EipBandwidthPackageQuotaExceeded', 'AutoCreateEip into a bandwidth package that holds one EIP already', async () => {
    const first = await run(DEFAULT, 'cbwp-1', { autoCreateEip: true, eipCommonBandwidthPackage: 'cbwp-bp1small' });
    await expectStatus(ws, DEFAULT, HZ, first.id, 'Running');
    const second = await run(DEFAULT, 'cbwp-2', { autoCreateEip: true, eipCommonBandwidthPackage: 'cbwp-bp1small' });
    await refused(DEFAULT, second, 'EipBandwidthPackageQuotaExceeded', [
      'The bandwidth package cbwp-bp1small holds 1 EIPs, its quota is 1; the EIP cannot be added to it',
    ]);
  });

  scenario('EipNotFound', 'EipInstanceId of an EIP that does not exist', async () => {
    const g = await run(DEFAULT, 'eip-missing', { eipInstanceId: 'eip-bp1nosuch' });
    await refused(DEFAULT, g, 'EipNotFound', ['eip-bp1nosuch']);
  });

  scenario('EipBoundOtherInstance', 'EipInstanceId of an EIP bound to one of our instances, then to an instance outside', async () => {
    const holder = await run(DEFAULT, 'eip-holder', { eipInstanceId: 'eip-bp1free' });
    await expectStatus(ws, DEFAULT, HZ, holder.id, 'Running');
    expect(await describeGroup(ws, DEFAULT, HZ, holder.id)).toMatchObject({ internetIp: '47.98.10.1' });
    const again = await run(DEFAULT, 'eip-again', { eipInstanceId: 'eip-bp1free' });
    await refused(DEFAULT, again, 'EipBoundOtherInstance', ['eip-bp1free']);
    const outside = await run(DEFAULT, 'eip-outside', { eipInstanceId: 'eip-bp1bound' });
    await refused(DEFAULT, outside, 'EipBoundOtherInstance', ['eip-bp1bound']);
  });

  // ---- SLS: the instance runs without log collection, and says why --------------------------

  /** A running group with its instance-type event and one SLS event at the scheduling step. */
  const runsWithout = async (account: string, g: { id: string; at: number }, key: string, args: string[]) => {
    await expectStatus(ws, account, HZ, g.id, 'Running');
    await expectPlatformEvents(ws, account, HZ, g.id, [defaultType(g.at), expected(key, args, g.at + TO_SCHEDULING)]);
    expect(await agentReasons(ws, account, HZ, g.id)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
  };

  scenario('AliyunSlsError', 'the log service of the region fails (an sls-service-error fault, once)', async () => {
    await injectFault(ws, { kind: 'sls-service-error', target: HZ, count: 1 });
    const g = await run('sls', 'logs-down', { env: { aliyun_logs_app: 'stdout' } });
    await runsWithout('sls', g, 'AliyunSlsError', ['Create log collection config failed: InternalServerError: the log service is unavailable']);
  });

  scenario('AliyunSlsQuotaExceed', 'a new logstore in a project at its logstore quota', async () => {
    const g = await run('sls', 'logs-full', { env: { aliyun_logs_app: 'stdout', aliyun_logs_app_project: 'proj-full' } });
    await runsWithout('sls', g, 'AliyunSlsQuotaExceed', ['The project proj-full holds 1 logstores, its quota is 1; logstore app cannot be created']);
  });

  scenario('AliyunSlsProjectInvalid', 'log collection into a project that does not exist; an account without any project', async () => {
    const named = await run('sls', 'logs-gone', { env: { aliyun_logs_web: 'stdout', aliyun_logs_web_project: 'proj-gone' } });
    await runsWithout('sls', named, 'AliyunSlsProjectInvalid', ['The SLS project proj-gone does not exist in region cn-hangzhou']);
    const none = await run(DEFAULT, 'logs-none', { env: { aliyun_logs_app: 'stdout' } });
    await runsWithout(DEFAULT, none, 'AliyunSlsProjectInvalid', ['No SLS project of the account is in region cn-hangzhou; set aliyun_logs_app_project']);
  });

  scenario('AliyunSlsConfigFormatError', 'aliyun_logs_app_ttl=forever (days, 1 to 3650)', async () => {
    const g = await run('sls', 'logs-ttl', { env: { aliyun_logs_app: 'stdout', aliyun_logs_app_ttl: 'forever' } });
    await runsWithout('sls', g, 'AliyunSlsConfigFormatError', ['aliyun_logs_app_ttl', 'forever']);
  });

  scenario('MemoryReservationAdded', 'Cpu=2 Memory=4 with 512 MiB reserved for system components: the next type up', async () => {
    const g = await run(DEFAULT, 'reserved', { cpu: 2, memory: 4 });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [autoType(g.at, 'ecs.g6.large'), expected('MemoryReservationAdded', [], g.at)]);
    expect(await describeGroup(ws, DEFAULT, HZ, g.id)).toMatchObject({ instanceType: 'ecs.g6.large', cpu: 2, memory: 8 });
  });
});
