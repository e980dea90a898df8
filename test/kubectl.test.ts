// kubectl itself against `eci-events serve --kube-port`: the kubeconfig that `eci-events kubeconfig`
// writes, discovery, get (table, wide, json, yaml), field selectors, chunked lists, `kubectl
// events`, watches, the emulator's groups as pods, and two accounts kept apart.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from './support/cli.js';
import { freshDatabase, postgresAvailable } from './support/postgres.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const KUBECTL = '/usr/bin/kubectl';

describe('kubectl against the Kubernetes-style API', () => {
  let dir: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let kubeconfig: string;
  let otherKubeconfig: string;
  const endpoint = () => ['--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret];

  const kubectl = (args: string[], config = kubeconfig) => {
    const r = spawnSync(KUBECTL, ['--kubeconfig', config, ...args], { encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const report = (args: string[]) => {
    const r = runCli(['report', ...args, ...endpoint()]);
    expect(r.status, r.stderr).toBe(0);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-kubectl-'));
    const db = join(dir, 'events.db');
    serve = await startServe(['--db', db, '--kube-port', '0', ...TEST_KEY_FLAGS]);
    const made = runCli(['keys', 'create', '--account', 'other', '--db', db, '--json']);
    expect(made.status, made.stderr).toBe(0);
    const other = JSON.parse(made.stdout) as { accessKeyId: string; accessKeySecret: string };

    const config = runCli(['kubeconfig', ...endpoint()]);
    expect(config.status, config.stderr).toBe(0);
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, config.stdout);
    const otherConfig = runCli(['kubeconfig', '--endpoint', serve.url, '--access-key-id', other.accessKeyId, '--access-key-secret', other.accessKeySecret]);
    otherKubeconfig = join(dir, 'other-kubeconfig');
    writeFileSync(otherKubeconfig, otherConfig.stdout);

    for (let i = 0; i < 3; i++) report(['NoStock', 'cn-hangzhou-k', '--name', 'cg-1', '--uid', 'eci-1']);
    report(['AttachDiskFailed', 'd-1', '--name', 'cg-2', '--namespace', 'prod', '--uid', 'eci-2']);
    for (let i = 0; i < 5; i++) report(['StockExhaust', `zone-${i}`, '--name', `cg-x${i}`]);
    // A dozen CLI processes one after another: each can take seconds to start on a loaded machine.
  }, 180_000);

  afterAll(() => {
    serve?.child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("prints the events of every namespace as the API server's table, exact counts with -o wide", () => {
    const all = kubectl(['get', 'events', '-A']);
    expect(all.status, all.stderr).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(lines).toHaveLength(1 + 7);
    expect(all.stdout).toMatch(
      /default\s+\S+\s+Warning\s+NoStock\s+pod\/cg-1\s+Create ECI failed because the specified instance is out of stock\. cn-hangzhou-k/,
    );
    expect(all.stdout).toMatch(/prod\s+\S+\s+Warning\s+AttachDiskFailed\s+pod\/cg-2\s+Attach disk d-1 failed/);
    expect(all.stderr).toBe('');

    const wide = kubectl(['get', 'ev', '-n', 'default', '-o', 'wide', '--field-selector', 'involvedObject.name=cg-1']);
    expect(wide.stdout).toMatch(/COUNT\s+NAME/);
    expect(wide.stdout).toMatch(/NoStock\s+pod\/cg-1\s+EciService\s+Create ECI failed.*\s+3\s+cg-1\.[0-9a-f]+/);
  });

  it('reads events as JSON and YAML, by selector and by name', () => {
    const json = kubectl(['get', 'events', '-A', '--field-selector', 'reason=NoStock', '-o', 'json']);
    const list = JSON.parse(json.stdout) as {
      items: Array<{ count: number; metadata: { name: string; namespace: string }; involvedObject: { name: string } }>;
    };
    expect(list.items.map((e) => [e.involvedObject.name, e.count])).toEqual([['cg-1', 3]]);
    const name = list.items[0]!.metadata.name;
    const one = kubectl(['get', 'event', name, '-o', 'yaml']);
    expect(one.stdout).toMatch(/count: 3/);
    expect(one.stdout).toMatch(/k8s\.aliyun\.com\/eci-instance-id: eci-1/);
    expect(kubectl(['get', 'events', '-n', 'prod', '-o', 'jsonpath={.items[*].reason}']).stdout).toBe('AttachDiskFailed');
    const v1 = JSON.parse(kubectl(['get', 'events.v1.events.k8s.io', '-n', 'default', '--field-selector', 'regarding.name=cg-1', '-o', 'json']).stdout);
    expect(v1.items[0]).toMatchObject({ apiVersion: 'events.k8s.io/v1', series: { count: 3 }, note: expect.stringContaining('out of stock') });
  });

  it('follows continue tokens when kubectl lists in chunks', () => {
    const r = kubectl(['get', 'events', '-A', '--chunk-size', '2', '-o', 'name']);
    expect(r.status, r.stderr).toBe(0);
    expect(new Set(r.stdout.trim().split('\n')).size).toBe(7);
  });

  it('serves `kubectl events`, with the repeats told as kubectl tells them', () => {
    const r = kubectl(['events', '-A', '--types', 'Warning']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/default\s+\S+ \(x3 over \S+\)\s+Warning\s+NoStock\s+Pod\/cg-1/);
  });

  it("prints kubectl's errors for what the server refuses", () => {
    const bad = kubectl(['get', 'events', '-A', '--field-selector', 'message=x']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/field label not supported: message/);
    const missing = kubectl(['get', 'event', 'no-such-event']);
    expect(missing.stderr).toMatch(/Error from server \(NotFound\): events "no-such-event" not found/);
    const config = join(dir, 'wrong-kubeconfig');
    writeFileSync(
      config,
      runCli(['kubeconfig', '--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret]).stdout.replace(
        TEST_KEY.secret,
        'not-the-secret',
      ),
    );
    const wrong = kubectl(['get', 'events'], config);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/You must be logged in to the server/);
  });

  it('shows an account only its own events', () => {
    expect(kubectl(['get', 'events', '-A'], otherKubeconfig).stderr).toMatch(/No resources found/);
    report(['NoStock', 'k', '--name', 'cg-1', '--uid', 'eci-1']);
    const name = JSON.parse(kubectl(['get', 'events', '--field-selector', 'reason=NoStock', '-o', 'json']).stdout).items[0].metadata.name as string;
    expect(kubectl(['get', 'event', name], otherKubeconfig).stderr).toMatch(/NotFound/);
  });

  it("shows the emulator's container groups as pods, and `kubectl events --for` finds their events", async () => {
    const created = runCli(['groups', 'create', 'web-1', '--image', 'nginx:1.27', ...endpoint()]);
    expect(created.status, created.stderr).toBe(0);
    const id = created.stdout.trim();
    // 60 s: reached only on a real failure, even on a loaded machine.
    const deadline = Date.now() + 60_000;
    while (kubectl(['get', 'pod', 'web-1', '-o', 'jsonpath={.status.phase}']).stdout !== 'Running' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(kubectl(['get', 'pod', 'web-1', '-o', 'jsonpath={.status.phase}']).stdout).toBe('Running');

    const pods = kubectl(['get', 'pods', '-o', 'wide']);
    expect(pods.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    expect(pods.stdout).toMatch(/web-1\s+1\/1\s+Running\s+0\s+\S+\s+\d+\.\d+\.\d+\.\d+\s+virtual-kubelet-cn-hangzhou-\w/);
    const pod = JSON.parse(kubectl(['get', 'pod', 'web-1', '-o', 'json']).stdout);
    expect(pod).toMatchObject({
      metadata: { uid: id, annotations: { 'k8s.aliyun.com/eci-instance-id': id } },
      spec: { containers: [{ image: 'nginx:1.27' }] },
      status: { phase: 'Running' },
    });
    expect(kubectl(['get', 'pods', '--field-selector', 'status.phase=Failed']).stderr).toMatch(/No resources found/);

    const events = kubectl(['events', '--for', 'pod/web-1']);
    expect(events.status, events.stderr).toBe(0);
    for (const reason of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started'])
      expect(events.stdout).toMatch(new RegExp(`Normal\\s+${reason}\\s+Pod/web-1`));
    expect(events.stdout).not.toMatch(/cg-1/);

    expect(kubectl(['get', 'pods'], otherKubeconfig).stderr).toMatch(/No resources found/);
    expect(kubectl(['delete', 'pod', 'web-1']).stderr).toMatch(/MethodNotAllowed.*changed through the OpenAPI/);
  });

  it('watches: a new event as ADDED, a repeat as MODIFIED with its new count', async () => {
    const watch = spawn(KUBECTL, ['--kubeconfig', kubeconfig, 'get', 'events', '-A', '--watch-only', '--output-watch-events', '-o', 'json', '-v=7']);
    let out = '';
    let log = '';
    watch.stdout.on('data', (c: Buffer) => (out += c.toString()));
    watch.stderr.on('data', (c: Buffer) => (log += c.toString()));
    try {
      // --watch-only lists for a resourceVersion, then watches from exactly it: once kubectl logs
      // the watch's request, the list is done and nothing reported later can be missed.
      const opened = Date.now() + 60_000;
      while (!/GET https:\S+watch=true/.test(log) && Date.now() < opened) await new Promise((r) => setTimeout(r, 50));
      expect(log).toMatch(/watch=true/);
      report(['NoStock', 'cn-hangzhou-k', '--name', 'cg-1', '--uid', 'eci-1']);
      report(['StockClose', 'zone-w', '--name', 'cg-w']);
      const deadline = Date.now() + 60_000;
      while (!/"reason":\s*"StockClose"/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const events = out.split(/\n(?=\{)/).map((t) => JSON.parse(t) as { type: string; object: { reason: string; count: number } });
      expect(events.map((e) => [e.type, e.object.reason, e.object.count])).toEqual([
        ['MODIFIED', 'NoStock', 4],
        ['ADDED', 'StockClose', 1],
      ]);
    } finally {
      watch.kill();
    }
  });
});

describe('eci-events kubeconfig without a TLS listener', () => {
  it('says how to start one', async () => {
    const serve = await startServe(['--db', ':memory:', ...TEST_KEY_FLAGS]);
    try {
      const r = runCli(['kubeconfig', '--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/no TLS listener for kubectl: start it with --kube-port/);
    } finally {
      serve.child.kill('SIGTERM');
    }
  });
});

describe.skipIf(!postgresAvailable)('kubectl against two replicas sharing PostgreSQL', () => {
  it('lists and watches on one replica what was reported to the other', async () => {
    const db = await freshDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'eci-kubectl-pg-'));
    const a = await startServe(['--db', db.url, '--kube-port', '0', ...TEST_KEY_FLAGS]);
    const b = await startServe(['--db', db.url, ...TEST_KEY_FLAGS]);
    try {
      const key = ['--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret];
      writeFileSync(join(dir, 'kubeconfig'), runCli(['kubeconfig', '--endpoint', a.url, ...key]).stdout);
      const report = (name: string) => expect(runCli(['report', 'NoStock', 'k', '--name', name, '--endpoint', b.url, ...key]).status).toBe(0);
      report('cg-before');
      const listed = spawnSync(KUBECTL, ['--kubeconfig', join(dir, 'kubeconfig'), 'get', 'events', '-A', '-o', 'jsonpath={.items[*].involvedObject.name}'], {
        encoding: 'utf8',
      });
      expect(listed.stdout).toBe('cg-before');

      const watch = spawn(KUBECTL, [
        '--kubeconfig',
        join(dir, 'kubeconfig'),
        'get',
        'events',
        '-A',
        '--watch-only',
        '--output-watch-events',
        '-o',
        'json',
        '-v=7',
      ]);
      let out = '';
      let log = '';
      watch.stdout.on('data', (c: Buffer) => (out += c.toString()));
      watch.stderr.on('data', (c: Buffer) => (log += c.toString()));
      try {
        const opened = Date.now() + 60_000;
        while (!/GET https:\S+watch=true/.test(log) && Date.now() < opened) await new Promise((r) => setTimeout(r, 50));
        expect(log).toMatch(/watch=true/);
        report('cg-after');
        report('cg-after');
        // Replica A hears of B's commits by polling the shared database's latest version.
        const deadline = Date.now() + 60_000;
        while (!/"count":\s*2/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const events = out.split(/\n(?=\{)/).map((t) => JSON.parse(t) as { type: string; object: { involvedObject: { name: string }; count: number } });
        expect(events.map((e) => [e.type, e.object.involvedObject.name, e.object.count])).toEqual([
          ['ADDED', 'cg-after', 1],
          ['MODIFIED', 'cg-after', 2],
        ]);
      } finally {
        watch.kill();
      }
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      await Promise.all([a, b].map((s) => new Promise((resolve) => (s.child.exitCode !== null ? resolve(null) : s.child.once('exit', resolve)))));
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
