// The emulator's pods through kubectl itself, on the virtual clock and on both store backends:
// `kubectl get pods -w` and `kubectl get pod NAME -w` print each change of a group's lifecycle as
// the clock reaches it, container events name their container (SUBOBJECT) and the kubelet's node
// (SOURCE), `kubectl get namespaces` lists where the account's pods and events are, and RESTARTS
// tells how long ago the last restart was, as kubectl prints it from a real API server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/backends.js';
import { runCli, startServe } from './support/cli.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const KUBECTL = '/usr/bin/kubectl';
const START = '2026-12-01T10:00:00Z';
const NODE = 'virtual-kubelet-cn-hangzhou-k';

/** A kubectl that keeps running (a watch): its output so far, and a wait for a line that matches. */
function follow(args: string[]) {
  const child: ChildProcess = spawn(KUBECTL, args);
  let out = '';
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const waitFor = async (pattern: RegExp, what: () => string = () => out) => {
    // 30 s: reached only on a real failure, even on a loaded machine.
    const deadline = Date.now() + 30_000;
    while (!pattern.test(what()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(what(), `waiting for ${pattern}`).toMatch(pattern);
  };
  return {
    lines: () => out.split('\n').filter((l) => l.trim() !== ''),
    waitFor,
    /** Once kubectl logs its watch request, its list is done and no later change can be missed. */
    watching: () => waitFor(/GET https:\S+watch=true/, () => log),
    stop: () => child.kill(),
  };
}

/** The cells of a printed row, split on kubectl's column gaps. */
const cells = (line: string) => line.trim().split(/\s{2,}/);

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`kubectl and the emulator's pods: ${backend.name}`, () => {
    let dir: string;
    let location: { db: string; cleanup: () => Promise<void> };
    let serve: Awaited<ReturnType<typeof startServe>>;
    let kubeconfig: string;
    const cli = (...args: string[]) => {
      const r = runCli([...args, '--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret]);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    const kubectl = (...args: string[]) => {
      const r = spawnSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 60_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const advance = (span: string) => cli('clock', 'advance', span);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'eci-kubectl-pods-'));
      location = await backend.location();
      serve = await startServe([
        '--db',
        location.db,
        '--kube-port',
        '0',
        '--throttle-rate',
        '0',
        '--clock',
        'virtual',
        '--clock-start',
        START,
        ...TEST_KEY_FLAGS,
      ]);
      kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, cli('kubeconfig'));
    });

    afterAll(async () => {
      serve?.child.kill('SIGTERM');
      await location?.cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('`kubectl get pods -w` prints each change of a group as the clock reaches it, to its deletion', async () => {
      const watch = follow(['--kubeconfig', kubeconfig, 'get', 'pods', '-w', '--output-watch-events', '-v=7']);
      const named = follow(['--kubeconfig', kubeconfig, 'get', 'pods', '--field-selector', 'metadata.name=web', '-w', '--output-watch-events', '-v=7']);
      try {
        await watch.watching();
        await named.watching();
        const id = cli('groups', 'create', 'web', '--image', 'nginx');
        await watch.waitFor(/ADDED\s+web\s+0\/1\s+Pending\s+0\s+0s/);
        // Nothing more until the clock moves: the group waits on the virtual clock.
        await new Promise((r) => setTimeout(r, 300));
        expect(watch.lines().filter((l) => / web /.test(l))).toHaveLength(1);
        advance('2s');
        await watch.waitFor(/MODIFIED\s+web\s+1\/1\s+Running\s+0\s+\d+s/);
        advance('2m');
        // The watch ends after --request-timeout; the list it starts with must come first, which a
        // loaded machine can take more than a second over.
        const byName = spawnSync(KUBECTL, ['--kubeconfig', kubeconfig, 'get', 'pod', 'web', '-w', '--output-watch-events', '--request-timeout', '5s'], {
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(byName.stdout).toMatch(/web\s+1\/1\s+Running\s+0\s+2m2s/);

        cli('groups', 'delete', id);
        await watch.waitFor(/MODIFIED\s+web\s+0\/1\s+Terminating/);
        advance('1m');
        await watch.waitFor(/DELETED\s+web\s+/);
        const events = watch
          .lines()
          .filter((l) => / web /.test(l))
          .map((l) => cells(l).slice(0, 4));
        // Each change once, in order: the group is created, placed (its container being
        // created), started, then it is deleted and gone.
        expect(events).toEqual([
          ['ADDED', 'web', '0/1', 'Pending'],
          ['MODIFIED', 'web', '0/1', 'ContainerCreating'],
          ['MODIFIED', 'web', '1/1', 'Running'],
          ['MODIFIED', 'web', '0/1', 'Terminating'],
          ['DELETED', 'web', '0/1', 'Terminating'],
        ]);
        // The watch of that one name saw the same changes, and nothing of other pods.
        await named.waitFor(/DELETED\s+web\s+/);
        expect(
          named
            .lines()
            .filter((l) => /^(ADDED|MODIFIED|DELETED)/.test(l))
            .map((l) => cells(l).slice(0, 4)),
        ).toEqual(events);
      } finally {
        watch.stop();
        named.stop();
      }
    });

    it("names the container of its events (SUBOBJECT) and the pod's node as the kubelet's host", async () => {
      cli('groups', 'create', 'api', '--image', 'nginx');
      advance('1m');
      const wide = kubectl('get', 'events', '-o', 'wide', '--field-selector', 'involvedObject.name=api');
      expect(wide.status, wide.stderr).toBe(0);
      expect(wide.stdout).toMatch(/SUBOBJECT\s+SOURCE/);
      for (const reason of ['Pulling', 'Pulled', 'Created', 'Started']) {
        expect(wide.stdout).toMatch(new RegExp(`${reason}\\s+pod/api\\s+spec\\.containers\\{api\\}\\s+kubelet, ${NODE}\\s`));
      }
      // The platform's events keep their own source, and name no container.
      expect(wide.stdout).toMatch(/DefaultInstanceTypeMatch\s+pod\/api\s+EciService\s/);
      const json = JSON.parse(kubectl('get', 'events', '--field-selector', 'involvedObject.name=api,reason=Started', '-o', 'json').stdout);
      expect(json.items[0]).toMatchObject({ involvedObject: { fieldPath: 'spec.containers{api}' }, source: { component: 'kubelet', host: NODE } });
      expect(JSON.parse(kubectl('get', 'pod', 'api', '-o', 'json').stdout).spec.nodeName).toBe(NODE);
      const events = kubectl('events', '--for', 'pod/api');
      expect(events.stdout).toMatch(/Normal\s+Started\s+Pod\/api/);
    });

    it('lists the namespaces the account has pods or events in', () => {
      cli('report', 'NoStock', 'cn-hangzhou-k', '--name', 'batch-1', '--namespace', 'batch', '--uid', 'eci-batch1');
      const ns = kubectl('get', 'namespaces');
      expect(ns.status, ns.stderr).toBe(0);
      expect(
        ns.stdout
          .trim()
          .split('\n')
          .map((l) => cells(l).slice(0, 2)),
      ).toEqual([
        ['NAME', 'STATUS'],
        ['batch', 'Active'],
        ['default', 'Active'],
      ]);
      expect(kubectl('get', 'ns', 'batch', '-o', 'jsonpath={.status.phase}').stdout).toBe('Active');
      expect(kubectl('get', 'ns', 'nowhere').stderr).toMatch(/Error from server \(NotFound\): namespaces "nowhere" not found/);
      expect(kubectl('get', 'events', '-n', 'batch').stdout).toMatch(/NoStock\s+pod\/batch-1/);
    });

    it('prints RESTARTS with how long ago the last restart was, and CrashLoopBackOff, as kubectl does', () => {
      cli('groups', 'create', 'crash', '--image', 'busybox', '--command', 'exit 1', '--restart-policy', 'Always');
      advance('3m');
      const pod = JSON.parse(kubectl('get', 'pod', 'crash', '-o', 'json').stdout);
      const status = pod.status.containerStatuses[0];
      expect(status.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
      expect(status.restartCount).toBeGreaterThan(0);
      const now = Date.parse(cli('clock').split(' ')[0]!);
      const ago = Math.trunc((now - Date.parse(status.lastState.terminated.finishedAt)) / 1000);
      const row = kubectl('get', 'pod', 'crash');
      expect(row.status, row.stderr).toBe(0);
      const state = status.state.waiting?.reason ?? status.state.terminated?.reason ?? 'Running';
      const age = ago < 120 ? `${ago}s` : `${Math.trunc(ago / 60)}m${ago % 60 ? `${ago % 60}s` : ''}`;
      expect(cells(row.stdout.trim().split('\n')[1]!).slice(0, 4)).toEqual(['crash', '0/1', state, `${status.restartCount} (${age} ago)`]);
      // Moving the clock on ages the last restart unless another one comes.
      advance('5s');
      expect(kubectl('get', 'pod', 'crash').stdout).toMatch(/crash\s+\S+\s+\S+\s+\d+ \(\d+m?\d*s? ago\)/);
    });
  });
}
