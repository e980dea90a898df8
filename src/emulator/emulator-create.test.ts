import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../model/clock.js';
import { Recorder } from '../recorder/index.js';
import { SqliteEventStore } from '../store/sqlite/store.js';
import { refusal, S, T0, web, world } from '../../test/support/emulator-world.js';
import { Emulator } from './emulator.js';
import type { CreateRequest } from './requests.js';
import { RealTimeScheduler } from './scheduler.js';

describe('create: the happy path', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('runs Scheduling → Pending → Running by itself, with the platform and agent events in order', async () => {
    w = world();
    const g = w.emu.create(web);
    expect(g).toMatchObject({
      account: 'default',
      name: 'web',
      namespace: 'default',
      regionId: 'cn-hangzhou',
      zoneId: 'cn-hangzhou-k',
      status: 'Scheduling',
      creationTime: T0,
      instanceType: 'ecs.c6.large',
      cpu: 2,
      memory: 4,
      vpcId: 'vpc-bp1emudefault0000000',
      vSwitchId: 'vsw-bp1emudefaultk000000',
      securityGroupId: 'sg-bp1emudefault0000000',
      intranetIp: '',
      resourceGroupId: 'rg-acfmemudefault000',
      tags: [],
      restartPolicy: 'Always',
      spotStrategy: 'NoSpot',
      extra: {},
    });
    expect(g.id).toMatch(/^eci-bp1[a-z0-9]{17}$/);
    expect(g.containers).toEqual([
      // A container without sizes shows the instance's (ecs.c6.large: 2 vCPUs, 4 GiB).
      {
        name: 'web',
        image: 'nginx',
        cpu: 2,
        memory: 4,
        sharesInstanceMemory: true,
        gpu: 0,
        commands: [],
        args: [],
        imagePullPolicy: 'IfNotPresent',
        restartCount: 0,
        ready: false,
        currentState: { state: 'Waiting', reason: 'ContainerCreating' },
      },
    ]);

    const statusAt = (s: number) => {
      w.advance(s - (w.clock.now() - T0) / S);
      return w.emu.get('default', g.id)!.status;
    };
    expect(statusAt(0.099)).toBe('Scheduling');
    // Accepted at 0.1 s, still being created until the platform places it at 0.6 s.
    expect(statusAt(0.599)).toBe('Scheduling');
    expect(statusAt(0.6)).toBe('Pending');
    expect(statusAt(1.699)).toBe('Pending');
    expect(statusAt(1.7)).toBe('Running');
    const running = w.emu.get('default', g.id)!;
    expect(running.startTime).toBe(T0 + 0.6 * S);
    expect([running.intranetIp, running.hostId]).toEqual(['172.16.80.1', 'h-cn-hangzhou-k-1']);
    expect(running.statusTime).toBe(T0 + 1.7 * S);
    expect(running.containers[0]).toMatchObject({ ready: true, restartCount: 0, currentState: { state: 'Running', startTime: T0 + 1.7 * S } });

    expect(await w.events(g.id)).toEqual([
      '0 EciService DefaultInstanceTypeMatch The default instanceType used for current eci instance is ecs.c6.large',
      '0.6 kubelet Scheduled Successfully assigned default/web to virtual-kubelet-cn-hangzhou-k',
      '0.6 kubelet Pulling Pulling image "nginx"',
      '1.4 kubelet Pulled Successfully pulled image "nginx" in 800ms',
      '1.4 kubelet Created Created container web',
      '1.7 kubelet Started Started container web',
    ]);
    w.advance(3600);
    expect(w.emu.get('default', g.id)!.status).toBe('Running');
    expect(await w.events(g.id)).toHaveLength(6);
  });

  it('runs by itself on the wall clock too (RealTimeScheduler)', async () => {
    w = world();
    const store = new SqliteEventStore(':memory:');
    const recorder = new Recorder(store);
    const scheduler = new RealTimeScheduler(systemClock);
    const ms = 1000;
    const emu = new Emulator({ recorder, clock: systemClock, scheduler, timings: { accept: 5 * ms, schedule: 5 * ms, pull: 10 * ms, start: 5 * ms } });
    const g = emu.create(web);
    // 30 s: reached only on a real failure, even on a loaded machine (the timings add up to 25 ms).
    for (const deadline = Date.now() + 30_000; emu.get('default', g.id)!.status !== 'Running' && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 10));
    expect(emu.get('default', g.id)!.status).toBe('Running');
    await recorder.drain();
    expect((await store.list({ containerGroupId: g.id })).map((e) => e.reason).reverse()).toEqual([
      'DefaultInstanceTypeMatch',
      'Scheduled',
      'Pulling',
      'Pulled',
      'Created',
      'Started',
    ]);
    scheduler.close();
    await store.close();
  });

  it('records the Kubernetes-shaped event: the Pod, its account and group, and the two sources', async () => {
    w = world();
    const g = w.emu.create({ ...web, account: 'acct-1' });
    w.advance(2);
    await w.recorder.drain();
    const [started] = await w.store.list({ containerGroupId: g.id, sourceComponent: 'kubelet', limit: 1 });
    expect(started).toMatchObject({
      account: 'acct-1',
      containerGroupId: g.id,
      involvedObject: { kind: 'Pod', apiVersion: 'v1', name: 'web', namespace: 'default', uid: g.id, fieldPath: 'spec.containers{web}' },
      // kubelet names its own node: the pod's (the zone's virtual kubelet, with no virtual node).
      source: { component: 'kubelet', host: `virtual-kubelet-${g.zoneId}` },
      reason: 'Started',
      type: 'Normal',
      count: 1,
    });
    const [platform] = await w.store.list({ containerGroupId: g.id, sourceComponent: 'EciService' });
    expect(platform).toMatchObject({ account: 'acct-1', source: { component: 'EciService', host: '' }, reason: 'DefaultInstanceTypeMatch' });
  });

  it('pulls and starts containers one after another, an image already pulled is reused', async () => {
    w = world({ timings: { pull: 2 * S } });
    const g = w.emu.create({
      ...web,
      containerGroupName: 'pair',
      containers: [
        { name: 'app', image: 'registry.example.com/app:1.2' },
        { name: 'sidecar', image: 'registry.example.com/app:1.2', commands: ['sleep', 'infinity'] },
      ],
    });
    w.advance(10);
    expect(await w.events(g.id)).toEqual([
      '0 EciService DefaultInstanceTypeMatch The default instanceType used for current eci instance is ecs.c6.large',
      '0.6 kubelet Scheduled Successfully assigned default/pair to virtual-kubelet-cn-hangzhou-k',
      '0.6 kubelet Pulling Pulling image "registry.example.com/app:1.2"',
      '2.6 kubelet Pulled Successfully pulled image "registry.example.com/app:1.2" in 2s',
      '2.6 kubelet Created Created container app',
      '2.9 kubelet Started Started container app',
      '2.9 kubelet Pulled Container image "registry.example.com/app:1.2" already present on machine',
      '2.9 kubelet Created Created container sidecar',
      '3.2 kubelet Started Started container sidecar',
    ]);
    expect(w.emu.get('default', g.id)).toMatchObject({ status: 'Running', statusTime: T0 + 3.2 * S });
  });

  it('names how the instance type was chosen: given, matched from Cpu/Memory, or the default', async () => {
    w = world();
    const given = w.emu.create({ ...web, instanceType: 'ecs.g6.xlarge,ecs.c6.xlarge' });
    const matched = w.emu.create({ ...web, cpu: 2, memory: 6 });
    const summed = w.emu.create({
      ...web,
      containers: [
        { name: 'a', image: 'x', cpu: 2, memory: 4 },
        { name: 'b', image: 'x', cpu: 1, memory: 1 },
      ],
    });
    const fallback = w.emu.create(web);
    expect([given, matched, summed, fallback].map((g) => [g.instanceType, g.cpu, g.memory])).toEqual([
      ['ecs.g6.xlarge', 4, 16],
      ['ecs.g6.large', 2, 8],
      ['ecs.c6.xlarge', 4, 8],
      ['ecs.c6.large', 2, 4],
    ]);
    expect((await w.events(given.id))[0]).toBe('0 EciService UserInstanceTypeSpec The user-specified instanceType for current eci instance is ecs.g6.xlarge');
    expect((await w.events(matched.id))[0]).toBe('0 EciService AutoInstanceTypeMatch The most-matched instanceType for current eci instance is ecs.g6.large');
    expect((await w.events(summed.id))[0]).toBe('0 EciService AutoInstanceTypeMatch The most-matched instanceType for current eci instance is ecs.c6.xlarge');
    expect((await w.events(fallback.id))[0]).toBe(
      '0 EciService DefaultInstanceTypeMatch The default instanceType used for current eci instance is ecs.c6.large',
    );
  });

  it('places the group by its zone or vSwitch, takes an address from the vSwitch, and keeps what it was given', () => {
    w = world();
    const byZone = w.emu.create({ ...web, zoneId: 'cn-hangzhou-b' });
    const byVSwitch = w.emu.create({ ...web, vSwitchId: 'vsw-bp1emudefaulth000000' });
    const second = w.emu.create({ ...web, vSwitchId: 'vsw-bp1emudefaulth000000', zoneId: 'cn-hangzhou-h' });
    // The address comes with the placement, at the scheduling step.
    expect([byZone, byVSwitch, second].map((g) => g.intranetIp)).toEqual(['', '', '']);
    w.advance(1);
    expect([byZone, byVSwitch, second].map((g) => w.emu.get('default', g.id)!).map((g) => [g.zoneId, g.vSwitchId, g.intranetIp])).toEqual([
      ['cn-hangzhou-b', 'vsw-bp1emudefaultb000000', '172.16.0.1'],
      ['cn-hangzhou-h', 'vsw-bp1emudefaulth000000', '172.16.32.1'],
      ['cn-hangzhou-h', 'vsw-bp1emudefaulth000000', '172.16.32.2'],
    ]);
    const full = w.emu.create({
      ...web,
      regionId: 'cn-shanghai',
      securityGroupId: 'sg-uf6emudefault0000000',
      resourceGroupId: 'rg-team',
      restartPolicy: 'Never',
      spotStrategy: 'SpotWithPriceLimit',
      spotPriceLimit: 0.25,
      tags: [{ key: 'env', value: 'test' }],
      extra: { HostName: 'box', Foo: '20' },
      containers: [{ name: 'job', image: 'busybox', cpu: 1, memory: 2, commands: ['sh', '-c'], args: ['sleep 5'], imagePullPolicy: 'Always' }],
    });
    expect(full).toMatchObject({
      regionId: 'cn-shanghai',
      zoneId: 'cn-shanghai-l',
      securityGroupId: 'sg-uf6emudefault0000000',
      resourceGroupId: 'rg-team',
      restartPolicy: 'Never',
      spotStrategy: 'SpotWithPriceLimit',
      spotPriceLimit: 0.25,
      tags: [{ key: 'env', value: 'test' }],
      extra: { HostName: 'box', Foo: '20' },
      containers: [{ name: 'job', cpu: 1, memory: 2, commands: ['sh', '-c'], args: ['sleep 5'], imagePullPolicy: 'Always' }],
    });
    expect(full.id).toMatch(/^eci-uf6/);
  });

  it('returns the same group for a repeated ClientToken, per account', () => {
    w = world();
    const first = w.emu.create({ ...web, clientToken: 'once' });
    const again = w.emu.create({ ...web, clientToken: 'once', containerGroupName: 'other' });
    const otherAccount = w.emu.create({ ...web, clientToken: 'once', account: 'acct-2' });
    expect(again.id).toBe(first.id);
    expect(otherAccount.id).not.toBe(first.id);
    expect(w.emu.list('default', 'cn-hangzhou', {}, { limit: 20 }).totalCount).toBe(1);
  });
});

