// The CLI side of commits, O&M tasks and volumes: `commits create/list`, `ops create/list` and
// `volumes resize` against a started server on the virtual clock, the committed image run by
// `groups create`, and refusals printed with the OpenAPI's status and code (exit 2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { $Eci, sdkClient, startServer, type Server } from './support/eci-sdk.js';
import { TEST_KEY } from './support/signed-fetch.js';

const ACR = 'registry.cn-hangzhou.aliyuncs.com';
const WORLD = `
registries:
  - host: ${ACR}
    private: true
    closed: true
    credentials: [{ username: deployer, password: s3cret }]
    images: [{ repository: team/api, tags: ["1.4"] }]
`;
const CLI_TIMEOUT = 60_000;

describe('commits, ops and volumes from the CLI', () => {
  let dir: string;
  let server: Server;
  let env: Record<string, string>;
  let group: string;
  const cli = (...args: string[]) => runCli(args, env);
  const status = (id: string) => (JSON.parse(cli('groups', 'list', '--ids', id, '--json').stdout) as Array<{ Status: string }>)[0]!.Status;
  const creds = ['--registry-server', ACR, '--registry-user', 'deployer', '--registry-password', 's3cret'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-ops-cli-'));
    writeFileSync(join(dir, 'world.yaml'), WORLD);
    server = await startServer(join(dir, 'events.db'), ['--clock', 'virtual', '--clock-start', '2026-01-01T00:00:00Z', '--world', join(dir, 'world.yaml')]);
    env = { ECI_EVENTS_ENDPOINT: server.url, ECI_EVENTS_ACCESS_KEY_ID: TEST_KEY.id, ECI_EVENTS_ACCESS_KEY_SECRET: TEST_KEY.secret };
    // `groups create` has no volume options: the SDK makes the group with its disk.
    const r = await sdkClient(server.host, 'v3').createContainerGroup(
      new $Eci.CreateContainerGroupRequest({
        regionId: 'cn-hangzhou',
        containerGroupName: 'api',
        container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'app', image: `${ACR}/team/api:1.4` })],
        imageRegistryCredential: [new $Eci.CreateContainerGroupRequestImageRegistryCredential({ server: ACR, userName: 'deployer', password: 's3cret' })],
        volume: [
          new $Eci.CreateContainerGroupRequestVolume({
            name: 'data',
            type: 'DiskVolume',
            diskVolume: new $Eci.CreateContainerGroupRequestVolumeDiskVolume({ diskSize: 30 }),
          }),
        ],
      }),
    );
    group = r.body!.containerGroupId!;
    expect(cli('clock', 'advance', '1m').status).toBe(0);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'commits create, then commits list shows it Succeeded; groups create runs the committed image',
    () => {
      const created = cli('commits', 'create', group, '--container', 'app', '--repository', `${ACR}/team/snap`, '--tag', 'v1');
      expect(created.status, created.stderr).toBe(0);
      const taskId = created.stdout.trim();
      expect(taskId).toMatch(/^t-[a-z0-9]{20}$/);
      expect(cli('clock', 'advance', '1m').status).toBe(0);
      const listed = JSON.parse(cli('commits', 'list', group, '--json').stdout) as Array<{ TaskId: string; TaskStatus: string }>;
      expect(listed.map((t) => [t.TaskId, t.TaskStatus])).toEqual([[taskId, 'Succeeded']]);
      const table = cli('commits', 'list', '--task', taskId);
      expect(table.stdout).toContain(`${ACR}/team/snap:v1 successfully`);
      const run = cli('groups', 'create', 'snap', '--image', `${ACR}/team/snap:v1`, ...creds);
      expect(run.status, run.stderr).toBe(0);
      expect(cli('clock', 'advance', '1m').status).toBe(0);
      expect(status(run.stdout.trim())).toBe('Running');
      const refused = cli('commits', 'create', group, '--container', 'app', '--repository', 'docker.io/team/snap');
      expect([refused.status, refused.stderr]).toEqual([
        2,
        expect.stringContaining('400 InvalidParameter: The specified Image.Repository "docker.io/team/snap" is not valid'),
      ]);
    },
    CLI_TIMEOUT,
  );

  it(
    'ops create and list',
    () => {
      const on = cli('ops', 'create', group, '--type', 'coredump', '--value', 'enable');
      expect([on.status, on.stdout.trim()]).toEqual([0, 'Coredump settings has been configured successfully.']);
      const records = JSON.parse(cli('ops', 'list', group, '--json').stdout) as Array<{ OpsType: string; OpsStatus: string }>;
      expect(records.map((r) => [r.OpsType, r.OpsStatus])).toEqual([['Coredump', 'Ready']]);
      const bad = cli('ops', 'create', group, '--type', 'perf', '--value', 'enable');
      expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining('400 Ops.TypeNotSupport')]);
    },
    CLI_TIMEOUT,
  );

  it(
    'volumes resize grows the disk; a smaller size is refused',
    () => {
      const grown = cli('volumes', 'resize', group, '--volume', 'data', '--size', '40');
      expect([grown.status, grown.stdout.trim()]).toEqual([0, `resized data of ${group} to 40 GiB`]);
      const shrunk = cli('volumes', 'resize', group, '--volume', 'data', '--size', '30');
      expect([shrunk.status, shrunk.stderr]).toEqual([
        2,
        expect.stringContaining('400 InvalidParameter: The specified NewSize 30 is not valid: the disk of volume data is 40 GiB'),
      ]);
    },
    CLI_TIMEOUT,
  );
});
