import { afterEach, describe, expect, it } from 'vitest';
import { world, type World } from '../../test/support/emulator-world.js';
import type { CreateRequest } from './requests.js';

describe('the defaults of what a create did not set', () => {
  let w: World;
  afterEach(async () => w.close());

  const cases: Array<{ name: string; req: Partial<CreateRequest>; containers: Array<[string, number, number]> }> = [
    {
      name: 'no sizes anywhere: the default type, whose size each container shows',
      req: {},
      containers: [
        ['a', 2, 4],
        ['b', 2, 4],
      ],
    },
    {
      name: "group Cpu/Memory only: each unsized container shows the group's",
      req: { cpu: 4, memory: 8 },
      containers: [
        ['a', 4, 8],
        ['b', 4, 8],
      ],
    },
    {
      name: "one sized container: it keeps its size, the other shows the group's",
      req: {
        cpu: 4,
        memory: 8,
        containers: [
          { name: 'a', image: 'nginx', cpu: 1, memory: 2 },
          { name: 'b', image: 'nginx' },
        ],
      },
      containers: [
        ['a', 1, 2],
        ['b', 4, 8],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      w = world();
      const g = w.emu.create({
        regionId: 'cn-hangzhou',
        containerGroupName: 'defaults',
        containers: [
          { name: 'a', image: 'nginx' },
          { name: 'b', image: 'nginx' },
        ],
        ...c.req,
      });
      expect(g.containers.map((x) => [x.name, x.cpu, x.memory])).toEqual(c.containers);
    });
  }

  it('nothing declared: empty lists, no DNS, EphemeralStorage 0, init containers IfNotPresent', () => {
    w = world();
    const g = w.emu.create({
      regionId: 'cn-hangzhou',
      containerGroupName: 'bare',
      containers: [{ name: 'a', image: 'nginx' }],
      initContainers: [{ name: 'i', image: 'busybox' }],
    });
    expect(g).toMatchObject({ volumes: [], hostAliases: [], sysctls: [], ephemeralStorage: 0 });
    expect(g.dnsConfig).toBeUndefined();
    expect(g.initContainers).toEqual([expect.objectContaining({ name: 'i', imagePullPolicy: 'IfNotPresent', cpu: 2, memory: 4, commands: [], args: [] })]);
  });

  it('the group keeps a copy: changing the request afterwards changes nothing', () => {
    w = world();
    const req: CreateRequest = {
      regionId: 'cn-hangzhou',
      containerGroupName: 'copy',
      containers: [{ name: 'a', image: 'nginx', ports: [{ port: 80 }] }],
      hostAliases: [{ ip: '10.0.0.1', hostnames: ['x'] }],
    };
    const g = w.emu.create(req);
    req.containers[0]!.ports![0]!.port = 81;
    req.hostAliases![0]!.hostnames.push('y');
    const now = w.emu.get('default', g.id)!;
    expect(now.containers[0]!.ports).toEqual([{ port: 80 }]);
    expect(now.hostAliases).toEqual([{ ip: '10.0.0.1', hostnames: ['x'] }]);
  });
});
