import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { parseSeed } from './seed-parser.js';
import { ROOT, runCli, startServe } from './support/cli.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

describe('eci-events catalog', () => {
  it('prints the catalog as JSON: one object per seed row, exactly the agreed keys, in the seed order', () => {
    const r = runCli(['catalog', '--json']);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, string>>;
    const seed = parseSeed(`${ROOT}/spec/seed.txt`);
    expect(rows).toHaveLength(94);
    rows.forEach((row, i) => {
      const keys = seed[i]!.resource
        ? ['group', 'resource', 'reason', 'type', 'message', 'description']
        : ['group', 'reason', 'type', 'message', 'description'];
      expect(Object.keys(row)).toEqual(keys);
      expect(row.reason).toBe(seed[i]!.reason);
      expect(row.message).toBe(seed[i]!.message);
      expect(row.resource).toBe(seed[i]!.resource);
    });
  });

  it('filters by group, in any case', () => {
    const r = runCli(['catalog', '--group', 'datacache', '--json']);
    expect(JSON.parse(r.stdout).map((x: { reason: string }) => x.reason)).toEqual([
      'DataCacheProxyCreateFailed',
      'DataCacheSourceIllegal',
      'DataCacheJobCreateFailed',
      'DataCacheJobStartFailed',
      'DataCacheLoadFailed',
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

  it('refuses a command line it cannot parse with one line on stderr and exit code 2, not the whole help', () => {
    const cases: Array<[string[], string]> = [
      [['report', 'NoStock', 'cn-hangzhou-k'], "eci-events: required option '--name <name>' not specified"],
      [['report', '--name', 'web-1'], "eci-events: missing required argument 'reason'"],
      [['catalog', '--bogus'], "eci-events: unknown option '--bogus'"],
      [['reprot'], "eci-events: unknown command 'reprot' (Did you mean report?)"],
    ];
    for (const [args, line] of cases) {
      const r = runCli(args, { ECI_EVENTS_ENDPOINT: 'http://127.0.0.1:9' });
      expect([args.join(' '), r.status, r.stderr, r.stdout]).toEqual([args.join(' '), 2, `${line}\n`, '']);
    }
    // Help asked for is no refusal.
    const help = runCli(['report', '--help']);
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^Usage: eci-events report \[options\] <reason> \[args\.\.\.\]/);
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
    const mmap = runCli(['serve', '--db', ':memory:'], { ECI_EVENTS_SQLITE_MMAP_SIZE: '4GiB' });
    expect(mmap.status).toBe(2);
    expect(mmap.stderr).toMatch(/--sqlite-mmap-size must be a whole number from 0 to 2147418112, got "4GiB"/);
    expect(runCli(['serve', '--sqlite-writes', 'elsewhere']).stderr).toMatch(/--sqlite-writes must be thread or inline/);
  });
});

describe('eci-events report and events against a running service', () => {
  let child: ChildProcess;
  let url: string;
  beforeAll(async () => {
    ({ child, url } = await startServe(['--db', ':memory:', ...TEST_KEY_FLAGS]));
  });
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('reports events and lists them through DescribeContainerGroupEvents with their counts', async () => {
    const env = { ECI_EVENTS_ACCESS_KEY_ID: TEST_KEY.id, ECI_EVENTS_ACCESS_KEY_SECRET: TEST_KEY.secret, ECI_EVENTS_ENDPOINT: url };
    const args = ['--name', 'web-1', '--uid', 'eci-web1'];
    expect(runCli(['report', ...args, 'NoStock', 'cn-hangzhou-k'], env).status).toBe(0);
    const second = runCli(['report', ...args, 'NoStock', 'cn-hangzhou-k'], env);
    expect(second.stdout).toMatch(/^web-1\.[0-9a-f]+ count=2 Create ECI failed because the specified instance is out of stock\. cn-hangzhou-k/);
    const refused = runCli(['report', ...args, 'NoStock'], env);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/refused \(ArgumentCount\): NoStock takes 1 argument/);

    const list = runCli(['events', '--ids', 'eci-web1', '--json'], env);
    const data = JSON.parse(list.stdout);
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      ContainerGroupId: 'eci-web1',
      Name: 'web-1',
      Events: [{ Reason: 'NoStock', Count: 2, involvedObject: { Name: 'web-1', Uid: 'eci-web1' } }],
    });
    expect(runCli(['events'], env).stdout).toMatch(/NoStock/);
    expect(runCli(['events', '--source', 'K8sAgent', '--json'], env).stdout.trim()).toBe('[]');
  });

  it('refuses a wrong or missing key with the OpenAPI code', () => {
    const wrong = runCli(['events', '--endpoint', url, '--access-key-id', TEST_KEY.id, '--access-key-secret', 'nope']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/400 SignatureDoesNotMatch/);
    const unknown = runCli(['report', '--endpoint', url, '--access-key-id', 'LTAInobody', '--access-key-secret', 'x', '--name', 'a', 'StopCharge']);
    expect(unknown.stderr).toMatch(/404 InvalidAccessKeyId.NotFound/);
    const none = runCli(['events', '--endpoint', url], { ECI_EVENTS_ACCESS_KEY_ID: '', ECI_EVENTS_ACCESS_KEY_SECRET: '' });
    expect(none.stderr).toMatch(/an access key is needed/);
  });

  it('says clearly when the service cannot be reached', () => {
    const r = runCli(['events', '--endpoint', 'http://127.0.0.1:1', '--access-key-id', 'a', '--access-key-secret', 'b']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1/);
  });
});