describe('create: refusals change nothing', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  const cases: [string, Partial<CreateRequest>, string, string, RegExp][] = [
    ['an unknown region', { regionId: 'cn-nowhere' }, 'InvalidRegionId.NotFound', 'RegionId', /RegionId "cn-nowhere" does not exist/],
    [
      'a zone of another region',
      { zoneId: 'cn-shanghai-e' },
      'InvalidZoneId.NotFound',
      'ZoneId',
      /ZoneId "cn-shanghai-e" does not exist in region cn-hangzhou/,
    ],
    ['an unknown vSwitch', { vSwitchId: 'vsw-nope' }, 'InvalidVSwitchId.NotFound', 'VSwitchId', /VSwitchId "vsw-nope" does not exist/],
    [
      'a vSwitch outside the zone',
      { zoneId: 'cn-hangzhou-k', vSwitchId: 'vsw-bp1emudefaultb000000' },
      'InvalidVSwitchId.ZoneMismatch',
      'VSwitchId',
      /is in zone cn-hangzhou-b, not in the specified ZoneId cn-hangzhou-k/,
    ],
    [
      'an unknown security group',
      { securityGroupId: 'sg-nope' },
      'InvalidSecurityGroupId.NotFound',
      'SecurityGroupId',
      /SecurityGroupId "sg-nope" does not exist/,
    ],
    [
      'an unknown instance type',
      { instanceType: 'ecs.c6.large,ecs.t9.huge' },
      'InvalidInstanceType.ValueNotSupported',
      'InstanceType',
      /InstanceType "ecs.t9.huge" is not supported/,
    ],
    ['a size no type holds', { cpu: 64, memory: 512 }, 'InvalidParameter', 'Cpu', /no instance type has 64 vCPUs, 512 GiB/],
    [
      'containers bigger than the type',
      { instanceType: 'ecs.c6.large', containers: [{ name: 'a', image: 'x', cpu: 4 }] },
      'InvalidParameter',
      'Container.N.Cpu',
      /ask for 4 in all, more than the 2 of instance type ecs.c6.large/,
    ],
    ['a spot price limit missing', { spotStrategy: 'SpotWithPriceLimit' }, 'InvalidParameter', 'SpotPriceLimit', /needs a SpotPriceLimit/],
    [
      'a tag key twice',
      {
        tags: [
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
        ],
      },
      'InvalidParameter',
      'Tag.2.Key',
      /another tag has this key/,
    ],
    ['a dry run that passes', { dryRun: true }, 'DryRunOperation', '', /DryRun flag set/],
  ];
  for (const [name, change, code, parameter, message] of cases) {
    it(`refuses ${name}`, async () => {
      w = world();
      const err = refusal(() => w.emu.create({ ...web, ...change }));
      expect([err.code, err.parameter ?? '']).toEqual([code, parameter]);
      expect(err.message).toMatch(message);
      w.advance(60);
      expect(w.emu.list('default', 'cn-hangzhou', {}, { limit: 20 })).toEqual({ groups: [], totalCount: 0 });
      expect(w.scheduler.pending).toBe(0);
      await w.recorder.drain();
      expect(await w.store.list({})).toEqual([]);
      // The address it would have taken is still free.
      const next = w.emu.create(web);
      w.advance(1);
      expect(w.emu.get('default', next.id)!.intranetIp).toBe('172.16.80.1');
    });
  }

  it("counts the account's living vCPUs against its quota when the platform places a group", async () => {
    w = world({ spec: { accounts: [{ id: 'default', quotas: { vcpu: 4 } }] } });
    const first = w.emu.create({ ...web, cpu: 4, memory: 8 });
    w.advance(5);
    const second = w.emu.create(web);
    w.advance(5);
    expect(w.status(first.id)).toBe('Running');
    expect(w.status(second.id)).toBe('ScheduleFailed');
    expect(await w.events(second.id)).toContain('5.6 EciService QuotaExceeded Eci instance type ecs.c6.large or vcpu quota is exceeded');
  });

  it('fails a group at its scheduling step when its zone has no stock of its type', async () => {
    w = world({ spec: { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-b', stock: 0 }, { zoneId: 'cn-hangzhou-k' }] }] } });
    const g = w.emu.create({ ...web, zoneId: 'cn-hangzhou-b' });
    w.advance(5);
    expect(w.emu.get('default', g.id)).toMatchObject({
      status: 'ScheduleFailed',
      failedTime: T0 + 0.6 * S,
      containers: [{ ready: false, currentState: { state: 'Waiting' } }],
    });
    expect(await w.events(g.id)).toEqual([
      '0 EciService DefaultInstanceTypeMatch The default instanceType used for current eci instance is ecs.c6.large',
      '0.6 EciService NoStock Create ECI failed because the specified instance is out of stock. zone: cn-hangzhou-b, instanceType: ecs.c6.large',
      '0.6 EciService MultiZoneRecommendations Zones cn-hangzhou-k of region cn-hangzhou can create this instance now; specify vSwitches in several zones (VSwitchId=vsw-a,vsw-b) so that ECI can choose',
    ]);
    expect(w.scheduler.pending).toBe(0);
  });
});
