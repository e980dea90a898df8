// Reading world files (load.ts): the shipped examples load and use every field of the schema; a
// bad file is refused with every problem named by where it is in the file and what is wrong; an
// empty file is the default world, which is the one the emulator had before world files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ManualClock } from '../../model/clock.js';
import { INSTANCE_TYPES } from '../instance-types.js';
import { regionView } from '../regions.js';
import { WorldError } from './check.js';
import { DEFAULT_WORLD } from './defaults.js';
import { parseWorld } from './load.js';
import { normalizeWorld } from './normalize.js';
import { WorldSchema } from './spec.js';
import { World } from './world.js';

const example = (name: string) => readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');

/** The problems a refused file is refused with (fails the test when the file loads). */
function problems(text: string): string[] {
  try {
    parseWorld(text, 'w.yaml');
  } catch (err) {
    if (err instanceof WorldError) return err.problems;
    throw err;
  }
  throw new Error('the world file was accepted');
}

// ---- What the schema has, and what a file uses -------------------------------------------

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  const?: unknown;
}

/** Every field path of the schema (`regions[].zones[].stock`), with the JSON types a union field may take. */
function schemaFields(node: SchemaNode, path = '', out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (node.anyOf) {
    // A union of literals is an enum; a union of shapes (a number or a map) is a field of two forms.
    if (path && node.anyOf.every((b) => b.const === undefined)) out.set(path, new Set(node.anyOf.map((b) => (b.type === 'integer' ? 'number' : b.type!))));
    for (const b of node.anyOf) schemaFields(b, path, out);
  }
  if (node.type === 'array' && node.items) schemaFields(node.items, `${path}[]`, out);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const p = path ? `${path}.${key}` : key;
    if (!out.has(p)) out.set(p, new Set());
    schemaFields(child, p, out);
  }
  return out;
}

