// How a partial world changes the current one (merge.ts): objects key by key, lists of things
// with ids item by item, `remove: true` drops an item, `null` drops a field so its default
// applies again.
import { describe, expect, it } from 'vitest';
import { worldFrom } from './load.js';
import { mergeValue } from './merge.js';

const base = {
  regions: [
    {
      regionId: 'cn-hangzhou',
      zones: [
        { zoneId: 'cn-hangzhou-k', stock: 5, lowWaterMark: 2, instanceTypes: ['ecs.c6.large', 'ecs.g6.large'] },
        { zoneId: 'cn-hangzhou-j', state: 'limited' },
      ],
    },
    { regionId: 'cn-shanghai', zones: [{ zoneId: 'cn-shanghai-e' }] },
  ],
  accounts: [{ id: 'default', balance: 100, quotas: { vcpu: 8, eips: 2 } }],
};

describe('merging a partial world', () => {
  it('merges objects key by key and lists of things with ids by their id, keeping the order', () => {
    const out = mergeValue(base, {
      regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-j', state: 'closed' }] }],
      accounts: [{ id: 'default', quotas: { vcpu: 16 } }],
    });
    expect(out).toEqual({
      regions: [
        {
          regionId: 'cn-hangzhou',
          zones: [
            { zoneId: 'cn-hangzhou-k', stock: 5, lowWaterMark: 2, instanceTypes: ['ecs.c6.large', 'ecs.g6.large'] },
            { zoneId: 'cn-hangzhou-j', state: 'closed' },
          ],
        },
        base.regions[1],
      ],
      accounts: [{ id: 'default', balance: 100, quotas: { vcpu: 16, eips: 2 } }],
    });
  });

  it('adds an item whose id is new at the end of its list', () => {
    const out = mergeValue(base, {
      accounts: [{ id: 'team-b', balance: 5 }],
      regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-h' }] }],
    }) as typeof base;
    expect(out.accounts.map((a) => a.id)).toEqual(['default', 'team-b']);
    expect(out.regions[0]!.zones.map((z) => z.zoneId)).toEqual(['cn-hangzhou-k', 'cn-hangzhou-j', 'cn-hangzhou-h']);
  });

  it('removes an item given as { <id>, remove: true }, and ignores the removal of one that is not there', () => {
    const out = mergeValue(base, {
      regions: [
        { regionId: 'cn-shanghai', remove: true },
        { regionId: 'cn-nowhere', remove: true },
      ],
    }) as typeof base;
    expect(out.regions.map((r) => r.regionId)).toEqual(['cn-hangzhou']);
    const zones = mergeValue(base, { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', remove: true }] }] }) as typeof base;
    expect(zones.regions[0]!.zones.map((z) => z.zoneId)).toEqual(['cn-hangzhou-j']);
  });

  it('removes a field given as null, so that its default applies again', () => {
    const out = mergeValue(base, { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', stock: null, lowWaterMark: null }] }] });
    expect((out as typeof base).regions[0]!.zones[0]).toEqual({ zoneId: 'cn-hangzhou-k', instanceTypes: ['ecs.c6.large', 'ecs.g6.large'] });
    const zone = worldFrom(out).regions![0]!.zones[0]!;
    expect(zone.stock).toBeUndefined(); // unlimited
    expect(zone.lowWaterMark).toBe(0);
  });

  it('replaces lists of plain values, and plain values, as a whole', () => {
    const out = mergeValue(base, {
      regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', instanceTypes: ['ecs.c6.large'], stock: { 'ecs.c6.large': 1 } }] }],
    }) as typeof base;
    expect(out.regions[0]!.zones[0]).toEqual({ zoneId: 'cn-hangzhou-k', stock: { 'ecs.c6.large': 1 }, lowWaterMark: 2, instanceTypes: ['ecs.c6.large'] });
  });

  it('leaves both the world and the change as they were', () => {
    const before = structuredClone(base);
    const patch = { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', stock: null }] }] };
    const patchBefore = structuredClone(patch);
    const out = mergeValue(base, patch) as typeof base;
    (out.regions[0]!.zones[1] as { state?: string }).state = 'open';
    expect(base).toEqual(before);
    expect(patch).toEqual(patchBefore);
  });

  // Items also carry the ids of what they belong to (a vSwitch its zone, an ENI its vSwitch):
  // merge.ts once took those for the item's own id, so a new item replaced an old one.
  const network = {
    regions: [
      {
        regionId: 'cn-hangzhou',
        zones: [{ zoneId: 'cn-hangzhou-k' }],
        vpcs: [{ vpcId: 'vpc-1', vSwitches: [{ vSwitchId: 'vsw-1', zoneId: 'cn-hangzhou-k', cidr: '10.0.0.0/24' }] }],
        securityGroups: [{ securityGroupId: 'sg-1', vpcId: 'vpc-1' }],
        enis: [{ eniId: 'eni-1', vSwitchId: 'vsw-1', ip: '10.0.0.5' }],
        disks: [{ diskId: 'd-1', zoneId: 'cn-hangzhou-k', sizeGiB: 20 }],
      },
    ],
    accounts: [{ id: 'default', slsProjects: [{ name: 'logs-a', regionId: 'cn-hangzhou' }] }],
  };

  it('adds a second vSwitch in the same zone instead of renaming the first', () => {
    const out = mergeValue(network, {
      regions: [{ regionId: 'cn-hangzhou', vpcs: [{ vpcId: 'vpc-1', vSwitches: [{ vSwitchId: 'vsw-2', zoneId: 'cn-hangzhou-k', cidr: '10.0.1.0/24' }] }] }],
    }) as typeof network;
    expect(out.regions[0]!.vpcs[0]!.vSwitches.map((v) => v.vSwitchId)).toEqual(['vsw-1', 'vsw-2']);
  });

  it('adds a second security group in the same VPC instead of renaming the first', () => {
    const out = mergeValue(network, {
      regions: [{ regionId: 'cn-hangzhou', securityGroups: [{ securityGroupId: 'sg-2', vpcId: 'vpc-1' }] }],
    }) as typeof network;
    expect(out.regions[0]!.securityGroups.map((g) => g.securityGroupId)).toEqual(['sg-1', 'sg-2']);
  });

  it('adds a second ENI in the same vSwitch instead of renaming the first', () => {
    const out = mergeValue(network, {
      regions: [{ regionId: 'cn-hangzhou', enis: [{ eniId: 'eni-2', vSwitchId: 'vsw-1', ip: '10.0.0.6' }] }],
    }) as typeof network;
    expect(out.regions[0]!.enis.map((e) => e.eniId)).toEqual(['eni-1', 'eni-2']);
  });

  it('adds a second disk in the same zone instead of renaming the first', () => {
    const out = mergeValue(network, {
      regions: [{ regionId: 'cn-hangzhou', disks: [{ diskId: 'd-2', zoneId: 'cn-hangzhou-k', sizeGiB: 40 }] }],
    }) as typeof network;
    expect(out.regions[0]!.disks.map((d) => d.diskId)).toEqual(['d-1', 'd-2']);
  });

  it('adds a second SLS project in the same region instead of renaming the first', () => {
    const out = mergeValue(network, { accounts: [{ id: 'default', slsProjects: [{ name: 'logs-b', regionId: 'cn-hangzhou' }] }] }) as typeof network;
    expect(out.accounts[0]!.slsProjects.map((p) => p.name)).toEqual(['logs-a', 'logs-b']);
  });
});
