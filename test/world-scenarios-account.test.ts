// World scenarios, one per catalog row: how the instance type is chosen, stock and zones, the
// account (balance, quotas), the request's own limits, disks, and deletion. Each goes through the
// official SDK against `eci-events serve --world FILE --clock virtual`, moves the virtual clock,
// and checks the group's platform events exactly (reason, type, message, count, source, first and
// last timestamps), its status (DescribeContainerGroups and DescribeContainerGroupStatus) and the
// CreateContainerGroup answer.
//
// The caller's answer: every cause here lets CreateContainerGroup succeed (200 with a
// ContainerGroupId); the platform decides at the group's scheduling step, so these rows fail later,
// as events and the ScheduleFailed status: NoStock, MultiZoneRecommendations, StockClose,
// FailedScheduling ("Schedule eci failed:%s"), CpuOptionsNotSupported, CpuOptionsNotValid,
// InsufficientBalance, QuotaExceeded, both DiskCapacityQuotaFull, EphemeralStorageSizeExceededJobLimit
// and AttachDiskFailed. The others are notes on a group that runs: the three instance-type events,
// IgnoreInstanceTypeFeatures, ParamLengthExceed (at the call), StockExhaust (at placement),
// StopCharge (at deletion). Only a DryRun=true call fails at once: NoStock, InsufficientBalance,
// QuotaExceeded, both DiskCapacityQuotaFull and EphemeralStorageSizeExceededJobLimit refuse it with
// 400 and the reason as the code, and those scenarios check that too.
//
// One server for the whole file: the scenarios use different zones, regions and accounts, so
// their worlds do not touch. StockClose also changes its zone through POST /v1/world.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { $Eci } from './support/eci-sdk.js';
import {
  DEFAULT,
  TO_SCHEDULING,
  autoType,
  changeWorld,
  createGroup,
  defaultType,
  deleteGroup,
  describeGroup,
  expectDryRunRefused,
  expectPlatformEvents,
  expectStatus,
  expected,
  scenario,
  startWorld,
  userType,
  type WorldServer,
} from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';

const WORLD: WorldSpec = {
  regions: [
    {
      regionId: HZ,
      idPrefix: 'bp1',
      defaultZoneId: 'cn-hangzhou-k',
      zones: [
        { zoneId: 'cn-hangzhou-k' },
        // Three units of ecs.c6.large and nothing else; fewer than three left is "about to run out".
        { zoneId: 'cn-hangzhou-j', stock: { 'ecs.c6.large': 3 }, lowWaterMark: 3 },
        { zoneId: 'cn-hangzhou-h', cpuOptions: false },
        // One host with one vCPU: no 2-vCPU instance fits anywhere in the zone.
        { zoneId: 'cn-hangzhou-g', hosts: [{ id: 'h-g-small', vcpu: 1 }] },
      ],
      disks: [
        { diskId: 'd-bp1data01', zoneId: 'cn-hangzhou-k', sizeGiB: 20 },
        { diskId: 'd-bp1taken01', zoneId: 'cn-hangzhou-k', sizeGiB: 20, attachedTo: 'i-bp1other0000000001' },
      ],
    },
    // Out of stock in zone e; zone f has everything.
    { regionId: 'cn-shanghai', idPrefix: 'uf6', zones: [{ zoneId: 'cn-shanghai-e', stock: 0 }, { zoneId: 'cn-shanghai-f' }] },
    // One zone, out of stock: nowhere else to recommend.
    { regionId: 'cn-qingdao', idPrefix: 'm5e', zones: [{ zoneId: 'cn-qingdao-b', stock: 0 }] },
    // Closed, and limited to accounts that already live there.
    {
      regionId: 'cn-zhangjiakou',
      idPrefix: '8vb',
      zones: [
        { zoneId: 'cn-zhangjiakou-a', state: 'closed' },
        { zoneId: 'cn-zhangjiakou-b', state: 'limited' },
      ],
    },
  ],
  accounts: [
    { id: 'broke', balance: 0.1 },
    { id: 'capped', quotas: { vcpu: 2 } },
    { id: 'disk', quotas: { diskGiB: 100, diskGiBPerRegion: { [HZ]: 40 } } },
  ],
  platform: { jobEphemeralStorageLimitGiB: 50, paramMaxLength: 64 },
};

