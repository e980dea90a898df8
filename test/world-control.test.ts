// The world changed at run time, through the authenticated control API and the CLI, against a
// started server on a virtual clock and a world of one zone with two small hosts: every route
// answers as documented, and every bad request is refused with an error naming the problem while
// GET /v1/world stays byte for byte what it was.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../src/emulator/world/faults.js';
import { runCli } from './support/cli.js';
import { $Eci, createKey, REGION, sdkClient, startServer, type EciClient, type Key, type Server } from './support/eci-sdk.js';
import { signedJson, TEST_KEY } from './support/signed-fetch.js';

const START = '2026-01-01T00:00:00Z';
const ZONE = 'cn-hangzhou-k';
const WORLD = `
regions:
  - regionId: cn-hangzhou
    zones:
      - zoneId: ${ZONE}
        hosts:
          - { id: h-1, vcpu: 8 }
          - { id: h-2, vcpu: 8 }
`;

describe('changing the world at run time', () => {
  let dir: string;
  let server: Server;
  let sdk: EciClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-world-control-'));
    writeFileSync(join(dir, 'world.yaml'), WORLD);
    server = await startServer(join(dir, 'events.db'), ['--clock', 'virtual', '--clock-start', START, '--world', join(dir, 'world.yaml')]);
    sdk = sdkClient(server.host, 'v3');
    env = { ECI_EVENTS_ENDPOINT: server.url, ECI_EVENTS_ACCESS_KEY_ID: TEST_KEY.id, ECI_EVENTS_ACCESS_KEY_SECRET: TEST_KEY.secret };
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, key: Key = TEST_KEY) => signedJson(server.url, method, path, body, key);
  const worldText = async () => (await api('GET', '/v1/world')).text;
  const cli = (...args: string[]) => runCli(args, env);
  const advance = async (by: string) => expect((await api('POST', '/v1/clock', { advance: by })).status).toBe(200);

  it('GET /v1/world answers the world, where groups are placed and the faults in force; GET /v1/faults/kinds every kind', async () => {
    const r = await api('GET', '/v1/world');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['world', 'hosts', 'placements', 'faults']);
    expect(r.body.hosts).toEqual(['h-1', 'h-2'].map((id) => ({ id, zoneId: ZONE, vcpu: 8, usedVcpu: 0, health: 'healthy', maintenance: false })));
    expect(r.body.world.regions.map((x: any) => x.zones.map((z: any) => [z.zoneId, z.state, z.hosts]))).toEqual([
      [
        [
          ZONE,
          'open',
          [
            { id: 'h-1', vcpu: 8 },
            { id: 'h-2', vcpu: 8 },
          ],
        ],
      ],
    ]);
    expect(r.body.placements).toEqual([]);
    expect(r.body.faults).toEqual([]);

    const kinds = await api('GET', '/v1/faults/kinds');
    expect(kinds.status).toBe(200);
    expect(kinds.body.kinds).toEqual(Object.entries(FAULT_KINDS).map(([kind, k]) => ({ kind, target: k.target, about: k.about })));
    expect((await api('GET', '/v1/faults')).body).toEqual({ faults: [] });
  });

  it('POST /v1/world merges a partial world by ids and answers the world as it now stands', async () => {
    const r = await api('POST', '/v1/world', {
      regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: ZONE, stock: { 'ecs.c6.large': 3 }, lowWaterMark: 1 }] }],
    });
    expect(r.status).toBe(200);
    const zone = r.body.world.regions[0].zones[0];
    expect(zone).toMatchObject({ zoneId: ZONE, stock: { 'ecs.c6.large': 3 }, lowWaterMark: 1, hosts: [{ id: 'h-1' }, { id: 'h-2' }] });
    expect(JSON.parse(await worldText()).world).toEqual(r.body.world);
    // null removes a field: the stock is unlimited again.
    const back = await api('POST', '/v1/world', { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: ZONE, stock: null, lowWaterMark: 0 }] }] });
    expect(back.body.world.regions[0].zones[0].stock).toBeUndefined();
  });

  it("takes the operator's key (the default account), not another account's, and refuses a request without one", async () => {
    const r = await api('POST', '/v1/world', { accounts: [{ id: 'acme', balance: 42 }] });
    expect(r.status).toBe(200);
    expect(r.body.world.accounts.find((a: any) => a.id === 'acme').balance).toBe(42);
    const before = await worldText();
    const other = await createKey(server.db, 'acme');
    const tenant = await api('POST', '/v1/world', { accounts: [{ id: 'acme', balance: 1e6 }] }, other);
    expect([tenant.status, tenant.body.error.code]).toEqual([403, 'Forbidden.Operator']);
    const unsigned = await fetch(`${server.url}/v1/world`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"accounts":[{"id":"acme","balance":0}]}',
    });
    expect(unsigned.status).toBe(401);
    expect(await worldText()).toBe(before);
  });

  const badWorlds: Array<[string, unknown, RegExp]> = [
    [
      'a vSwitch in a zone the region does not have',
      {
        regions: [
          { regionId: 'cn-hangzhou', vpcs: [{ vpcId: 'vpc-extra', vSwitches: [{ vSwitchId: 'vsw-extra', zoneId: 'cn-hangzhou-z', cidr: '10.0.0.0/24' }] }] },
        ],
      },
      /vSwitches\[0\]\.zoneId: zone "cn-hangzhou-z" is not one of region cn-hangzhou's zones/,
    ],
    ['a stock of -1', { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: ZONE, stock: -1 }] }] }, /regions\[0\]\.zones\[0\]\.stock: .*\(got -1\)/],
    ['an unknown field', { colour: 'blue' }, /^colour: Unexpected property/],
    [
      'an unknown field of a zone',
      { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: ZONE, stocks: 3 }] }] },
      /regions\[0\]\.zones\[0\]\.stocks: Unexpected property/,
    ],
    [
      'a stock of an unknown instance type',
      { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: ZONE, stock: { 'ecs.x9.huge': 1 } }] }] },
      /stock\.ecs\.x9\.huge: instance type "ecs.x9.huge" is not in instanceTypes/,
    ],
  ];
  it.each(badWorlds)('POST /v1/world refuses %s with InvalidWorld naming the problem, and changes nothing', async (_name, patch, problem) => {
    const before = await worldText();
    const r = await api('POST', '/v1/world', patch);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'InvalidWorld', message: 'the world change is not valid; nothing was changed' });
    expect(
      r.body.error.problems.some((p: string) => problem.test(p)),
      JSON.stringify(r.body.error.problems),
    ).toBe(true);
    expect(await worldText()).toBe(before);
  });

  it('POST /v1/world refuses a body that is not an object', async () => {
    const before = await worldText();
    const r = await api('POST', '/v1/world', '[]');
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: 'InvalidParameter', message: 'body: must be object' });
    expect(await worldText()).toBe(before);
  });

  it('POST /v1/faults injects a fault (201), GET /v1/faults lists it, DELETE /v1/faults/:id clears it (then 404)', async () => {
    const r = await api('POST', '/v1/faults', { kind: 'scheduler-error', target: ZONE, count: 2, duration: '10m', detail: 'a drill' });
    expect(r.status).toBe(201);
    const fault = r.body.fault;
    expect(fault).toEqual({
      id: fault.id,
      kind: 'scheduler-error',
      target: ZONE,
      count: 2,
      duration: '10m',
      detail: 'a drill',
      injectedAt: START,
      endsAt: '2026-01-01T00:10:00Z',
      hits: 0,
    });
    expect((await api('GET', '/v1/faults')).body).toEqual({ faults: [fault] });
    expect(JSON.parse(await worldText()).faults).toEqual([fault]);

    const cleared = await api('DELETE', `/v1/faults/${fault.id}`);
    expect(cleared).toMatchObject({ status: 200, body: { fault } });
    const again = await api('DELETE', `/v1/faults/${fault.id}`);
    expect(again.status).toBe(404);
    expect(again.body.error).toEqual({ code: 'NotFound', message: `id: no fault "${fault.id}" is in force` });
    expect((await api('GET', '/v1/faults')).body).toEqual({ faults: [] });
  });

  it('a fault with a duration is over by itself when the clock passes it', async () => {
    const r = await api('POST', '/v1/faults', { kind: 'service-overload', target: 'cn-hangzhou', duration: '1m' });
    expect(r.status).toBe(201);
    expect((await api('GET', '/v1/faults')).body.faults.map((f: any) => f.id)).toEqual([r.body.fault.id]);
    await advance('2m');
    expect((await api('GET', '/v1/faults')).body).toEqual({ faults: [] });
  });

  const badFaults: Array<[string, unknown, string]> = [
    ['an unknown kind', { kind: 'meltdown', target: 'h-1' }, 'kind: "meltdown" is not a fault kind; the kinds are host-failure, host-reboot, host-maintenance'],
    ['an unknown host', { kind: 'host-failure', target: 'h-9' }, 'target: The fault host-failure needs a host id; "h-9" is not one in the world.'],
    [
      'a host where a region is needed',
      { kind: 'eni-service-error', target: 'h-1' },
      'target: The fault eni-service-error needs a region id; "h-1" is not one in the world.',
    ],
    ['a bad duration', { kind: 'host-failure', target: 'h-1', duration: 'a while' }, 'duration: not a duration: "a while"'],
    ['a zero duration', { kind: 'host-failure', target: 'h-1', duration: '0s' }, 'duration: "0s" is no time at all'],
    [
      'a deadline on a fault that has none',
      { kind: 'runtime-error', target: 'h-1', deadline: '2h' },
      'deadline: only host-maintenance has a deadline, not runtime-error',
    ],
    ['a bad deadline', { kind: 'host-maintenance', target: 'h-1', deadline: 'tomorrow' }, 'deadline: not a duration: "tomorrow"'],
    ['a count of 0', { kind: 'host-failure', target: 'h-1', count: 0 }, 'count: must be >= 1'],
    ['an unknown field', { kind: 'host-failure', target: 'h-1', host: 'h-1' }, 'host: not a field of this body'],
    ['no target', { kind: 'host-failure' }, 'target: required'],
  ];
  it.each(badFaults)('POST /v1/faults refuses %s with InvalidParameter naming the field, and changes nothing', async (_name, body, message) => {
    const before = await worldText();
    const r = await api('POST', '/v1/faults', body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('InvalidParameter');
    expect(r.body.error.message).toContain(message);
    expect(await worldText()).toBe(before);
  });

  it('POST /v1/spot/reclaim names the spot groups the market takes back; they get SpotToBeReleased, then are released', async () => {
    const { body } = await sdk.createContainerGroup(
      new $Eci.CreateContainerGroupRequest({
        regionId: REGION,
        containerGroupName: 'cheap',
        spotStrategy: 'SpotAsPriceGo',
        container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'cheap', image: 'busybox', command: ['sleep', '86400'] })],
      }),
    );
    const id = body.containerGroupId!;
    await advance('10s');
    expect(JSON.parse(await worldText()).placements).toEqual([expect.objectContaining({ containerGroupId: id, spot: true, zoneId: ZONE })]);

    const before = await worldText();
    // The emulator's own code, as the OpenAPI would give it; the schema's refusals InvalidParameter.
    for (const [bad, code, message] of [
      [{ zoneId: 'cn-hangzhou-z' }, 'InvalidZoneId.NotFound', 'zoneId: The zone "cn-hangzhou-z" is not in the world.'],
      [{ zoneId: ZONE, count: 0 }, 'InvalidParameter', 'count: must be >= 1'],
      [{}, 'InvalidParameter', 'zoneId: required'],
    ] as const) {
      const r = await api('POST', '/v1/spot/reclaim', bad);
      expect([r.status, r.body.error]).toEqual([400, { code, message }]);
    }
    expect(await worldText()).toBe(before);

    const r = await api('POST', '/v1/spot/reclaim', { zoneId: ZONE, instanceType: 'ecs.c6.large' });
    expect(r).toMatchObject({ status: 200, body: { containerGroupIds: [id] } });
    // Past the protection period (60 min) and the notice (5 min).
    await advance('66m');
    const status = await sdk.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }));
    expect(status.body.containerGroups![0]!.status).toBe('Expired');
    const events = await sdk.describeContainerGroupEvents(
      new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
    );
    expect(events.body.data![0]!.events!.map((e) => e.reason)).toEqual(expect.arrayContaining(['SpotToBeReleased', 'StopCharge']));
    expect(JSON.parse(await worldText()).placements).toEqual([]);
  });

  // The CLI runs one process per command: a few seconds per test, more on a loaded machine.
  const CLI_TIMEOUT = 90_000;
  let groupId: string;
  let faultId: string;
  let from: string;
  const groupStatus = () => (JSON.parse(cli('groups', 'list', '--ids', groupId, '--json').stdout) as Array<{ Status: string }>)[0]!.Status;
  const hosts = () => JSON.parse(cli('world', 'host-list', '--json').stdout) as Array<{ hostId: string; health: string; containerGroupIds: string[] }>;

  it(
    'the CLI: world show prints YAML, world stock changes one type of one zone',
    () => {
      const shown = cli('world', 'show');
      expect(shown.status).toBe(0);
      expect(parse(shown.stdout).regions[0].zones[0].zoneId).toBe(ZONE);

      const stock = cli('world', 'stock', '--zone', ZONE, '--type', 'ecs.c6.large', '5');
      expect(stock.status, stock.stderr).toBe(0);
      expect(stock.stdout.trim()).toBe(`${ZONE}: stock 5 of ecs.c6.large`);
      expect(stock.stderr).toMatch(/other types have none now/);
      expect(JSON.parse(cli('world', 'show', '--json').stdout).regions[0].zones[0].stock).toEqual({ 'ecs.c6.large': 5 });
    },
    CLI_TIMEOUT,
  );

  it(
    'the CLI: a host failure restarts the group on the other host (Restarting, then Running)',
    () => {
      const created = cli('groups', 'create', 'web', '--image', 'nginx');
      expect(created.status, created.stderr).toBe(0);
      groupId = created.stdout.trim();
      expect(cli('clock', 'advance', '10s').status).toBe(0);
      expect(groupStatus()).toBe('Running');
      from = hosts().find((h) => h.containerGroupIds.includes(groupId))!.hostId;
      const to = from === 'h-1' ? 'h-2' : 'h-1';
      expect(JSON.parse(cli('world', 'show', '--json').stdout).regions[0].zones[0].stock).toEqual({ 'ecs.c6.large': 4 });

      const injected = cli('fault', 'inject', 'host-failure', from);
      expect(injected.status, injected.stderr).toBe(0);
      faultId = injected.stdout.trim();
      expect(faultId).toMatch(/^fault-\d+$/);
      expect(groupStatus()).toBe('Restarting');
      expect(cli('clock', 'advance', '30s').status).toBe(0);
      expect(groupStatus()).toBe('Running');
      expect(hosts().map((h) => [h.hostId, h.health, h.containerGroupIds])).toEqual(
        [
          [from, 'failed', []],
          [to, 'healthy', [groupId]],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      expect(cli('world', 'host-list').stdout).toMatch(new RegExp(`${from} .* failed .* ${faultId} host-failure`));
    },
    CLI_TIMEOUT,
  );

  it(
    'the CLI: fault list shows the fault in force, fault clear ends it',
    () => {
      const listed = JSON.parse(cli('fault', 'list', '--json').stdout) as Array<{ id: string; kind: string; target: string; hits: number }>;
      // The failure took effect on the one group the host ran: one hit, not 0.
      expect(listed.map((f) => [f.id, f.kind, f.target, f.hits])).toEqual([[faultId, 'host-failure', from, 1]]);
      expect(cli('fault', 'list').stdout).toMatch(new RegExp(`${faultId} +│ host-failure +│ ${from} +│ 1 +│ .* when cleared`));
      expect(cli('fault', 'clear', faultId).stdout.trim()).toBe(`cleared ${faultId} (host-failure on ${from})`);
      expect(cli('fault', 'list').stderr).toMatch(/No faults in force/);
      expect(hosts().find((h) => h.hostId === from)!.health).toBe('healthy');
      expect(cli('fault', 'kinds').stdout).toMatch(/host-maintenance .* host/);
    },
    CLI_TIMEOUT,
  );

  it(
    "the CLI: refusals print the service's message and each problem, exit 2 and change nothing",
    () => {
      const before = cli('world', 'show').stdout;
      const kind = cli('fault', 'inject', 'meltdown', from);
      expect([kind.status, kind.stderr]).toEqual([2, expect.stringContaining('400 InvalidParameter: kind: "meltdown" is not a fault kind')]);
      const duration = cli('fault', 'inject', 'host-failure', from, '--for', 'ages');
      expect([duration.status, duration.stderr]).toEqual([2, expect.stringContaining('duration: not a duration: "ages"')]);
      expect(cli('fault', 'clear', faultId).stderr).toMatch(/404 NotFound: id: no fault "fault-\d+" is in force/);
      writeFileSync(
        join(dir, 'bad.yaml'),
        `regions:\n  - regionId: cn-hangzhou\n    zones:\n      - zoneId: ${ZONE}\n        stock: -1\n        colour: red\n`,
      );
      const bad = cli('world', 'apply', join(dir, 'bad.yaml'));
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('400 InvalidWorld: the world change is not valid; nothing was changed\n');
      expect(bad.stderr).toContain('  - regions[0].zones[0].colour: Unexpected property');
      expect(bad.stderr).toMatch(/ {2}- regions\[0\]\.zones\[0\]\.stock: .*\(got -1\)/);
      expect(cli('world', 'zone', ZONE, '--state', 'shut').stderr).toMatch(/--state takes open, limited, closed, got "shut"/);
      expect(cli('world', 'stock', '--zone', 'nowhere', '3').stderr).toMatch(/no zone "nowhere" in the world; its zones are cn-hangzhou-k/);
      expect(cli('world', 'show').stdout).toBe(before);

      // apply takes what show prints: the world as it stands is a valid world file.
      writeFileSync(join(dir, 'shown.yaml'), before);
      expect(cli('world', 'apply', join(dir, 'shown.yaml')).stdout.trim()).toBe(`applied ${join(dir, 'shown.yaml')}`);
      expect(cli('world', 'zone', ZONE, '--state', 'limited').stdout.trim()).toBe(`${ZONE}: limited`);
      expect(parse(cli('world', 'show').stdout).regions[0].zones[0].state).toBe('limited');
    },
    CLI_TIMEOUT,
  );
});
