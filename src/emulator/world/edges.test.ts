// Edges found in review: each names what went wrong before.
import { afterEach, describe, expect, it } from 'vitest';
import { refusal, web, world } from '../../../test/support/emulator-world.js';
import type { WorldError } from './check.js';

const small = {
  regions: [
    {
      regionId: 'cn-hangzhou',
      zones: [{ zoneId: 'cn-hangzhou-k' }],
      vpcs: [
        { vpcId: 'vpc-a', isDefault: true, vSwitches: [{ vSwitchId: 'vsw-a', zoneId: 'cn-hangzhou-k', cidr: '10.0.0.0/29' }] },
        { vpcId: 'vpc-b', vSwitches: [{ vSwitchId: 'vsw-b', zoneId: 'cn-hangzhou-k', cidr: '10.1.0.0/24' }] },
      ],
      securityGroups: [
        { securityGroupId: 'sg-a', vpcId: 'vpc-a' },
        { securityGroupId: 'sg-b', vpcId: 'vpc-b' },
      ],
      enis: [
        { eniId: 'eni-1', vSwitchId: 'vsw-a', ip: '10.0.0.1' },
        { eniId: 'eni-2', vSwitchId: 'vsw-a', ip: '10.0.0.2' },
        { eniId: 'eni-3', vSwitchId: 'vsw-a', ip: '10.0.0.3' },
        { eniId: 'eni-4', vSwitchId: 'vsw-a', ip: '10.0.0.4' },
      ],
    },
  ],
};

describe('world edges', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('checks the vCPU quota against the type the instance gets, not only the first one listed (it once got 8 vCPUs on a quota of 2)', async () => {
    w = world({
      spec: {
        accounts: [{ id: 'default', quotas: { vcpu: 2 } }],
        regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', stock: { 'ecs.c6.large': 0, 'ecs.c6.2xlarge': 5 } }] }],
      },
    });
    const g = w.emu.create({ ...web, instanceType: 'ecs.c6.large,ecs.c6.2xlarge' });
    w.advance(5);
    expect(w.status(g.id)).toBe('ScheduleFailed');
    expect(await w.events(g.id)).toEqual([
      '0 EciService UserInstanceTypeSpec The user-specified instanceType for current eci instance is ecs.c6.large',
      '0.6 EciService NoStock Create ECI failed because the specified instance is out of stock. zone: cn-hangzhou-k, instanceType: ecs.c6.large',
      '0.6 EciService QuotaExceeded Eci instance type ecs.c6.2xlarge or vcpu quota is exceeded',
    ]);
  });

  it('refuses at the call a security group of another VPC than the vSwitch, and a PrivateIpAddress outside it', () => {
    w = world({ spec: small });
    expect(refusal(() => w.emu.create({ ...web, vSwitchId: 'vsw-a', securityGroupId: 'sg-b' })).message).toMatch(
      /SecurityGroupId "sg-b" is not valid: it is in vpc-b, but vSwitch vsw-a is in vpc-a/,
    );
    expect(refusal(() => w.emu.create({ ...web, vSwitchId: 'vsw-b', securityGroupId: 'sg-b', privateIpAddress: '10.0.0.2' })).message).toMatch(
      /PrivateIpAddress "10.0.0.2" is not valid: it is not a usable address of vsw-b \(10.1.0.0\/24\)/,
    );
    expect(w.emu.list('default', 'cn-hangzhou').totalCount).toBe(0);
  });

  it('frees the addresses of ENIs a world change removes (they once stayed taken)', async () => {
    w = world({ spec: small });
    const before = w.emu.create(web);
    w.advance(5);
    expect(w.status(before.id)).toBe('ScheduleFailed');
    w.emu.changeWorld({ regions: [{ regionId: 'cn-hangzhou', enis: [{ eniId: 'eni-2', remove: true }] }] });
    const after = w.emu.create(web);
    w.advance(5);
    expect(w.emu.get('default', after.id)).toMatchObject({ status: 'Running', intranetIp: '10.0.0.2' });
  });

  it('refuses a change that removes a security group a running instance holds, naming it where the file has it', () => {
    w = world({ spec: small });
    const g = w.emu.create({ ...web, vSwitchId: 'vsw-b', securityGroupId: 'sg-b' });
    w.advance(5);
    let err: unknown;
    try {
      w.emu.changeWorld({ regions: [{ regionId: 'cn-hangzhou', securityGroups: [{ securityGroupId: 'sg-b', remove: true }] }] });
    } catch (e) {
      err = e;
    }
    expect((err as WorldError).problems).toEqual([`regions[0].securityGroups: security group sg-b is held by instance ${g.id}; delete the instance first`]);
    expect(w.emu.world.spec.regions![0]!.securityGroups!.map((s) => s.securityGroupId)).toEqual(['sg-a', 'sg-b']);
  });

  it('gives a dry run the answer the real run would give (a closed zone: StockClose, not NoStock)', () => {
    w = world({ spec: { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', state: 'closed' }] }] } });
    expect(refusal(() => w.emu.create({ ...web, dryRun: true }))).toMatchObject({
      code: 'StockClose',
      message: 'DryRun: Create ECI failed because current zone closed or limited without living instance. zone: cn-hangzhou-k, state: closed',
    });
  });

  it('refuses a count on a fault that acts once, and a duration on a maintenance', () => {
    w = world();
    expect(refusal(() => w.emu.injectFault({ kind: 'host-failure', target: 'h-cn-hangzhou-k-1', count: 2 })).message).toMatch(
      /count: a host-failure acts once/,
    );
    expect(refusal(() => w.emu.injectFault({ kind: 'host-maintenance', target: 'h-cn-hangzhou-k-1', duration: 60_000_000 })).message).toMatch(
      /duration: a host-maintenance lasts until its deadline/,
    );
    expect(w.emu.worldState().faults).toEqual([]);
  });
});
