// Who may change what every account shares (issue 11, finding 4). The world, its faults, the spot
// market and the clock are one for the whole service: only the operator account (`default`, or
// `serve --operator-account`) may change them. Another account's key gets 403 Forbidden.Operator
// on every control route and CLI verb, before its body is read, and nothing changes; its view of
// the world holds no other account's settings, instances or addresses. Through raw signed HTTP,
// the CLI and the official SDK against a started `eci-events serve`, on both backends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/backends.js';
import { runCli } from './support/cli.js';
import { $Eci, createKey, sdkClient, startServer, type Key, type Server } from './support/eci-sdk.js';
import { type JsonAnswer, signedJson, TEST_KEY } from './support/signed-fetch.js';

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
accounts:
  - { id: default, balance: 500 }
  - { id: acme, balance: 300, quotas: { vcpu: 40 } }
`;

const api = (server: Server, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, key: Key = TEST_KEY) =>
  signedJson(server.url, method, path, body, key);

function cliEnv(server: Server, key: Key): Record<string, string> {
  return { ECI_EVENTS_ENDPOINT: server.url, ECI_EVENTS_ACCESS_KEY_ID: key.id, ECI_EVENTS_ACCESS_KEY_SECRET: key.secret };
}

async function createGroup(server: Server, key: Key, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await sdkClient(server.host, 'v3', key).createContainerGroup(
    new $Eci.CreateContainerGroupRequest({
      regionId: 'cn-hangzhou',
      zoneId: ZONE,
      containerGroupName: name,
      container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'app', image: 'nginx' })],
      ...extra,
    }),
  );
  return r.body!.containerGroupId!;
}

/** Every control route, as a tenant would try it: each must be refused whatever its body. */
const CONTROL_REQUESTS: Array<[string, 'POST' | 'DELETE', string, unknown]> = [
  ["zeroes the operator's balance", 'POST', '/v1/world', { accounts: [{ id: 'default', balance: 0 }] }],
  ['closes the zone', 'POST', '/v1/world', { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: ZONE, state: 'closed' }] }] }],
  ['sends a world change that is not even valid', 'POST', '/v1/world', { regions: 'nonsense' }],
  ['reboots a host', 'POST', '/v1/faults', { kind: 'host-reboot', target: 'h-1' }],
  ['fails a host', 'POST', '/v1/faults', { kind: 'host-failure', target: 'h-2' }],
  ['clears the fault in force', 'DELETE', '/v1/faults/fault-1', undefined],
  ['reclaims spot instances', 'POST', '/v1/spot/reclaim', { zoneId: ZONE }],
  ['advances the clock', 'POST', '/v1/clock', { advance: '365d' }],
  ['moves the clock to a time', 'POST', '/v1/clock', { to: '2027-01-01T00:00:00Z' }],
];

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`control routes are the operator's, on ${backend.name}`, () => {
    let dir: string;
    let server: Server;
    let cleanup: (() => Promise<void>) | undefined;
    let acme: Key;
    let operatorGroup: string;
    let acmeGroup: string;
    let operatorView: JsonAnswer;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'eci-operator-'));
      writeFileSync(join(dir, 'world.yaml'), WORLD);
      const loc = await backend.location();
      cleanup = loc.cleanup;
      server = await startServer(loc.db, ['--clock', 'virtual', '--clock-start', START, '--world', join(dir, 'world.yaml'), '--throttle-rate', '0']);
      acme = await createKey(server.db, 'acme');
      operatorGroup = await createGroup(server, TEST_KEY, 'op-web', { autoCreateEip: true });
      acmeGroup = await createGroup(server, acme, 'acme-web', { spotStrategy: 'SpotAsPriceGo' });
      expect((await api(server, 'POST', '/v1/clock', { advance: '2s' })).status).toBe(200);
      expect((await api(server, 'POST', '/v1/faults', { kind: 'runtime-error', target: 'h-2', duration: '10m' })).status).toBe(201);
      operatorView = await api(server, 'GET', '/v1/world');
      expect(operatorView.body.placements.map((p: any) => [p.containerGroupId, p.account]).sort()).toEqual(
        [
          [operatorGroup, 'default'],
          [acmeGroup, 'acme'],
        ].sort(),
      );
    });
    afterAll(async () => {
      await server?.stop();
      await cleanup?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it.each(CONTROL_REQUESTS)(
      'refuses another account that %s: 403 Forbidden.Operator naming the route, and nothing changes',
      async (_what, method, path, body) => {
        const r = await api(server, method, path, body, acme);
        expect(r.status, r.text).toBe(403);
        expect(r.body.error.code).toBe('Forbidden.Operator');
        expect(r.body.error.message).toContain(`${method} ${path.replace('fault-1', ':id')}`);
        expect(r.body.error.message).toContain('"acme"');
        expect(r.body.error.message).toContain('--operator-account');
        expect((await api(server, 'GET', '/v1/world')).text).toBe(operatorView.text);
        expect((await api(server, 'GET', '/v1/clock', undefined, acme)).body).toEqual({ mode: 'virtual', now: '2026-01-01T00:00:02Z', timeScale: 1 });
      },
    );

    const verbs: string[][] = [
      ['world', 'apply', 'WORLD_FILE'],
      ['world', 'stock', '--zone', ZONE, '0'],
      ['world', 'zone', ZONE, '--state', 'closed'],
      ['world', 'balance', '--account', 'default', '0'],
      ['world', 'spot-price', '--zone', ZONE, '99'],
      ['world', 'reclaim', '--zone', ZONE],
      ['fault', 'inject', 'host-reboot', 'h-1'],
      ['fault', 'clear', 'fault-1'],
      ['clock', 'advance', '1h'],
      ['clock', 'to', '2027-01-01T00:00:00Z'],
    ];
    it.each(verbs.map((v) => [v.join(' '), v] as const))(
      'refuses `eci-events %s` by another account (exit 2, Forbidden.Operator), changing nothing',
      (_name, verb) => {
        const args = verb.map((a) => (a === 'WORLD_FILE' ? join(dir, 'world.yaml') : a));
        const r = runCli(args, cliEnv(server, acme));
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/^eci-events: 403 Forbidden\.Operator: .*only the operator account "default" may call it, not "acme"/m);
      },
    );

    it('left the world, its faults and the clock as they were after every refusal', async () => {
      expect((await api(server, 'GET', '/v1/world')).text).toBe(operatorView.text);
      expect((await api(server, 'GET', '/v1/faults', undefined, acme)).body.faults.map((f: any) => f.id)).toEqual(['fault-1']);
      expect(runCli(['clock'], cliEnv(server, acme)).stdout.trim()).toBe('2026-01-01T00:00:02Z (virtual clock)');
    });

    it("shows another account none of the operator's groups, addresses, EIPs or settings (GET /v1/world, world show, world host-list)", async () => {
      const op = operatorView.body.placements.find((p: any) => p.containerGroupId === operatorGroup);
      expect(op.eipId).toMatch(/^eip-/);
      const secrets = [operatorGroup, op.ip, op.eipId];

      const view = await api(server, 'GET', '/v1/world', undefined, acme);
      expect(view.status).toBe(200);
      expect(view.body.placements.map((p: any) => p.containerGroupId)).toEqual([acmeGroup]);
      const acmeAccount = operatorView.body.world.accounts.find((a: any) => a.id === 'acme');
      expect(acmeAccount).toMatchObject({ balance: 300, quotas: { vcpu: 40 } });
      expect(view.body.world.accounts).toEqual([acmeAccount]);
      // The shared world is everybody's: zones, hosts (their health and load), the faults in force.
      expect(view.body.world.regions).toEqual(operatorView.body.world.regions);
      expect(view.body.hosts).toEqual(operatorView.body.hosts);
      expect(view.body.faults).toEqual(operatorView.body.faults);
      for (const s of secrets) expect(view.text).not.toContain(s);

      const shown = runCli(['world', 'show', '--json'], cliEnv(server, acme));
      expect(shown.status, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout).accounts).toEqual([acmeAccount]);
      const yaml = runCli(['world', 'show'], cliEnv(server, acme));
      expect(yaml.stdout).not.toMatch(/id: default/);
      const hosts = runCli(['world', 'host-list', '--json'], cliEnv(server, acme));
      expect(hosts.status, hosts.stderr).toBe(0);
      expect(JSON.parse(hosts.stdout).flatMap((h: any) => h.containerGroupIds)).toEqual([acmeGroup]);
      for (const out of [shown.stdout, yaml.stdout, hosts.stdout]) for (const s of secrets) expect(out).not.toContain(s);

      // The operator sees everything.
      const all = runCli(['world', 'host-list', '--json'], cliEnv(server, TEST_KEY));
      expect(
        JSON.parse(all.stdout)
          .flatMap((h: any) => h.containerGroupIds)
          .sort(),
      ).toEqual([operatorGroup, acmeGroup].sort());
    });

    it('lets the operator (the default account) change the world, faults, spot market and clock', async () => {
      const env = cliEnv(server, TEST_KEY);
      for (const args of [
        ['world', 'balance', '--account', 'acme', '250'],
        ['fault', 'clear', 'fault-1'],
        ['fault', 'inject', 'host-maintenance', 'h-1'],
        ['clock', 'advance', '1s'],
      ]) {
        const r = runCli(args, env);
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      }
      const reclaimed = await api(server, 'POST', '/v1/spot/reclaim', { zoneId: ZONE });
      expect(reclaimed.status, reclaimed.text).toBe(200);
      expect(reclaimed.body.containerGroupIds).toEqual([acmeGroup]);
      const after = await api(server, 'GET', '/v1/world');
      expect(after.body.world.accounts.find((a: any) => a.id === 'acme').balance).toBeLessThanOrEqual(250);
      expect(after.body.faults.map((f: any) => f.kind)).toEqual(['host-maintenance']);
    });
  });
}

