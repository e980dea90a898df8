// The CLI side of images: `groups create` with a pull policy and a registry credential, a failing
// pull seen through `groups list`, and the registry faults through `fault inject`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { startServer, type Server } from './support/eci-sdk.js';
import { TEST_KEY } from './support/signed-fetch.js';

const WORLD = `
registries:
  - host: acr.example.com
    private: true
    credentials: [{ username: deployer, password: s3cret }]
`;
const CLI_TIMEOUT = 60_000;

describe('images from the CLI', () => {
  let dir: string;
  let server: Server;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);
  const status = (id: string) => (JSON.parse(cli('groups', 'list', '--ids', id, '--json').stdout) as Array<{ Status: string }>)[0]!.Status;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-images-cli-'));
    writeFileSync(join(dir, 'world.yaml'), WORLD);
    server = await startServer(join(dir, 'events.db'), ['--clock', 'virtual', '--clock-start', '2026-01-01T00:00:00Z', '--world', join(dir, 'world.yaml')]);
    env = { ECI_EVENTS_ENDPOINT: server.url, ECI_EVENTS_ACCESS_KEY_ID: TEST_KEY.id, ECI_EVENTS_ACCESS_KEY_SECRET: TEST_KEY.secret };
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'groups create --registry-*: with the credential the private image runs; without, the group stays Pending',
    () => {
      const ok = cli(
        'groups',
        'create',
        'api',
        '--image',
        'acr.example.com/team/api:1',
        '--registry-server',
        'acr.example.com',
        '--registry-user',
        'deployer',
        '--registry-password',
        's3cret',
      );
      expect(ok.status, ok.stderr).toBe(0);
      const denied = cli('groups', 'create', 'api2', '--image', 'acr.example.com/team/api:1', '--image-pull-policy', 'Always');
      expect(denied.status, denied.stderr).toBe(0);
      expect(cli('clock', 'advance', '5s').status).toBe(0);
      expect([status(ok.stdout.trim()), status(denied.stdout.trim())]).toEqual(['Running', 'Pending']);
      const half = cli('groups', 'create', 'api3', '--image', 'nginx', '--registry-user', 'deployer');
      expect([half.status, half.stderr]).toEqual([2, expect.stringContaining('--registry-server, --registry-user and --registry-password go together')]);
    },
    CLI_TIMEOUT,
  );

  it(
    'fault inject registry-slow --factor, and registry-outage of a registry the world does not list: listed with their targets',
    () => {
      const slow = cli('fault', 'inject', 'registry-slow', 'acr.example.com', '--factor', '20');
      expect(slow.status, slow.stderr).toBe(0);
      const outage = cli('fault', 'inject', 'registry-outage', 'docker.io', '--for', '10m');
      expect(outage.status, outage.stderr).toBe(0);
      const listed = JSON.parse(cli('fault', 'list', '--json').stdout) as Array<{ kind: string; target: string; factor?: number }>;
      expect(listed.map((f) => [f.kind, f.target, f.factor])).toEqual([
        ['registry-slow', 'acr.example.com', 20],
        ['registry-outage', 'docker.io', undefined],
      ]);
      const unknown = cli('fault', 'inject', 'registry-outage', 'not a host');
      expect([unknown.status, unknown.stderr]).toEqual([
        2,
        expect.stringContaining('400 InvalidParameter: target: The fault registry-outage needs a registry host'),
      ]);
    },
    CLI_TIMEOUT,
  );
});