/** Every field path a parsed file uses, with the JSON types of its values. */
function usedFields(value: unknown, path = '', out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (Array.isArray(value)) {
    for (const v of value) usedFields(v, `${path}[]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const p = path ? `${path}.${key}` : key;
      const types = out.get(p) ?? new Set<string>();
      types.add(Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
      out.set(p, types);
      usedFields(v, p, out);
    }
  }
  return out;
}

describe('the shipped examples', () => {
  it('examples/world.yaml loads, and a world can run on it', () => {
    const spec = parseWorld(example('world.yaml'), 'examples/world.yaml');
    expect(spec.regions!.map((r) => r.regionId)).toEqual(['cn-hangzhou', 'cn-example-1']);
    const world = new World(spec, new ManualClock(0));
    // The region without a default VPC, and the /29 whose addresses the ENIs partly hold.
    expect(world.directory.region('cn-example-1')!.vpcId).toBeUndefined();
    expect(world.ips.isTaken('vsw-bp1tiny', '192.168.0.2')).toBe(true);
    expect(world.directory.describe()[0]!.recommendZones).toEqual(['cn-hangzhou-k', 'cn-hangzhou-g']);
  });

  it('examples/world.yaml uses every field of the schema, and both forms of each field that has two', () => {
    const used = usedFields(parse(example('world.yaml')));
    const missing: string[] = [];
    for (const [path, forms] of schemaFields(WorldSchema as SchemaNode)) {
      if (path === '$schema') continue; // YAML names the schema in a comment, for yaml-language-server
      const seen = used.get(path);
      if (!seen) missing.push(path);
      else for (const form of forms) if (!seen.has(form)) missing.push(`${path} (as ${form === 'object' ? 'a map' : `a ${form}`})`);
    }
    expect(missing).toEqual([]);
  });

  it('examples/world.json loads, and a world can run on it', () => {
    const spec = parseWorld(example('world.json'), 'examples/world.json');
    expect(spec.regions!.map((r) => r.zones.map((z) => [z.zoneId, z.state]))).toEqual([
      [
        ['cn-hangzhou-k', 'open'],
        ['cn-hangzhou-j', 'closed'],
      ],
    ]);
    expect(() => new World(spec, new ManualClock(0))).not.toThrow();
  });
});

// ---- Bad files ----------------------------------------------------------------------------

const region = (extra: string, zones = '[{zoneId: r1-a}, {zoneId: r1-b}]') => `regions:\n  - regionId: r1\n    zones: ${zones}\n${extra}`;
const vpc = (vSwitches: string, more = '') => region(`    vpcs: [{vpcId: vpc-1, vSwitches: [${vSwitches}]}]\n${more}`);

describe('a bad world file is refused, naming where and what', () => {
  it.each([
    ['not YAML', 'regions: [unclosed', /^w\.yaml: not YAML or JSON: .*at line 1, column 19/s],
    ['JSON cut short', '{"regions": [', /^w\.yaml: not YAML or JSON: /],
    ['duplicate keys', 'spot:\n  noticeMinutes: 3\n  noticeMinutes: 4\n', /^w\.yaml: not YAML or JSON: Map keys must be unique at line 3, column 3/],
    ['a list at top level', '- regionId: r1\n- regionId: r2\n', '(top level): a world is an object (a YAML mapping or a JSON object)'],
    ['a scalar at top level', '42', '(top level): a world is an object (a YAML mapping or a JSON object)'],
    ['an unknown field', 'region: []', 'region: Unexpected property'],
    ['an unknown field in a zone', region('', '[{zoneId: r1-a, colour: red}]'), 'regions[0].zones[0].colour: Unexpected property (got "red")'],
    ['a missing field', 'regions:\n  - regionId: r1\n', 'regions[0].zones: Expected required property'],
    ['a wrong type', region('', '[{zoneId: r1-a, essd: maybe}]'), 'regions[0].zones[0].essd: Expected boolean (got "maybe")'],
    ['a wrong type in an account', 'accounts: [{id: a, balance: lots}]', 'accounts[0].balance: Expected number (got "lots")'],
    [
      'a negative low-water mark',
      region('', '[{zoneId: r1-a, lowWaterMark: -1}]'),
      'regions[0].zones[0].lowWaterMark: Expected integer to be greater or equal to 0 (got -1)',
    ],
    ['a negative stock', region('', '[{zoneId: r1-a, stock: -1}]'), /^regions\[0\]\.zones\[0\]\.stock: .*\(got -1\)$/],
    [
      'a negative stock of one type',
      region('', '[{zoneId: r1-a, stock: {ecs.g6.large: -2}}]'),
      'regions[0].zones[0].stock.ecs.g6.large: Expected integer to be greater or equal to 0 (got -2)',
    ],
    [
      'an instance type name that is not one',
      'instanceTypes: [{name: big, cpu: 2, memory: 4}]',
      /^instanceTypes\[0\]\.name: Expected string to match .* \(got "big"\)$/,
    ],
    ['a duplicate zone id', region('', '[{zoneId: r1-a}, {zoneId: r1-a}]'), 'regions[0].zones[1]: zone "r1-a" is already defined at regions[0].zones[0]'],
    [
      'a zone id in two regions',
      'regions:\n  - {regionId: r1, zones: [{zoneId: z-a}]}\n  - {regionId: r2, zones: [{zoneId: z-a}]}\n',
      'regions[1].zones[0]: zone "z-a" is already defined at regions[0].zones[0]',
    ],
    [
      'a vSwitch in an unknown zone',
      vpc('{vSwitchId: vsw-1, zoneId: r1-z, cidr: 10.0.0.0/24}'),
      `regions[0].vpcs[0].vSwitches[0].zoneId: zone "r1-z" is not one of region r1's zones`,
    ],
    [
      'overlapping CIDRs',
      vpc('{vSwitchId: vsw-1, zoneId: r1-a, cidr: 10.0.0.0/24}, {vSwitchId: vsw-2, zoneId: r1-b, cidr: 10.0.0.128/25}'),
      'regions[0].vpcs[0].vSwitches[1].cidr: 10.0.0.128/25 overlaps the vSwitch at regions[0].vpcs[0].vSwitches[0]',
    ],
    [
      'a CIDR that is no address',
      vpc('{vSwitchId: vsw-1, zoneId: r1-a, cidr: 300.0.0.0/24}'),
      'regions[0].vpcs[0].vSwitches[0].cidr: 300.0.0.0/24 is not an IPv4 CIDR',
    ],
    [
      'a CIDR too small',
      vpc('{vSwitchId: vsw-1, zoneId: r1-a, cidr: 10.0.0.0/30}'),
      /^regions\[0\]\.vpcs\[0\]\.vSwitches\[0\]\.cidr: Expected string to match .* \(got "10\.0\.0\.0\/30"\)$/,
    ],
    [
      'an ENI address outside its vSwitch',
      vpc('{vSwitchId: vsw-1, zoneId: r1-a, cidr: 10.0.0.0/29}', '    enis: [{eniId: eni-1, vSwitchId: vsw-1, ip: 10.0.1.5}]\n'),
      'regions[0].enis[0].ip: 10.0.1.5 is not a usable address of vSwitch vsw-1',
    ],
    [
      'an ENI on a reserved address',
      vpc('{vSwitchId: vsw-1, zoneId: r1-a, cidr: 10.0.0.0/29}', '    enis: [{eniId: eni-1, vSwitchId: vsw-1, ip: 10.0.0.6}]\n'),
      'regions[0].enis[0].ip: 10.0.0.6 is not a usable address of vSwitch vsw-1',
    ],
    [
      'an ENI in an unknown vSwitch',
      region('    enis: [{eniId: eni-1, vSwitchId: vsw-9, ip: 10.0.0.2}]\n'),
      'regions[0].enis[0].vSwitchId: vSwitch "vsw-9" is not in the region',
    ],
    [
      'an unknown instance type in stock',
      region('', '[{zoneId: r1-a, stock: {ecs.nope.large: 3}}]'),
      'regions[0].zones[0].stock.ecs.nope.large: instance type "ecs.nope.large" is not in instanceTypes',
    ],
    [
      'an unknown instance type in a zone',
      region('', '[{zoneId: r1-a, instanceTypes: [ecs.nope.large]}]'),
      'regions[0].zones[0].instanceTypes[0]: instance type "ecs.nope.large" is not in instanceTypes',
    ],
    [
      'an unknown instance type in quotas',
      'accounts:\n  - id: default\n  - {id: a, quotas: {instanceTypes: {ecs.nope.large: 3}}}\n',
      'accounts[1].quotas.instanceTypes.ecs.nope.large: instance type "ecs.nope.large" is not in instanceTypes',
    ],
    [
      'a default instance type not on sale',
      'defaultInstanceType: ecs.nope.large',
      'defaultInstanceType: instance type "ecs.nope.large" is not in instanceTypes',
    ],
    [
      'a defaultZoneId not in the zones',
      'regions:\n  - {regionId: r1, defaultZoneId: r1-q, zones: [{zoneId: r1-a}]}\n',
      `regions[0].defaultZoneId: zone "r1-q" is not one of the region's zones`,
    ],
    [
      'two default VPCs',
      region('    vpcs: [{vpcId: vpc-1, isDefault: true, vSwitches: []}, {vpcId: vpc-2, isDefault: true, vSwitches: []}]\n'),
      'regions[0].vpcs: a region has at most one default VPC',
    ],
    [
      'a security group in an unknown VPC',
      region('    securityGroups: [{securityGroupId: sg-1, vpcId: vpc-9}]\n'),
      'regions[0].securityGroups[0].vpcId: VPC "vpc-9" is not in the region',
    ],
    [
      'a disk in an unknown zone',
      region('    disks: [{diskId: d-1, zoneId: r1-z, sizeGiB: 20}]\n'),
      `regions[0].disks[0].zoneId: zone "r1-z" is not one of region r1's zones`,
    ],
    [
      'an SLS project in an unknown region',
      'accounts:\n  - id: default\n  - {id: a, slsProjects: [{name: logs-a, regionId: mars-1}]}\n',
      'accounts[1].slsProjects[0].regionId: region "mars-1" is not in regions',
    ],
    [
      'a disk quota in an unknown region',
      'accounts: [{id: default, quotas: {diskGiBPerRegion: {mars-1: 10}}}]',
      'accounts[0].quotas.diskGiBPerRegion.mars-1: region "mars-1" is not in regions',
    ],
    [
      'a RAM action that is not one',
      'accounts: [{id: default, deniedActions: [AllocateEipAddress]}]',
      /^accounts\[0\]\.deniedActions\[0\]: Expected string to match .* \(got "AllocateEipAddress"\)$/,
    ],
  ])('%s', (_name, text, expected) => {
    const found = problems(text);
    if (typeof expected === 'string') expect(found).toContain(expected);
    else
      expect(
        found.some((p) => expected.test(p)),
        found.join('\n'),
      ).toBe(true);
  });

  it('lists every problem of the file, each on its own line of the error', () => {
    const text = 'spot: {noticeMinutes: 0}\nplatform: {paramMaxLength: 3}\n';
    expect(problems(text)).toEqual([
      'spot.noticeMinutes: Expected integer to be greater or equal to 1 (got 0)',
      'platform.paramMaxLength: Expected integer to be greater or equal to 16 (got 3)',
    ]);
    expect(() => parseWorld(text, 'w.yaml')).toThrow(
      'the world is not valid:\n  - spot.noticeMinutes: Expected integer to be greater or equal to 1 (got 0)\n  - platform.paramMaxLength',
    );
  });

  it('refuses a name no store can hold (it would end up in events), by where it is', () => {
    expect(problems('{"regions": [{"regionId": "cn-hangzhou", "zones": [{"zoneId": "cn-hangzhou-\\u0000"}]}]}')).toContain(
      'regions[0].zones[0].zoneId: holds a NUL character (U+0000) at offset 12, which cannot be stored',
    );
  });

  it('names the file an unreadable text came from', () => {
    expect(problems('a: [').every((p) => p.startsWith('w.yaml: '))).toBe(true);
  });

  // Shortcomings found in review, fixed; kept as regressions.
  it('says why a negative stock is refused, not only that no form of the field fits', () => {
    expect(problems(region('', '[{zoneId: r1-a, stock: -1}]'))).toContain('regions[0].zones[0].stock: Expected integer to be greater or equal to 0 (got -1)');
  });

  it('names the account where the file has it when the file does not list the default account first', () => {
    // normalizeWorld puts the default account in front before checkWorld counts accounts.
    expect(problems('accounts: [{id: a, slsProjects: [{name: logs-a, regionId: mars-1}]}]')).toContain(
      'accounts[0].slsProjects[0].regionId: region "mars-1" is not in regions',
    );
  });

  it('accepts two zones whose ids end in the same letter (their default vSwitch ids are made from that letter)', () => {
    expect(() => parseWorld('regions:\n  - {regionId: r1, zones: [{zoneId: r1-1a}, {zoneId: r1-2a}]}\n')).not.toThrow();
  });
});

