import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { parseSeed } from './seed-parser.js';
import { ROOT, runCli, startServe } from './support/cli.js';

describe('eci-events catalog', () => {
  it('prints the catalog as JSON: one object per seed row, exactly the agreed keys, in the seed order', () => {
    const r = runCli(['catalog', '--json']);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, string>>;
    const seed = parseSeed(`${ROOT}/spec/seed.txt`);
    expect(rows).toHaveLength(94);
    rows.forEach((row, i) => {
      const keys = seed[i]!.resource ? ['group', 'resource', 'reason', 'type', 'message', 'description'] : ['group', 'reason', 'type', 'message', 'description'];
      expect(Object.keys(row)).toEqual(keys);
      expect(row.reason).toBe(seed[i]!.reason);
      expect(row.message).toBe(seed[i]!.message);
      expect(row.resource).toBe(seed[i]!.resource);
    });
  });

  it('filters by group, in any case', () => {
    const r = runCli(['catalog', '--group', 'datacache', '--json']);
    expect(JSON.parse(r.stdout).map((x: { reason: string }) => x.reason)).toEqual([
      'DataCacheProxyCreateFailed', 'DataCacheSourceIllegal', 'DataCacheJobCreateFailed', 'DataCacheJobStartFailed', 'DataCacheLoadFailed',
    ]);
    const table = runCli(['catalog', '--group', 'VirtualNode']);
    expect(table.stdout).toContain('CreateVnodeSuccess');
    expect(table.stdout).not.toContain('NoStock');
    expect(table.stdout).toMatch(/4 events/);
  });

  it('describes one reason, every row of it', () => {
    const r = runCli(['catalog', 'DiskCapacityQuotaFull']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Your disk capacity quota is exceeded');
    expect(r.stdout).toContain('Your disk capacity quota in [%s] is exceeded');
    expect(r.stdout).toContain('Go to Quota Center to request a quota increase.');
  });

  it('refuses an unknown group or reason with a clear line and exit code 2', () => {
    const g = runCli(['catalog', '--group', 'Nodes']);
    expect(g.status).toBe(2);
    expect(g.stderr).toMatch(/unknown group "Nodes"; the groups are ContainerGroup, ImageCache/);
    const r = runCli(['catalog', 'nostok']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no catalog event has the reason "nostok"/);
  });

  it('explains itself with no arguments and with --help', () => {
    for (const args of [[], ['--help']]) {
      const r = runCli(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Usage: eci-events/);
      expect(r.stdout).toMatch(/serve/);
      expect(r.stdout).toMatch(/catalog/);
    }
  });

  it('refuses bad serve options before starting', () => {
    expect(runCli(['serve', '--port', 'eighty']).stderr).toMatch(/--port must be a whole number/);
    expect(runCli(['serve', '--retention', 'forever']).stderr).toMatch(/--retention: not a duration/);
  });
});

describe('eci-events report and events against a running service', () => {
  let child: ChildProcess;
  let url: string;
  beforeAll(async () => {
    ({ child, url } = await startServe(['--db', ':memory:']));
  });
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('reports events and lists them with their counts', async () => {
    const args = ['--endpoint', url, '--name', 'web-1', '--uid', 'eci-web1'];
    expect(runCli(['report', ...args, 'NoStock', 'cn-hangzhou-k']).status).toBe(0);
    const second = runCli(['report', ...args, 'NoStock', 'cn-hangzhou-k']);
    expect(second.stdout).toMatch(/^web-1\.[0-9a-f]+ count=2 Create ECI failed because the specified instance is out of stock\. cn-hangzhou-k/);
    const refused = runCli(['report', ...args, 'NoStock']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/refused \(ArgumentCount\): NoStock takes 1 argument/);

    const list = runCli(['events', '--endpoint', url, '--group-id', 'eci-web1', '--json']);
    const items = JSON.parse(list.stdout);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ reason: 'NoStock', count: 2, involvedObject: { name: 'web-1', uid: 'eci-web1' } });
    expect(runCli(['events', '--endpoint', url]).stdout).toMatch(/NoStock/);
  });

  it('says clearly when the service cannot be reached', () => {
    const r = runCli(['events', '--endpoint', 'http://127.0.0.1:1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1/);
  });
});
