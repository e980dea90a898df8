// Attribution: a group id in the line, a cgroup path (the group's segment, the map file's paths,
// a user's pattern), a pid (map file, /proc/PID/cgroup, remembered after the process is gone),
// else the agent's group, else the host.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/support/kernel-fixtures.js';
import { Attributor } from './attributor.js';
import { cgroupOfProcess, ownerByLayout } from './cgroup.js';
import { WatchedMap } from './map-file.js';

const H = 'f6e0a60cf567df71fbca3eee87311271f9cca8bb3499efc4cdbcf58c6828de46';

describe('cgroup paths', () => {
  const cases: Array<[string, ReturnType<typeof ownerByLayout>]> = [
    ['/eci/eci-2ze0b5frsxhvrbz4qgh8/xsim', { group: 'eci-2ze0b5frsxhvrbz4qgh8', container: 'xsim' }],
    ['/eci/eci-2ze0b5frsxhvrbz4qgh8', { group: 'eci-2ze0b5frsxhvrbz4qgh8', container: undefined }],
    [`/eci.slice/eci-2zefk0f0dbbh5kpl6nvk.slice/cri-containerd-${H}.scope`, { group: 'eci-2zefk0f0dbbh5kpl6nvk', container: H }],
    ['/kubepods.slice/kubepods-eci-2zeabc.slice/docker-app.scope', { group: 'eci-2zeabc', container: 'app' }],
    ['/kubepods/burstable/pod0f1e/abc', undefined],
    ['/user.slice/notaneci-thing', undefined],
  ];
  for (const [path, owner] of cases) it(path, () => expect(ownerByLayout(path)).toEqual(owner));

  it("reads the unified line of /proc/PID/cgroup, else the memory controller's", () => {
    expect(cgroupOfProcess('0::/eci/eci-1/app\n')).toBe('/eci/eci-1/app');
    expect(cgroupOfProcess('12:cpu,cpuacct:/a\n11:memory:/eci/eci-2/db\n1:name=systemd:/b\n')).toBe('/eci/eci-2/db');
  });
});

describe('Attributor', () => {
  const map = new WatchedMap(`${FIXTURES}/map.json`);
  const make = (over = {}) => new Attributor({ map, host: 'h1', defaultGroup: 'eci-2zedefault', procRoot: `${FIXTURES}/proc`, ...over });

  it('tries the group, then the cgroup, then the pid', async () => {
    const a = make();
    const how = { group: 'g', cgroup: 'cg', pid: 'pid' };
    expect((await a.subject({ g: 'eci-2zeinline', cg: '/eci/eci-2zeother/x', pid: '4242' }, how)).group).toBe('eci-2zeinline');
    expect((await a.subject({ g: 'not-an-id', cg: '/eci/eci-2zeother/x', pid: '4242' }, how)).group).toBe('eci-2zeother');
    expect(await a.subject({ cg: '/kubepods/x', pid: '4242' }, how)).toEqual({
      kind: 'Pod',
      name: 'eci-2ze9hungtaskgroup01',
      namespace: 'default',
      group: 'eci-2ze9hungtaskgroup01',
      container: 'db',
    });
    expect((await a.subject({ pid: '99999' }, how)).group).toBe('eci-2zedefault');
  });

  it('names pods and containers from the map file', async () => {
    const a = make();
    expect(
      a.ofCgroup(
        '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f1e2d3c_4b5a_6978_8a9b_0c1d2e3f4a5b.slice/docker-5802ca8be524e76a9e6b5ca8c72b901882002a5a67f8e92ee3626f9aade34bb3.scope',
      ),
    ).toEqual({
      group: 'eci-2zeaqk1bq5uws1x0ln4p',
      container: 'nginx',
    });
    expect(a.ofCgroup(`/eci.slice/eci-2zefk0f0dbbh5kpl6nvk.slice/cri-containerd-${H}.scope`)).toEqual({
      group: 'eci-2zefk0f0dbbh5kpl6nvk',
      container: 'worker',
    });
    expect(a.fixed('eci-2zefk0f0dbbh5kpl6nvk', undefined)).toMatchObject({ name: 'batch-worker-0', namespace: 'jobs' });
  });

  it("takes a container capture over the cgroup's", async () => {
    expect(await make().subject({ cg: '/eci/eci-2zeone/app', c: 'sidecar' }, { cgroup: 'cg', container: 'c' })).toMatchObject({
      group: 'eci-2zeone',
      container: 'sidecar',
    });
  });

  it("follows a user's cgroup pattern instead of the default layout", () => {
    const a = make({ cgroupPattern: /^\/sandboxes\/(?<group>eci-[0-9a-z]+)\/containers\/(?<container>[^/]+)/ });
    expect(a.ofCgroup('/sandboxes/eci-2zeabc/containers/web')).toEqual({ group: 'eci-2zeabc', container: 'web' });
    expect(a.ofCgroup('/eci/eci-2zeone/app')).toBeUndefined();
  });

  it('remembers a pid after its process is gone', async () => {
    const proc = mkdtempSync(join(tmpdir(), 'eci-proc-'));
    try {
      cpSync(`${FIXTURES}/proc`, proc, { recursive: true });
      const a = make({ procRoot: proc });
      expect((await a.ofPid(4242))?.group).toBe('eci-2ze9hungtaskgroup01');
      rmSync(join(proc, '4242'), { recursive: true });
      expect((await a.ofPid(4242))?.group).toBe('eci-2ze9hungtaskgroup01');
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });

  it("makes an event nothing attributes the host's without a default group", async () => {
    expect(await make({ defaultGroup: undefined }).subject({}, {})).toEqual({
      kind: 'Node',
      name: 'h1',
      namespace: 'default',
      group: undefined,
      container: undefined,
    });
  });
});
