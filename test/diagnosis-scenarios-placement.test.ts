// Diagnoses of the causes that keep a group from being placed (issue 17): stock, a closed zone,
// the account's quota and balance, a vSwitch out of addresses, a full security group. Each
// scenario makes the cause happen as the world scenarios do (world-scenarios-account and
// -network), then checks through GET /v1/groups/:id/diagnosis and `eci-events explain` (text and
// --json) the root cause, its evidence and a remedy with the group's values, grounded in the
// world: what would fix it now. Then the account-wide view groups the stock failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { accountDiagnoses, explain, explained } from './support/diagnosis.js';
import { createGroup, expectStatus, startWorld, type WorldServer } from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';
const SZ = 'cn-shenzhen';

const WORLD: WorldSpec = {
  regions: [
    {
      regionId: HZ,
      idPrefix: 'bp1',
      defaultZoneId: 'cn-hangzhou-h',
      // ecs.g6.large: none in k and j, plenty in h.
      zones: [
        { zoneId: 'cn-hangzhou-k', stock: { 'ecs.c6.large': 50 } },
        { zoneId: 'cn-hangzhou-j', stock: { 'ecs.c6.large': 50 } },
        { zoneId: 'cn-hangzhou-h' },
        { zoneId: 'cn-hangzhou-a', state: 'closed' },
      ],
    },
    {
      regionId: SZ,
      idPrefix: 'wz9',
      zones: [{ zoneId: 'cn-shenzhen-a' }],
      vpcs: [
        {
          vpcId: 'vpc-wz9main',
          isDefault: true,
          vSwitches: [
            { vSwitchId: 'vsw-wz9tiny', zoneId: 'cn-shenzhen-a', cidr: '192.168.0.0/29' },
            { vSwitchId: 'vsw-wz9big', zoneId: 'cn-shenzhen-a', cidr: '172.16.0.0/20' },
          ],
        },
      ],
      securityGroups: [
        { securityGroupId: 'sg-wz9main', vpcId: 'vpc-wz9main' },
        { securityGroupId: 'sg-wz9small', vpcId: 'vpc-wz9main', maxInstances: 1 },
      ],
      // Other products' ENIs hold three of the /29's four usable addresses.
      enis: [
        { eniId: 'eni-wz9a', vSwitchId: 'vsw-wz9tiny', ip: '192.168.0.1' },
        { eniId: 'eni-wz9b', vSwitchId: 'vsw-wz9tiny', ip: '192.168.0.2' },
        { eniId: 'eni-wz9c', vSwitchId: 'vsw-wz9tiny', ip: '192.168.0.3' },
      ],
    },
  ],
  accounts: [
    { id: 'broke', balance: 0.1 },
    { id: 'capped', quotas: { vcpu: 2 } },
    { id: 'norole', serviceLinkedRole: false },
  ],
};
const ACCOUNTS = ['stock', 'broke', 'capped', 'net', 'norole'];

