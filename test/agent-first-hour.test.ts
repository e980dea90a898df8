// The host agent as a new user first runs it: on a kernel log saved by `dmesg`, or followed as a
// syslog or journal file, with --group naming the instance it runs in and no map file. Every line
// the shipped rules match is reported, whatever the form, and the events land on the group's own
// pod, so that `kubectl events --for pod/NAME` shows them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, startServe } from './support/cli.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const KUBECTL = '/usr/bin/kubectl';

/** One kernel line in each form a saved or followed kernel log takes. */
const KERNEL_LOG = [
  // `dmesg`
  '[  345.687301] NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus.',
  // /var/log/kern.log (rsyslog), with the kernel's own time in it
  'Dec  7 12:00:00 node-1 kernel: [  346.100000] nfs: server 172.16.0.9 not responding, timed out',
  // `journalctl -k -o short-iso`
  '2026-12-07T12:00:01+0000 node-1 kernel: NFS: state manager: check lease failed on NFSv4 server 172.16.0.9 with error 10008',
  // noise in each form
  '[  346.200000] eth0: link up',
  'Dec  7 12:00:02 node-1 kernel: usb 1-1: new high-speed USB device',
].join('\n');

describe('the host agent on a dmesg, syslog or journal file, attributing to the group', () => {
  let dir: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let kubeconfig: string;
  let agent: ChildProcess | undefined;
  let groupId: string;
  const endpoint = () => ['--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret];
  const kubectl = (args: string[]) => spawnSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 60_000 });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-agent-forms-'));
    serve = await startServe(['--db', join(dir, 'events.db'), '--kube-port', '0', ...TEST_KEY_FLAGS]);
    const config = runCli(['kubeconfig', ...endpoint()]);
    expect(config.status, config.stderr).toBe(0);
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, config.stdout);
    const created = runCli(['groups', 'create', 'web', '--image', 'nginx', ...endpoint()]);
    expect(created.status, created.stderr).toBe(0);
    groupId = created.stdout.trim();
    // The kernel rules only: the disk rule would watch this machine's own disk.
    mkdirSync(join(dir, 'rules'));
    for (const f of readdirSync(join(ROOT, 'rules')).filter((f) => f.startsWith('kernel-'))) copyFileSync(join(ROOT, 'rules', f), join(dir, 'rules', f));
    writeFileSync(join(dir, 'kern.log'), `${KERNEL_LOG}\n`);
  });

  afterAll(() => {
    agent?.kill('SIGKILL');
    serve?.child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reports each line's event on the group's pod, as kubectl events --for pod/NAME shows", async () => {
    agent = spawn(
      process.execPath,
      [BIN, 'agent', ...endpoint(), '--rules', join(dir, 'rules'), '--spool', join(dir, 'spool'), '--kmsg', join(dir, 'kern.log'), '--group', groupId],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    agent.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    type Item = { reason: string; message: string; involvedObject: { kind: string; name: string; namespace: string; uid: string } };
    const agentEvents = (): Item[] => {
      const r = kubectl(['get', 'events', '-A', '-o', 'json']);
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout).items as Item[]).filter((e) => ['GPULostCard', 'NfsError'].includes(e.reason));
    };
    // 60 s: the agent's start and each kubectl run can take seconds on a loaded machine.
    const deadline = Date.now() + 60_000;
    while (agentEvents().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

    const events = agentEvents();
    expect(events.map((e) => [e.reason, e.message]).sort(), stderr).toEqual([
      ['GPULostCard', 'GPU card loss detected: NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus.'],
      ['NfsError', 'NFS: state manager: check lease failed on NFSv4 server 172.16.0.9 with error 10008'],
      ['NfsError', 'nfs: server 172.16.0.9 not responding, timed out'],
    ]);
    for (const e of events) expect(e.involvedObject).toMatchObject({ kind: 'Pod', name: 'web', namespace: 'default', uid: groupId });

    const forPod = kubectl(['events', '--for', 'pod/web']);
    expect(forPod.status, forPod.stderr).toBe(0);
    expect(forPod.stdout).toMatch(/Warning\s+GPULostCard\s+Pod\/web/);
    expect(forPod.stdout).toMatch(/Warning\s+NfsError\s+Pod\/web/);
    expect(kubectl(['events', '--for', `pod/${groupId}`]).stdout).not.toMatch(/GPULostCard|NfsError/);
  }, 120_000);
});
