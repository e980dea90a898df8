import { afterEach, describe, expect, it } from 'vitest';
import { refusal, web, world } from '../../../test/support/emulator-world.js';

describe('a dry run checks the world too', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  const cases: Array<[string, Parameters<typeof world>[0], Partial<typeof web>, string, RegExp]> = [
    [
      'no stock in the zone',
      { spec: { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', stock: 0 }] }] } },
      {},
      'NoStock',
      /out of stock\. zone: cn-hangzhou-k, instanceType: ecs\.c6\.large/,
    ],
    [
      'a balance under one hour',
      { spec: { accounts: [{ id: 'default', balance: 0.1 }] } },
      {},
      'InsufficientBalance',
      /enough balance to purchase ecs\.c6\.large/,
    ],
    ['a vCPU quota', { spec: { accounts: [{ id: 'default', quotas: { vcpu: 1 } }] } }, {}, 'QuotaExceeded', /ecs\.c6\.large or vcpu quota/],
    ['no service-linked role', { spec: { accounts: [{ id: 'default', serviceLinkedRole: false }] } }, {}, 'Unauthorized', /AliyunServiceRoleForECI/],
    [
      'a job with too much ephemeral storage',
      {},
      { restartPolicy: 'Never', ephemeralStorage: 500 },
      'EphemeralStorageSizeExceededJobLimit',
      /500GiB exceeded the limitation of job instance:100GiB/,
    ],
  ];
  for (const [name, options, change, code, message] of cases) {
    it(`refuses ${name} with the cause's reason as the code, and creates nothing`, async () => {
      w = world(options);
      const err = refusal(() => w.emu.create({ ...web, ...change, dryRun: true }));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      w.advance(10);
      expect(w.emu.list('default', 'cn-hangzhou').totalCount).toBe(0);
      await w.recorder.drain();
      expect(await w.store.list({})).toEqual([]);
    });
  }

  it('still answers DryRunOperation when nothing would refuse the creation', () => {
    w = world();
    expect(refusal(() => w.emu.create({ ...web, dryRun: true })).code).toBe('DryRunOperation');
  });
});
