// `eci-events data-caches list|create|update|delete|copy` against a started server on the
// virtual clock: a cache loads through its job, a refusal exits 2 with the API's code, copy and
// delete act on what list shows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { startServer, type Server } from './support/eci-sdk.js';
import { TEST_KEY } from './support/signed-fetch.js';

const WORLD = `
dataSources:
  - { type: URL, location: "https://models.example.com/m", sizeGB: 2 }
  - { type: NAS, location: "0a1b.cn-hangzhou.nas.aliyuncs.com", sizeGB: 1 }
`;
const CLI_TIMEOUT = 60_000;

interface Row {
  DataCacheId: string;
  Status: string;
  Bucket: string;
  Path: string;
  RegionId: string;
  ContainerGroupId?: string;
  DataSource: { Type: string; Options: string };
}

describe('data caches from the CLI', () => {
  let dir: string;
  let server: Server;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);
  const list = (...args: string[]) => {
    const r = cli('data-caches', 'list', '--json', ...args);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Row[];
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-data-caches-cli-'));
    writeFileSync(join(dir, 'world.yaml'), WORLD);
    server = await startServer(join(dir, 'events.db'), ['--clock', 'virtual', '--clock-start', '2026-01-01T00:00:00Z', '--world', join(dir, 'world.yaml')]);
    env = { ECI_EVENTS_ENDPOINT: server.url, ECI_EVENTS_ACCESS_KEY_ID: TEST_KEY.id, ECI_EVENTS_ACCESS_KEY_SECRET: TEST_KEY.secret };
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'create, list, update, copy and delete',
    () => {
      const made = cli('data-caches', 'create', '/models/m', '--url', 'https://models.example.com/m', '--bucket', 'team', '--size', '10');
      expect(made.status, made.stderr).toBe(0);
      const id = made.stdout.trim();
      expect(id).toMatch(/^edc-/);
      const nas = cli('data-caches', 'create', '/nas/d', '--nas', '0a1b.cn-hangzhou.nas.aliyuncs.com');
      expect(nas.status, nas.stderr).toBe(0);
      expect(cli('clock', 'advance', '5m').status).toBe(0);
      const [row] = list('--ids', id);
      expect(row).toMatchObject({ DataCacheId: id, Status: 'Available', Bucket: 'team', Path: '/models/m', DataSource: { Type: 'URL' } });
      expect(row!.ContainerGroupId).toMatch(/^eci-/);
      // The job is a group of the account.
      const groups = JSON.parse(cli('groups', 'list', '--ids', row!.ContainerGroupId!, '--json').stdout) as Array<{ Status: string }>;
      expect(groups.map((g) => g.Status)).toEqual(['Succeeded']);
      expect(list('--ids', nas.stdout.trim())[0]).toMatchObject({
        Status: 'Available',
        DataSource: { Type: 'NAS', Options: JSON.stringify({ server: '0a1b.cn-hangzhou.nas.aliyuncs.com', path: '/' }) },
      });
      // The table names them.
      const table = cli('data-caches', 'list');
      expect(table.stdout).toContain(id);

      const upd = cli('data-caches', 'update', id, '--name', 'renamed');
      expect(upd.status, upd.stderr).toBe(0);
      const copied = cli('data-caches', 'copy', id, '--to', 'cn-beijing');
      expect(copied.status, copied.stderr).toBe(0);
      expect(cli('clock', 'advance', '2m').status).toBe(0);
      expect(list('--region', 'cn-beijing', '--ids', copied.stdout.trim())[0]).toMatchObject({ Status: 'Available', RegionId: 'cn-beijing', Bucket: 'team' });

      const del = cli('data-caches', 'delete', id);
      expect(del.status, del.stderr).toBe(0);
      expect(list('--ids', id)).toEqual([]);
    },
    CLI_TIMEOUT,
  );

  it(
    "refusals: the API's code on exit 2, and usage errors before any call",
    () => {
      const reserved = cli('data-caches', 'create', '/x', '--url', 'https://models.example.com/m', '--bucket', 'eci-system');
      expect([reserved.status, reserved.stderr]).toEqual([2, expect.stringContaining('InvalidBucket.Reserved')]);
      const none = cli('data-caches', 'create', '/x');
      expect([none.status, none.stderr]).toEqual([2, expect.stringContaining('needs a source')]);
      const two = cli('data-caches', 'create', '/x', '--url', 'https://a.example.com', '--oss', 'b');
      expect([two.status, two.stderr]).toEqual([2, expect.stringContaining('give one source')]);
      const gone = cli('data-caches', 'delete', 'edc-nothere');
      expect([gone.status, gone.stderr]).toEqual([2, expect.stringContaining('404 InvalidDataCacheId.NotFound')]);
      const noTo = cli('data-caches', 'copy', 'edc-x');
      expect([noTo.status, noTo.stderr]).toEqual([2, expect.stringContaining('--to REGION')]);
      expect(list('--path', '/x')).toEqual([]);
    },
    CLI_TIMEOUT,
  );
});