// ---- The default world --------------------------------------------------------------------

/** The regions as the emulator defined them before world files (src/emulator/regions.ts at a8d7245^). */
function historicRegion(regionId: string, idPrefix: string, letters: string, defaultLetter: string) {
  const id = (kind: string, body: string) => `${kind}-${idPrefix}${body.padEnd(17, '0').slice(0, 17)}`;
  const zones = [...letters].map((l) => `${regionId}-${l}`);
  return {
    regionId,
    idPrefix,
    zones,
    defaultZoneId: `${regionId}-${defaultLetter}`,
    vpcId: id('vpc', 'emudefault'),
    securityGroupId: id('sg', 'emudefault'),
    vSwitches: zones.map((zoneId, i) => ({ vSwitchId: id('vsw', `emudefault${zoneId.slice(-1)}`), zoneId, cidr: `172.16.${i * 16}.0/20` })),
  };
}

describe('the default world', () => {
  const world = normalizeWorld(DEFAULT_WORLD, DEFAULT_WORLD);

  it('has the five regions, zones, default VPCs, vSwitches and security groups the emulator always had', () => {
    const historic = [
      historicRegion('cn-hangzhou', 'bp1', 'bghijk', 'k'),
      historicRegion('cn-shanghai', 'uf6', 'efglm', 'l'),
      historicRegion('cn-beijing', '2ze', 'fghi', 'i'),
      historicRegion('ap-southeast-1', 't4n', 'abc', 'c'),
      historicRegion('us-west-1', 'rj9', 'ab', 'b'),
    ];
    const now = world.regions!.map(regionView).map((r) => ({
      regionId: r.regionId,
      idPrefix: r.idPrefix,
      zones: r.zones,
      defaultZoneId: r.defaultZoneId,
      vpcId: r.vpcId,
      securityGroupId: r.securityGroupId,
      vSwitches: r.vSwitches.map(({ vSwitchId, zoneId, cidr }) => ({ vSwitchId, zoneId, cidr })),
    }));
    expect(now).toEqual(historic);
    expect(now[0]!.vSwitches.at(-1)).toEqual({ vSwitchId: 'vsw-bp1emudefaultk000000', zoneId: 'cn-hangzhou-k', cidr: '172.16.80.0/20' });
    expect([now[0]!.vpcId, now[0]!.securityGroupId]).toEqual(['vpc-bp1emudefault0000000', 'sg-bp1emudefault0000000']);
  });

  it('sells the built-in instance types, ecs.c6.large by default, with every zone open and unlimited', () => {
    expect(world.instanceTypes).toEqual(INSTANCE_TYPES);
    expect(world.defaultInstanceType).toBe('ecs.c6.large');
    for (const z of world.regions!.flatMap((r) => r.zones)) {
      expect(z).toMatchObject({ state: 'open', essd: true, cpuOptions: true, lowWaterMark: 0 });
      expect(z.stock).toBeUndefined();
      expect(z.spotStock).toBeUndefined();
      expect(z.hosts).toEqual([1, 2, 3, 4].map((i) => ({ id: `h-${z.zoneId}-${i}`, vcpu: 96 })));
    }
  });

  it('has the default account with money and room to spare, and no flow control of the platform', () => {
    expect(world.accounts).toEqual([
      {
        id: 'default',
        balance: 10_000,
        quotas: { vcpu: 1000, instanceTypes: {}, diskGiB: 100_000, diskGiBPerRegion: {}, eips: 20, imageCaches: 50 },
        serviceLinkedRole: true,
        deniedActions: [],
        slsProjects: [],
      },
    ]);
    expect(world.spot).toEqual({ protectionMinutes: 60, noticeMinutes: 5 });
    expect(world.flowControl).toEqual({ retries: 3, backoffSeconds: 10 });
    expect(world.platform).toEqual({ memoryReservationMiB: 0, jobEphemeralStorageLimitGiB: 100, paramMaxLength: 4096 });
  });

  it('is what an empty world file gives', () => {
    expect(parseWorld('')).toEqual(world);
    expect(parseWorld('{}')).toEqual(world);
  });
});
