// `kubectl logs` (and the CLI's logs and exec) against `eci-events serve --kube-port 0 --clock virtual`: a container's runs as
// the emulator wrote them, -c, --tail, --since, --timestamps, --limit-bytes, --previous after a
// restart, -f printing each line as a clock advance makes the container write it, and kubelet's
// refusals.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from './support/cli.js';
import { $Eci, sdkClient, stopChild, type EciClient } from './support/eci-sdk.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const KUBECTL = '/usr/bin/kubectl';
const JOB = 'echo start; sleep 5; echo "done: a; b"; exit 3';

describe('kubectl logs', () => {
  let dir: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let kubeconfig: string;
  let client: EciClient;
  let id: string;
  const endpoint = () => ['--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret];
  const kubectl = (args: string[]) => {
    const r = spawnSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const advance = (d: string) => {
    const r = runCli(['clock', 'advance', d, ...endpoint()]);
    expect(r.status, r.stderr).toBe(0);
  };
  const jobState = async () => {
    const r = await client.describeContainerGroups(
      new $Eci.DescribeContainerGroupsRequest({ regionId: 'cn-hangzhou', containerGroupIds: JSON.stringify([id]) }),
    );
    return r.body!.containerGroups![0]!.containers!.find((c) => c.name === 'job')!.currentState!.state;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-kubectl-logs-'));
    serve = await startServe(['--db', join(dir, 'events.db'), '--kube-port', '0', '--clock', 'virtual', '--throttle-rate', '0', ...TEST_KEY_FLAGS]);
    const config = runCli(['kubeconfig', ...endpoint()]);
    expect(config.status, config.stderr).toBe(0);
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, config.stdout);
    client = sdkClient(new URL(serve.url).host, 'v3');
    const r = await client.createContainerGroup(
      new $Eci.CreateContainerGroupRequest({
        regionId: 'cn-hangzhou',
        containerGroupName: 'logs-1',
        restartPolicy: 'Always',
        container: [
          new $Eci.CreateContainerGroupRequestContainer({ name: 'web', image: 'nginx:1.25' }),
          new $Eci.CreateContainerGroupRequestContainer({ name: 'job', image: 'busybox', command: ['sh', '-c'], arg: [JOB] }),
        ],
      }),
    );
    id = r.body!.containerGroupId!;
  });

  afterAll(async () => {
    await stopChild(serve?.child);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a container not started yet: kubelet's refusal", () => {
    const r = kubectl(['logs', 'logs-1', '-c', 'job']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('container "job" in pod "logs-1" is waiting to start: ContainerCreating');
    const none = kubectl(['logs', 'logs-1', '-c', 'job', '--previous']);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toContain('previous terminated container "job" in pod "logs-1" not found');
  });

  it('the current run, and -f printing each new line as the clock advances until the run ends', async () => {
    for (let i = 0; i < 120 && (await jobState()) !== 'Running'; i++) advance('1s');
    expect(await jobState()).toBe('Running');
    expect(kubectl(['logs', 'logs-1', '-c', 'job']).stdout).toBe('start\n');

    const follow = spawn(KUBECTL, ['--kubeconfig', kubeconfig, 'logs', '-f', 'logs-1', '-c', 'job'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    follow.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => follow.once('exit', resolve));
    // The lines so far arrive first; nothing more until the clock moves.
    await new Promise<void>((resolve) => follow.stdout.on('data', () => out.includes('start\n') && resolve()));
    expect(out).toBe('start\n');
    // It writes its second line and exits 5 s after its start (within the last second).
    advance('5s');
    expect(await exited).toBe(0);
    expect(out).toBe('start\ndone: a; b\n');
  });

  it('--previous after the restart, with --tail, --timestamps, --since, --limit-bytes', () => {
    // A first exit restarts at once (kubelet's back-off begins with the second): 0.3 s to start.
    advance('1s');
    expect(kubectl(['logs', 'logs-1', '-c', 'job']).stdout).toBe('start\n');
    const previous = (...args: string[]) => kubectl(['logs', 'logs-1', '-c', 'job', '--previous', ...args]).stdout;
    expect(previous()).toBe('start\ndone: a; b\n');
    expect(previous('--tail', '1')).toBe('done: a; b\n');
    expect(previous('--timestamps')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z start\n\S+ done: a; b\n$/);
    expect(previous('--since', '1h')).toBe('start\ndone: a; b\n');
    expect(previous('--limit-bytes', '3')).toBe('sta');
  });

  it("nginx's start-up lines; a container the pod does not have; a pod that is not there", () => {
    const web = kubectl(['logs', 'logs-1', '-c', 'web']);
    expect(web.stdout).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    const bad = kubectl(['logs', 'logs-1', '-c', 'nope']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('container nope is not valid for pod logs-1');
    const gone = kubectl(['logs', 'nothere']);
    expect(gone.status).not.toBe(0);
    expect(gone.stderr).toContain('pods "nothere" not found');
  });

  it('the CLI reads the same runs (logs) and runs a command (exec); a refusal is exit 2 with the code', () => {
    const cli = (args: string[]) => runCli([...args, ...endpoint()]);
    const previous = cli(['logs', id, '-c', 'job', '--previous']);
    expect(previous.status, previous.stderr).toBe(0);
    expect(previous.stdout).toBe('start\ndone: a; b\n');
    expect(cli(['logs', id, '-c', 'job', '--tail', '1', '--previous']).stdout).toBe('done: a; b\n');
    // Without -c, the group's first container: nginx.
    expect(cli(['logs', id, '--tail', '1']).stdout).toMatch(/\[notice\] 1#1: start worker process \d+\n$/);
    // Options before `--`: what follows it is the command.
    const ran = runCli(['exec', ...endpoint(), id, '-c', 'web', '--', 'sh', '-c', 'hostname; echo "x; y"']);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toBe('logs-1\nx; y\n');
    const gone = cli(['logs', 'eci-bp1nothere000000000', '-c', 'job']);
    expect(gone.status).toBe(2);
    expect(gone.stderr).toContain('404 InvalidContainerGroupId.NotFound');
  });
});
