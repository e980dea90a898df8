// What the world takes and gives back as groups come and go: stock, addresses, quota room,
// money. Scenarios on a manual clock; each says what a user would see.
import { afterEach, describe, expect, it } from 'vitest';
import { S, T0, web, world } from '../../../test/support/emulator-world.js';

const zone = (extra: Record<string, unknown> = {}) => ({ regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', ...extra }] }] });

describe('the world gives back what an ended group held', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('returns stock when a group is deleted, so the next creation gets it', async () => {
    w = world({ spec: zone({ stock: { 'ecs.c6.large': 1 } }) });
    const a = w.emu.create(web);
    w.advance(5);
    const b = w.emu.create(web);
    w.advance(5);
    expect([w.status(a.id), w.status(b.id)]).toEqual(['Running', 'ScheduleFailed']);
    w.emu.delete('default', a.id);
    w.advance(5);
    const c = w.emu.create(web);
    w.advance(5);
    expect(w.status(c.id)).toBe('Running');
    expect(w.emu.world.spec.regions![0]!.zones[0]!.stock).toEqual({ 'ecs.c6.large': 0 });
  });

  it('runs a vSwitch out of addresses, and a freed address is taken again', async () => {
    // A /29 has 8 addresses, 4 reserved: 4 groups fit.
    w = world({
      spec: {
        regions: [
          {
            regionId: 'cn-hangzhou',
            zones: [{ zoneId: 'cn-hangzhou-k' }],
            vpcs: [{ vpcId: 'vpc-1', isDefault: true, vSwitches: [{ vSwitchId: 'vsw-small', zoneId: 'cn-hangzhou-k', cidr: '10.0.0.0/29' }] }],
          },
        ],
      },
    });
    const groups = [1, 2, 3, 4, 5].map(() => w.emu.create(web));
    w.advance(5);
    expect(groups.map((g) => w.emu.get('default', g.id)!.intranetIp)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '']);
    expect(w.status(groups[4]!.id)).toBe('ScheduleFailed');
    expect(await w.events(groups[4]!.id)).toContain(
      '0.6 EciService ResourceInsufficient The maximum number of IP address in the VSwitch vsw-small is exceeded',
    );
    w.emu.delete('default', groups[1]!.id);
    w.advance(5);
    const again = w.emu.create(web);
    w.advance(5);
    expect(w.emu.get('default', again.id)!.intranetIp).toBe('10.0.0.2');
  });

  it('charges running groups by the hour of the clock, and refuses a creation the balance cannot cover', async () => {
    // ecs.c6.large: 2 × 0.1 + 4 × 0.0115 = 0.246 CNY per hour.
    w = world({ spec: { accounts: [{ id: 'default', balance: 0.8 }] } });
    const a = w.emu.create(web);
    w.advance(3 * 3600);
    expect(w.emu.world.balance('default')).toBeCloseTo(0.8 - (0.246 * (3 * 3600 - 0.6)) / 3600, 6);
    const b = w.emu.create(web);
    w.advance(5);
    expect(w.status(b.id)).toBe('ScheduleFailed');
    expect(await w.events(b.id)).toContain(
      `${3 * 3600 + 0.6} EciService InsufficientBalance Your account does not have enough balance to purchase ecs.c6.large`,
    );
    // Deleting stops the charge.
    w.emu.delete('default', a.id);
    w.advance(5);
    const left = w.emu.world.balance('default');
    w.advance(3600);
    expect(w.emu.world.balance('default')).toBe(left);
  });

  it('counts instances in a security group against its limit', async () => {
    w = world({
      spec: {
        regions: [
          {
            regionId: 'cn-hangzhou',
            zones: [{ zoneId: 'cn-hangzhou-k' }],
            securityGroups: [{ securityGroupId: 'sg-tiny', vpcId: 'vpc-bp1emudefault0000000', maxInstances: 1 }],
          },
        ],
      },
    });
    const a = w.emu.create({ ...web, securityGroupId: 'sg-tiny' });
    const b = w.emu.create({ ...web, securityGroupId: 'sg-tiny' });
    w.advance(5);
    expect([w.status(a.id), w.status(b.id)]).toEqual(['Running', 'ScheduleFailed']);
    expect(await w.events(b.id)).toContain('0.6 EciService QuotaFull The maximum number of instances in the security group sg-tiny is exceeded');
  });

  it('retries a throttled creation after a doubling back-off, and it runs once the window has room', async () => {
    w = world({ spec: { flowControl: { platformCreatesPerMinute: 1, backoffSeconds: 20, retries: 3 } } });
    const a = w.emu.create(web);
    const b = w.emu.create(web);
    w.advance(5);
    // Still being created while it waits out the back-off.
    expect([w.status(a.id), w.status(b.id)]).toEqual(['Running', 'Scheduling']);
    w.advance(20 * 3);
    expect(w.status(b.id)).toBe('Running');
    const events = await w.events(b.id);
    // Denied at 0.6 s and again at 21.1 s (the retry runs the scheduling step again): one
    // Throttling event counted twice, and a back-off that doubles; at 61.6 s the minute of the
    // first creation is over.
    expect(events.filter((e) => / (Throttling|CreateBackoff) /.test(e))).toEqual([
      `0.6 EciService CreateBackoff Back-off 20s before creating container group ${b.id} again (retry 1 of 3): the creation was denied by flow control`,
      '21.1 EciService Throttling The request was denied due to system flow control, please wait and try again later ×2',
      `21.1 EciService CreateBackoff Back-off 40s before creating container group ${b.id} again (retry 2 of 3): the creation was denied by flow control`,
    ]);
    expect(w.emu.get('default', b.id)!.startTime).toBe(T0 + 61.6 * S);
  });
});