describe('world scenarios: instance types, stock, zones, the account and the request', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('account', WORLD, ['broke', 'capped', 'disk']);
  });
  afterAll(async () => ws?.stop());

  /** Creates, moves the clock past the scheduling step and the start, and returns the id and the call's time. */
  const run = async (account: string, name: string, opts: Parameters<typeof createGroup>[3] = {}) => {
    const g = await createGroup(ws, account, name, opts);
    await ws.advance('2s');
    return g;
  };

  // ---- How the instance type is chosen: recorded at the call, the group runs ----------------

  scenario('DefaultInstanceTypeMatch', 'a create that names neither an instance type nor Cpu/Memory', async () => {
    const g = await createGroup(ws, DEFAULT, 'type-default');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Scheduling');
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [defaultType(g.at)]);
    expect(await describeGroup(ws, DEFAULT, HZ, g.id)).toMatchObject({ instanceType: 'ecs.c6.large', cpu: 2, memory: 4, zoneId: 'cn-hangzhou-k' });
  });

  scenario('UserInstanceTypeSpec', 'InstanceType=ecs.g6.xlarge', async () => {
    const g = await run(DEFAULT, 'type-user', { instanceType: 'ecs.g6.xlarge' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [userType(g.at, 'ecs.g6.xlarge')]);
    expect(await describeGroup(ws, DEFAULT, HZ, g.id)).toMatchObject({ instanceType: 'ecs.g6.xlarge', cpu: 4, memory: 16 });
  });

  scenario('AutoInstanceTypeMatch', 'Cpu=2 Memory=6: the smallest type that holds it', async () => {
    const g = await run(DEFAULT, 'type-auto', { cpu: 2, memory: 6 });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [autoType(g.at, 'ecs.g6.large')]);
    expect(await describeGroup(ws, DEFAULT, HZ, g.id)).toMatchObject({ instanceType: 'ecs.g6.large', cpu: 2, memory: 8 });
  });

  scenario('IgnoreInstanceTypeFeatures', 'InstanceType with CpuArchitecture: the feature means nothing once the type is named', async () => {
    const g = await run(DEFAULT, 'type-features', { instanceType: 'ecs.g6.large', cpuArchitecture: 'ARM64' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [userType(g.at, 'ecs.g6.large'), expected('IgnoreInstanceTypeFeatures', ['ecs.g6.large'], g.at)]);
    expect(await describeGroup(ws, DEFAULT, HZ, g.id)).toMatchObject({ instanceType: 'ecs.g6.large' });
  });

  scenario('ParamLengthExceed', 'a HostName longer than the platform keeps (paramMaxLength 64)', async () => {
    const g = await run(DEFAULT, 'long-param', { hostName: `web-${'a'.repeat(70)}` });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [defaultType(g.at), expected('ParamLengthExceed', ['HostName'], g.at)]);
  });

  // ---- Stock and zones: decided at the scheduling step --------------------------------------

  scenario('StockExhaust', 'a creation takes the zone under its low-water mark (3 units, mark 3)', async () => {
    const g = await run(DEFAULT, 'stock-low', { zoneId: 'cn-hangzhou-j' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [
      defaultType(g.at),
      expected('StockExhaust', ['zone: cn-hangzhou-j, instanceType: ecs.c6.large, left: 2'], g.at + TO_SCHEDULING),
    ]);
    expect(await describeGroup(ws, DEFAULT, HZ, g.id)).toMatchObject({ zoneId: 'cn-hangzhou-j', instanceType: 'ecs.c6.large' });
  });

  scenario('NoStock', 'the only zone of the region has no stock of the type', async () => {
    await expectDryRunRefused(ws, DEFAULT, 'no-stock-dry', { regionId: 'cn-qingdao' }, 'NoStock', ['zone: cn-qingdao-b, instanceType: ecs.c6.large']);
    const g = await run(DEFAULT, 'no-stock', { regionId: 'cn-qingdao' });
    await expectStatus(ws, DEFAULT, 'cn-qingdao', g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, 'cn-qingdao', g.id, [
      defaultType(g.at),
      expected('NoStock', ['zone: cn-qingdao-b, instanceType: ecs.c6.large'], g.at + TO_SCHEDULING),
    ]);
  });

  scenario('MultiZoneRecommendations', 'no stock in the one zone asked for while another zone of the region has it', async () => {
    const g = await run(DEFAULT, 'one-zone', { regionId: 'cn-shanghai', zoneId: 'cn-shanghai-e' });
    await expectStatus(ws, DEFAULT, 'cn-shanghai', g.id, 'ScheduleFailed');
    const at = g.at + TO_SCHEDULING;
    await expectPlatformEvents(ws, DEFAULT, 'cn-shanghai', g.id, [
      defaultType(g.at),
      expected('NoStock', ['zone: cn-shanghai-e, instanceType: ecs.c6.large'], at),
      expected(
        'MultiZoneRecommendations',
        [
          'Zones cn-shanghai-f of region cn-shanghai can create this instance now; specify vSwitches in several zones (VSwitchId=vsw-a,vsw-b) so that ECI can choose',
        ],
        at,
      ),
    ]);
    // Following the advice: both zones' vSwitches, and the platform picks the one with stock.
    const both = await run(DEFAULT, 'two-zones', { regionId: 'cn-shanghai', vSwitchId: 'vsw-uf6emudefaulte000000,vsw-uf6emudefaultf000000' });
    await expectStatus(ws, DEFAULT, 'cn-shanghai', both.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, 'cn-shanghai', both.id, [defaultType(both.at)]);
    expect(await describeGroup(ws, DEFAULT, 'cn-shanghai', both.id)).toMatchObject({ zoneId: 'cn-shanghai-f', vSwitchId: 'vsw-uf6emudefaultf000000' });
  });

  scenario('StockClose', 'a closed zone, and a limited zone the account has no living instance in', async () => {
    const closed = await run(DEFAULT, 'zone-closed', { regionId: 'cn-zhangjiakou', zoneId: 'cn-zhangjiakou-a' });
    await expectStatus(ws, DEFAULT, 'cn-zhangjiakou', closed.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, 'cn-zhangjiakou', closed.id, [
      defaultType(closed.at),
      expected('StockClose', ['zone: cn-zhangjiakou-a, state: closed'], closed.at + TO_SCHEDULING),
    ]);
    const limited = await run(DEFAULT, 'zone-limited', { regionId: 'cn-zhangjiakou', zoneId: 'cn-zhangjiakou-b' });
    await expectStatus(ws, DEFAULT, 'cn-zhangjiakou', limited.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, 'cn-zhangjiakou', limited.id, [
      defaultType(limited.at),
      expected('StockClose', ['zone: cn-zhangjiakou-b, state: limited'], limited.at + TO_SCHEDULING),
    ]);
    // A limited zone still serves an account that has a living instance there (POST /v1/world
    // opens the zone for a while), and no other.
    const zone = (state: 'open' | 'limited') => changeWorld(ws, { regions: [{ regionId: 'cn-zhangjiakou', zones: [{ zoneId: 'cn-zhangjiakou-b', state }] }] });
    await zone('open');
    const resident = await run(DEFAULT, 'zone-resident', { regionId: 'cn-zhangjiakou', zoneId: 'cn-zhangjiakou-b' });
    await zone('limited');
    const neighbour = await run(DEFAULT, 'zone-neighbour', { regionId: 'cn-zhangjiakou', zoneId: 'cn-zhangjiakou-b' });
    await expectStatus(ws, DEFAULT, 'cn-zhangjiakou', resident.id, 'Running');
    await expectStatus(ws, DEFAULT, 'cn-zhangjiakou', neighbour.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, 'cn-zhangjiakou', neighbour.id, [defaultType(neighbour.at)]);
    const stranger = await run('disk', 'zone-stranger', { regionId: 'cn-zhangjiakou', zoneId: 'cn-zhangjiakou-b' });
    await expectStatus(ws, 'disk', 'cn-zhangjiakou', stranger.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, 'disk', 'cn-zhangjiakou', stranger.id, [
      defaultType(stranger.at),
      expected('StockClose', ['zone: cn-zhangjiakou-b, state: limited'], stranger.at + TO_SCHEDULING),
    ]);
  });

  scenario('FailedScheduling#2', 'no healthy host of the zone has room for the instance', async () => {
    const g = await run(DEFAULT, 'no-host', { zoneId: 'cn-hangzhou-g' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [
      defaultType(g.at),
      expected('FailedScheduling#2', ['no healthy host in zone cn-hangzhou-g has 2 vCPUs free'], g.at + TO_SCHEDULING),
    ]);
  });

  scenario('CpuOptionsNotSupported', 'CpuOptionsCore/ThreadsPerCore in a zone without custom CPU options', async () => {
    const g = await run(DEFAULT, 'cpu-opts-zone', { zoneId: 'cn-hangzhou-h', cpuOptionsCore: 1, cpuOptionsThreadsPerCore: 2 });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [defaultType(g.at), expected('CpuOptionsNotSupported', ['ecs.c6.large'], g.at + TO_SCHEDULING)]);
  });

  scenario('CpuOptionsNotValid', 'CpuOptionsThreadsPerCore=3 (a core has 1 or 2 threads)', async () => {
    const g = await run(DEFAULT, 'cpu-opts-bad', { cpuOptionsThreadsPerCore: 3 });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [defaultType(g.at), expected('CpuOptionsNotValid', ['ecs.c6.large'], g.at + TO_SCHEDULING)]);
    // Valid options in the same zone run.
    const ok = await run(DEFAULT, 'cpu-opts-ok', { cpuOptionsCore: 1, cpuOptionsThreadsPerCore: 2 });
    await expectStatus(ws, DEFAULT, HZ, ok.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, ok.id, [defaultType(ok.at)]);
  });

  // ---- The account ------------------------------------------------------------------------

  scenario('InsufficientBalance', 'a balance (0.1 CNY) under the first hour of the type', async () => {
    await expectDryRunRefused(ws, 'broke', 'poor-dry', {}, 'InsufficientBalance', ['ecs.c6.large']);
    const g = await run('broke', 'poor');
    await expectStatus(ws, 'broke', HZ, g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, 'broke', HZ, g.id, [defaultType(g.at), expected('InsufficientBalance', ['ecs.c6.large'], g.at + TO_SCHEDULING)]);
  });

  scenario('QuotaExceeded', 'a second 2-vCPU instance on a 2-vCPU quota; room again once the first is deleted', async () => {
    const first = await run('capped', 'quota-1');
    await expectStatus(ws, 'capped', HZ, first.id, 'Running');
    await expectDryRunRefused(ws, 'capped', 'quota-dry', {}, 'QuotaExceeded', ['ecs.c6.large']);
    const second = await run('capped', 'quota-2');
    await expectStatus(ws, 'capped', HZ, second.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, 'capped', HZ, second.id, [defaultType(second.at), expected('QuotaExceeded', ['ecs.c6.large'], second.at + TO_SCHEDULING)]);
    await deleteGroup(ws, 'capped', HZ, first.id);
    await ws.advance('2s');
    const third = await run('capped', 'quota-3');
    await expectStatus(ws, 'capped', HZ, third.id, 'Running');
  });

  scenario('DiskCapacityQuotaFull#1', 'EphemeralStorage 120 GiB over the account-wide disk quota of 100 GiB', async () => {
    await expectDryRunRefused(ws, 'disk', 'disk-all-dry', { ephemeralStorage: 120 }, 'DiskCapacityQuotaFull#1', []);
    const g = await run('disk', 'disk-all', { ephemeralStorage: 120 });
    await expectStatus(ws, 'disk', HZ, g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, 'disk', HZ, g.id, [defaultType(g.at), expected('DiskCapacityQuotaFull#1', [], g.at + TO_SCHEDULING)]);
  });

  scenario('DiskCapacityQuotaFull#2', 'EphemeralStorage 60 GiB over the 40 GiB quota of the region (fits elsewhere)', async () => {
    await expectDryRunRefused(ws, 'disk', 'disk-region-dry', { ephemeralStorage: 60 }, 'DiskCapacityQuotaFull#2', [HZ]);
    const g = await run('disk', 'disk-region', { ephemeralStorage: 60 });
    await expectStatus(ws, 'disk', HZ, g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, 'disk', HZ, g.id, [defaultType(g.at), expected('DiskCapacityQuotaFull#2', [HZ], g.at + TO_SCHEDULING)]);
    const elsewhere = await run('disk', 'disk-elsewhere', { regionId: 'cn-shanghai', zoneId: 'cn-shanghai-f', ephemeralStorage: 60 });
    await expectStatus(ws, 'disk', 'cn-shanghai', elsewhere.id, 'Running');
  });

  scenario('EphemeralStorageSizeExceededJobLimit', 'a job (RestartPolicy Never) with 80 GiB of ephemeral storage, the limit being 50', async () => {
    await expectDryRunRefused(ws, DEFAULT, 'big-job-dry', { restartPolicy: 'Never', ephemeralStorage: 80 }, 'EphemeralStorageSizeExceededJobLimit', [
      '80GiB',
      '50GiB',
    ]);
    const g = await run(DEFAULT, 'big-job', { restartPolicy: 'Never', ephemeralStorage: 80 });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [
      defaultType(g.at),
      expected('EphemeralStorageSizeExceededJobLimit', ['80GiB', '50GiB'], g.at + TO_SCHEDULING),
    ]);
  });

  // ---- Disks, and the end of an instance ----------------------------------------------------

  scenario('AttachDiskFailed', 'a disk already attached to another instance (one of ours, then one outside)', async () => {
    const volume = (diskId: string) => [
      new $Eci.CreateContainerGroupRequestVolume({
        name: 'data',
        type: 'DiskVolume',
        diskVolume: new $Eci.CreateContainerGroupRequestVolumeDiskVolume({ diskId }),
      }),
    ];
    const holder = await run(DEFAULT, 'disk-holder', { volume: volume('d-bp1data01') });
    await expectStatus(ws, DEFAULT, HZ, holder.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, holder.id, [defaultType(holder.at)]);
    const again = await run(DEFAULT, 'disk-again', { volume: volume('d-bp1data01') });
    await expectStatus(ws, DEFAULT, HZ, again.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, HZ, again.id, [defaultType(again.at), expected('AttachDiskFailed', ['d-bp1data01'], again.at + TO_SCHEDULING)]);
    const outside = await run(DEFAULT, 'disk-outside', { volume: volume('d-bp1taken01') });
    await expectStatus(ws, DEFAULT, HZ, outside.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, HZ, outside.id, [
      defaultType(outside.at),
      expected('AttachDiskFailed', ['d-bp1taken01'], outside.at + TO_SCHEDULING),
    ]);
  });

  scenario('StopCharge', 'DeleteContainerGroup on a running instance', async () => {
    const g = await run(DEFAULT, 'to-delete');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await ws.advance('10s');
    const deletedAt = ws.now();
    await deleteGroup(ws, DEFAULT, HZ, g.id);
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Terminating');
    await ws.advance('1s');
    await expectStatus(ws, DEFAULT, HZ, g.id, undefined);
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [defaultType(g.at), expected('StopCharge', [], deletedAt)]);
  });
});
