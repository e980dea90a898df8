import { describe, expect, it } from 'vitest';
import { instanceType, INSTANCE_TYPES, matchInstanceType } from './instance-types.js';
import { IpPool } from './ip-pool.js';
import { DEFAULT_REGIONS, RegionDirectory } from './regions.js';
import { backoffDelay, DEFAULT_TIMINGS, goDuration } from './timings.js';
import { newGroupId } from './ids.js';

describe('regions', () => {
  it('lists every region with its endpoint and zones for DescribeRegions', () => {
    const regions = new RegionDirectory().describe();
    expect(regions.map((r) => [r.regionId, r.regionEndpoint, r.zones])).toEqual([
      ['cn-hangzhou', 'eci.cn-hangzhou.aliyuncs.com', ['cn-hangzhou-b', 'cn-hangzhou-g', 'cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k']],
      ['cn-shanghai', 'eci.cn-shanghai.aliyuncs.com', ['cn-shanghai-e', 'cn-shanghai-f', 'cn-shanghai-g', 'cn-shanghai-l', 'cn-shanghai-m']],
      ['cn-beijing', 'eci.cn-beijing.aliyuncs.com', ['cn-beijing-f', 'cn-beijing-g', 'cn-beijing-h', 'cn-beijing-i']],
      ['ap-southeast-1', 'eci.ap-southeast-1.aliyuncs.com', ['ap-southeast-1-a', 'ap-southeast-1-b', 'ap-southeast-1-c']],
      ['us-west-1', 'eci.us-west-1.aliyuncs.com', ['us-west-1-a', 'us-west-1-b']],
    ]);
  });

  it('gives every zone a default vSwitch with a distinct CIDR, and every id the look of a real one', () => {
    for (const r of DEFAULT_REGIONS) {
      expect(r.vSwitches.map((v) => v.zoneId)).toEqual(r.zones);
      expect(new Set(r.vSwitches.map((v) => v.cidr)).size).toBe(r.zones.length);
      expect(r.zones).toContain(r.defaultZoneId);
      for (const id of [r.vpcId, r.securityGroupId, ...r.vSwitches.map((v) => v.vSwitchId)]) {
        expect(id).toMatch(new RegExp(`^(vpc|sg|vsw)-${r.idPrefix}[a-z0-9]{17}$`));
      }
    }
    expect(newGroupId('bp1')).toMatch(/^eci-bp1[a-z0-9]{17}$/);
  });
});

describe('instance types', () => {
  it('matches a request to the smallest type that holds it', () => {
    expect(matchInstanceType({ cpu: 2, memory: 4 })?.name).toBe('ecs.c6.large');
    expect(matchInstanceType({ cpu: 1, memory: 2 })?.name).toBe('ecs.c6.large');
    expect(matchInstanceType({ cpu: 2, memory: 6 })?.name).toBe('ecs.g6.large');
    expect(matchInstanceType({ cpu: 2, memory: 16 })?.name).toBe('ecs.r6.large');
    expect(matchInstanceType({ cpu: 3, memory: 4 })?.name).toBe('ecs.c6.xlarge');
    expect(matchInstanceType({ cpu: 8, memory: 20 })?.name).toBe('ecs.g6.2xlarge');
    expect(matchInstanceType({ cpu: 4, memory: 8, gpu: 1 })?.name).toBe('ecs.gn6i-c4g1.xlarge');
    expect(matchInstanceType({ cpu: 2, memory: 8, arch: 'ARM64' })?.name).toBe('ecs.g6r.large');
    expect(matchInstanceType({ cpu: 64, memory: 4 })).toBeUndefined();
  });

  it('holds the documented sizes', () => {
    expect(instanceType('ecs.gn6i-c4g1.xlarge')).toEqual({ name: 'ecs.gn6i-c4g1.xlarge', cpu: 4, memory: 15, arch: 'AMD64', gpu: 1 });
    expect(new Set(INSTANCE_TYPES.map((t) => t.name)).size).toBe(INSTANCE_TYPES.length);
  });
});

describe('ip pool', () => {
  it('hands out the lowest free address, skips the reserved ones, reuses released ones', () => {
    const pool = new IpPool();
    expect(pool.allocate('v', '192.168.1.0/29')).toBe('192.168.1.1');
    expect(pool.allocate('v', '192.168.1.0/29')).toBe('192.168.1.2');
    expect(pool.allocate('v', '192.168.1.0/29')).toBe('192.168.1.3');
    expect(pool.allocate('v', '192.168.1.0/29')).toBe('192.168.1.4');
    // .0 and the last three (.5, .6, .7) are reserved
    expect(pool.hasFree('v', '192.168.1.0/29')).toBe(false);
    expect(pool.allocate('v', '192.168.1.0/29')).toBeUndefined();
    pool.release('v', '192.168.1.2');
    expect(pool.allocate('v', '192.168.1.0/29')).toBe('192.168.1.2');
  });
});

describe('timings', () => {
  it("doubles the restart back-off from the base up to the cap: kubelet's 10 s to 5 min", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelay(DEFAULT_TIMINGS, n) / 1e6)).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('prints durations as Go does', () => {
    expect([812_000, 800_000, 1_500_000, 12_000_000, 61_500_000, 500].map(goDuration)).toEqual(['812ms', '800ms', '1.5s', '12s', '1m1.5s', '500µs']);
  });
});