describe('serve --operator-account names another operator', () => {
  let dir: string;
  let server: Server;
  let acme: Key;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-operator-acct-'));
    server = await startServer(join(dir, 'events.db'), ['--clock', 'virtual', '--clock-start', START, '--operator-account', 'acme']);
    acme = await createKey(server.db, 'acme');
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes that account and refuses the default one, whose message names the operator', async () => {
    const refused = await api(server, 'POST', '/v1/clock', { advance: '1m' });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'Forbidden.Operator']);
    expect(refused.body.error.message).toContain('only the operator account "acme" may call it, not "default"');
    expect((await api(server, 'GET', '/v1/clock')).body.now).toBe(START);
    const r = runCli(['clock', 'advance', '1m'], cliEnv(server, acme));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('2026-01-01T00:01:00Z (virtual clock)');
    const fault = await api(server, 'POST', '/v1/faults', { kind: 'service-overload', target: 'cn-hangzhou' }, acme);
    expect(fault.status, fault.text).toBe(201);
    expect((await api(server, 'POST', '/v1/faults', { kind: 'service-overload', target: 'cn-hangzhou' })).status).toBe(403);
  });

  it('refuses an operator name that cannot be an account', () => {
    const r = runCli(['serve', '--port', '0', '--db', ':memory:', '--operator-account', 'two words']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--operator-account must be an account name/);
  });
});