describe('diagnosis scenarios: placement', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('diagnosis-placement', WORLD, ACCOUNTS);
  });
  afterAll(async () => ws?.stop());

  const failed = async (account: string, name: string, opts: Parameters<typeof createGroup>[3]) => {
    const g = await createGroup(ws, account, name, opts);
    await ws.advance('2s');
    await expectStatus(ws, account, String(opts?.regionId ?? HZ), g.id, 'ScheduleFailed');
    return g.id;
  };

  it('NoStock: the zone and type that had none, the zone that has it now, MultiZoneRecommendations as a consequence', async () => {
    const id = await failed('stock', 'no-stock-k', { zoneId: 'cn-hangzhou-k', instanceType: 'ecs.g6.large' });
    const d = await explained(ws, id, 'stock');
    expect(d).toMatchObject({ state: 'unhealthy', status: 'ScheduleFailed', grounded: true, summary: 'Unhealthy: NoStock of ecs.g6.large in cn-hangzhou-k.' });
    expect(d.causes).toHaveLength(1);
    const [c] = d.causes;
    expect(c).toMatchObject({
      rule: 'no-stock',
      current: true,
      impact: 'blocks',
      title: 'NoStock of ecs.g6.large in cn-hangzhou-k',
      facts: ['Zone cn-hangzhou-h of cn-hangzhou has stock of ecs.g6.large now.'],
    });
    expect(c!.remedy).toBe(
      'Create the instance in several zones and with several instance types: give it vSwitches of several zones (stock now: cn-hangzhou-h) and more than one instance type (InstanceType=ecs.a,ecs.b), then create it again.',
    );
    expect(c!.evidence.map((e) => [e.role, e.reason, e.message])).toEqual([
      ['cause', 'NoStock', 'Create ECI failed because the specified instance is out of stock. zone: cn-hangzhou-k, instanceType: ecs.g6.large'],
      ['consequence', 'MultiZoneRecommendations', expect.stringMatching(/^Zones cn-hangzhou-h of region cn-hangzhou can create this instance now/)],
    ]);
    // The instance-type event is progress, not a cause.
    expect(d.notes).toEqual([]);
  });

  it('StockClose: the closed zone, and where to go instead', async () => {
    const id = await failed('stock', 'closed-a', { zoneId: 'cn-hangzhou-a' });
    const d = await explained(ws, id, 'stock');
    expect(d.causes.map((c) => [c.rule, c.title])).toEqual([['stock-close', 'Zone cn-hangzhou-a is closed to new instances']]);
    expect(d.causes[0]!.facts).toEqual(['Zones cn-hangzhou-k, -j and -h of cn-hangzhou have stock of ecs.c6.large now.']);
  });

  it('QuotaExceeded: the type, and how many vCPUs the account holds of its quota', async () => {
    const first = await createGroup(ws, 'capped', 'within-quota');
    await ws.advance('2s');
    await expectStatus(ws, 'capped', HZ, first.id, 'Running');
    const id = await failed('capped', 'over-quota', {});
    const d = await explained(ws, id, 'capped');
    expect(d.causes[0]).toMatchObject({
      rule: 'quota-exceeded',
      title: 'The instance type ecs.c6.large or vCPU quota is exceeded',
      facts: ["The account's living instances hold 2 vCPUs of its quota of 2."],
    });
    expect(d.causes[0]!.remedy).toMatch(/Quota Center/);
    expect((await explained(ws, first.id, 'capped')).state).toBe('healthy');
  });

  it('InsufficientBalance: the balance against the hourly price of the type', async () => {
    const id = await failed('broke', 'poor', {});
    const d = await explained(ws, id, 'broke');
    expect(d.causes[0]).toMatchObject({ rule: 'insufficient-balance', title: "The account's balance cannot pay for ecs.c6.large" });
    expect(d.causes[0]!.facts).toEqual([expect.stringMatching(/^The account's balance is 0\.10 CNY; an hour of ecs\.c6\.large costs \d+\.\d\d CNY\.$/)]);
  });

  it('ResourceInsufficient: the vSwitch out of addresses, and the one that has some', async () => {
    const first = await createGroup(ws, 'net', 'tiny-1', { regionId: SZ, vSwitchId: 'vsw-wz9tiny', securityGroupId: 'sg-wz9main' });
    await ws.advance('2s');
    await expectStatus(ws, 'net', SZ, first.id, 'Running');
    const id = await failed('net', 'tiny-2', { regionId: SZ, vSwitchId: 'vsw-wz9tiny', securityGroupId: 'sg-wz9main' });
    const d = await explained(ws, id, 'net');
    expect(d.causes[0]).toMatchObject({
      rule: 'vswitch-full',
      title: 'vSwitch vsw-wz9tiny has no free IP addresses',
      facts: ['vsw-wz9big (cn-shenzhen-a) has free addresses now.'],
    });
    expect(d.causes[0]!.remedy).toBe('Use another vSwitch (vsw-wz9big), or free addresses in vsw-wz9tiny, then create the instance again.');
  });

  it('QuotaFull: the full security group, and the other group of its VPC', async () => {
    const first = await createGroup(ws, 'net', 'sg-1', { regionId: SZ, vSwitchId: 'vsw-wz9big', securityGroupId: 'sg-wz9small' });
    await ws.advance('2s');
    await expectStatus(ws, 'net', SZ, first.id, 'Running');
    const id = await failed('net', 'sg-2', { regionId: SZ, vSwitchId: 'vsw-wz9big', securityGroupId: 'sg-wz9small' });
    const d = await explained(ws, id, 'net');
    expect(d.causes[0]).toMatchObject({
      rule: 'security-group-full',
      title: 'Security group sg-wz9small is full',
      facts: ['Security group sg-wz9main of the same VPC can hold it.'],
    });
    expect(d.causes[0]!.remedy).toBe('Use another security group (sg-wz9main) than sg-wz9small, then create the instance again.');
  });

  it('Unauthorized: the missing service-linked role, named in the title and the remedy', async () => {
    const id = await failed('norole', 'no-role', {});
    const d = await explained(ws, id, 'norole');
    expect(d.causes.map((c) => [c.rule, c.category, c.title])).toEqual([
      ['unauthorized', 'account', 'The ECI service role may not perform AliyunServiceRoleForECI (the service-linked role does not exist)'],
    ]);
    expect(d.causes[0]!.remedy).toMatch(/^Create the service-linked role AliyunServiceRoleForECI/);
  });

  it('the account-wide view groups the stock failures by type, their zones merged (route and explain)', async () => {
    await failed('stock', 'no-stock-j', { zoneId: 'cn-hangzhou-j', instanceType: 'ecs.g6.large' });
    await failed('stock', 'no-stock-k2', { zoneId: 'cn-hangzhou-k', instanceType: 'ecs.g6.large' });
    const ok = await createGroup(ws, 'stock', 'fine', { zoneId: 'cn-hangzhou-h', instanceType: 'ecs.g6.large' });
    await ws.advance('2s');
    await expectStatus(ws, 'stock', HZ, ok.id, 'Running');
    const all = await accountDiagnoses(ws, 'stock');
    expect(all).toMatchObject({ examined: 5, healthy: 1, unhealthy: 4, recovered: 0, truncated: false });
    expect(all.causes.map((c) => [c.summary, c.groups])).toEqual([
      ['3 groups: NoStock of ecs.g6.large in cn-hangzhou-k and -j', 3],
      ['1 group: Zone cn-hangzhou-a is closed to new instances', 1],
    ]);
    const text = explain(ws, [], 'stock');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('5 groups examined: 4 unhealthy, 0 recovered, 1 healthy.');
    expect(text.stdout).toContain('3 groups: NoStock of ecs.g6.large in cn-hangzhou-k and -j');
    const json = explain(ws, ['--json', '--region', HZ], 'stock');
    expect(JSON.parse(json.stdout)).toEqual(all);
  });

  it('explain refuses what it cannot ask, and says when a group is unknown', async () => {
    const unknown = explain(ws, ['eci-nosuchgroup0000000'], 'stock');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('404 NotFound: no container group "eci-nosuchgroup0000000" in this account');
    const bad = explain(ws, ['--limit', 'lots'], 'stock');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--limit takes a number of groups, got "lots"');
  });
});
