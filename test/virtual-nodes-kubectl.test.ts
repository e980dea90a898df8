// Virtual nodes seen by kubectl against `eci-events serve --kube-port 0 --clock virtual`: the node
// created with the CLI (its kubeconfig the one `eci-events kubeconfig` writes), `kubectl get
// nodes`, `kubectl describe node` with its labels, taints, Ready condition, capacity, the pods on
// it and its events, and a node that failed: not in the cluster, its events served.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from './support/cli.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const KUBECTL = '/usr/bin/kubectl';
const WORLD = `
regions:
  - regionId: cn-hangzhou
    idPrefix: bp1
    zones: [{ zoneId: cn-hangzhou-k }]
    vpcs: [{ vpcId: vpc-bp1main, isDefault: true, vSwitches: [{ vSwitchId: vsw-bp1k, zoneId: cn-hangzhou-k, cidr: 172.16.0.0/20 }] }]
    securityGroups: [{ securityGroupId: sg-bp1main, vpcId: vpc-bp1main }]
accounts:
  - id: default
    quotas: { vcpu: 200 }
`;

describe('virtual nodes through kubectl', () => {
  let dir: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let kubeconfig: string;
  let ready: string;
  let failed: string;
  const cli = (...args: string[]) => runCli([...args, '--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret]);
  const kubectl = (...args: string[]) => {
    const r = spawnSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-vnode-kubectl-'));
    writeFileSync(join(dir, 'world.yaml'), WORLD);
    serve = await startServe([
      '--db',
      join(dir, 'events.db'),
      '--kube-port',
      '0',
      '--throttle-rate',
      '0',
      '--clock',
      'virtual',
      '--world',
      join(dir, 'world.yaml'),
      ...TEST_KEY_FLAGS,
    ]);
    const config = cli('kubeconfig');
    expect(config.status, config.stderr).toBe(0);
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, config.stdout);
    writeFileSync(join(dir, 'broken'), 'apiVersion: v1\nclusters: []\n');

    // The node joins the cluster this service serves: its kubeconfig is kubectl's own.
    const made = cli(
      'virtual-nodes',
      'create',
      'vk-hangzhou',
      '--vswitch',
      'vsw-bp1k',
      '--security-group',
      'sg-bp1main',
      '--kubeconfig',
      kubeconfig,
      '--taint',
      'team=ml:NoSchedule',
      '--custom-resources',
      'example.com/fpga=2',
    );
    expect(made.status, made.stderr).toBe(0);
    ready = made.stdout.trim();
    const broken = cli('virtual-nodes', 'create', 'vk-broken', '--vswitch', 'vsw-bp1k', '--security-group', 'sg-bp1main', '--kubeconfig', join(dir, 'broken'));
    expect(broken.status, broken.stderr).toBe(0);
    failed = broken.stdout.trim();
    expect(cli('clock', 'advance', '1m').status).toBe(0);
    // Placed once the node is Ready, the group's pod is assigned to it.
    expect(cli('groups', 'create', 'web', '--image', 'nginx').status).toBe(0);
    expect(cli('clock', 'advance', '10s').status).toBe(0);
  });

  afterAll(() => {
    serve?.child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('virtual-nodes list shows one Ready and one Failed', () => {
    const list = cli('virtual-nodes', 'list', '--json');
    expect(list.status, list.stderr).toBe(0);
    const nodes = JSON.parse(list.stdout) as Array<{ VirtualNodeId: string; VirtualNodeName: string; Status: string }>;
    expect(nodes.map((n) => [n.VirtualNodeId, n.VirtualNodeName, n.Status]).sort()).toEqual(
      [
        [ready, 'vk-hangzhou', 'Ready'],
        [failed, 'vk-broken', 'Failed'],
      ].sort(),
    );
  });

  it('kubectl get nodes lists the registered node, as agent, with the virtual kubelet version', () => {
    const r = kubectl('get', 'nodes');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(/^vk-hangzhou\s+Ready\s+agent\s+\d+s\s+v1\.11\.2$/);
    const wide = kubectl('get', 'no', '-o', 'wide');
    expect(wide.stdout).toMatch(/vk-hangzhou\s+Ready\s+agent\s+\S+\s+v1\.11\.2\s+172\.16\.\d+\.\d+\s+<none>/);
    const json = JSON.parse(kubectl('get', 'node', 'vk-hangzhou', '-o', 'json').stdout) as {
      metadata: { uid: string; labels: Record<string, string> };
      spec: { taints: Array<Record<string, string>> };
      status: { capacity: Record<string, string>; conditions: Array<{ type: string; status: string }> };
    };
    expect(json.metadata.uid).toBe(ready);
    expect(json.metadata.labels).toMatchObject({ type: 'virtual-kubelet', 'kubernetes.io/role': 'agent' });
    expect(json.spec.taints).toEqual([
      { key: 'virtual-kubelet.io/provider', value: 'alibabacloud', effect: 'NoSchedule' },
      { key: 'team', value: 'ml', effect: 'NoSchedule' },
    ]);
    // The account's vCPU quota (200) is what the node offers, with the custom resource.
    expect(json.status.capacity).toMatchObject({ cpu: '200', memory: '800Gi', pods: '800', 'example.com/fpga': '2' });
    expect(json.status.conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'True' })]);
    expect(kubectl('get', 'node', 'vk-broken').stderr).toMatch(/nodes "vk-broken" not found/);
  });

  it('kubectl describe node shows labels, taints, the Ready condition, capacity, the pods on it and its events', () => {
    const r = kubectl('describe', 'node', 'vk-hangzhou');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+vk-hangzhou$/m);
    expect(r.stdout).toMatch(/^Roles:\s+agent$/m);
    expect(r.stdout).toMatch(/type=virtual-kubelet/);
    // kubectl sorts the taints.
    expect(r.stdout).toMatch(/^Taints:\s+team=ml:NoSchedule\n\s+virtual-kubelet\.io\/provider=alibabacloud:NoSchedule$/m);
    expect(r.stdout).toMatch(/^\s+Ready\s+True\s.*KubeletReady\s+kubelet is ready\.$/m);
    expect(r.stdout).toMatch(/^\s+cpu:\s+200$/m);
    // The account's group is a pod on its Ready virtual node.
    expect(r.stdout).toMatch(/^\s+default\s+web\s/m);
    expect(r.stdout).toMatch(/Normal\s+CreateEciForVnode\s+\S+\s+EciService\s+Create Eci eci-bp1\w+ for Vnode/);
    expect(r.stdout).toMatch(/Normal\s+CreateVnodeSuccess\s+\S+\s+EciService\s+Create vnode success/);
    const pod = JSON.parse(kubectl('get', 'pod', 'web', '-o', 'json').stdout) as { spec: { nodeName: string } };
    expect(pod.spec.nodeName).toBe('vk-hangzhou');
    const scheduled = kubectl('get', 'events', '--field-selector', 'involvedObject.name=web,reason=Scheduled', '-o', 'jsonpath={.items[*].message}');
    expect(scheduled.stdout).toBe('Successfully assigned default/web to vk-hangzhou');
    expect(kubectl('get', 'pods', '--field-selector', 'spec.nodeName=vk-hangzhou', '-o', 'name').stdout.trim()).toBe('pod/web');
  });

  it('a failed node is no Node, and its events are served with involvedObject.kind=Node', () => {
    const r = kubectl('get', 'events', '-A', '--field-selector', 'involvedObject.kind=Node,involvedObject.name=vk-broken', '-o', 'json');
    expect(r.status, r.stderr).toBe(0);
    const items = (JSON.parse(r.stdout) as { items: Array<{ reason: string; type: string; involvedObject: Record<string, string> }> }).items;
    expect(items.map((e) => [e.type, e.reason])).toEqual([
      ['Normal', 'CreateEciForVnode'],
      ['Warning', 'CreateVnodeFailed'],
    ]);
    expect(items[0]!.involvedObject).toMatchObject({ kind: 'Node', name: 'vk-broken', uid: failed });
    expect(items[0]!.involvedObject.namespace ?? '').toBe('');
  });

  it('virtual-nodes update changes what the cluster sees; delete removes the node; usage errors change nothing', () => {
    const up = cli('virtual-nodes', 'update', ready, '--custom-resources', 'example.com/fpga=4');
    expect(up.status, up.stderr).toBe(0);
    expect(up.stdout.trim()).toBe(`updated ${ready}`);
    expect(kubectl('get', 'node', 'vk-hangzhou', '-o', 'jsonpath={.status.capacity.example\\.com/fpga}').stdout).toBe('4');
    const missing = cli('virtual-nodes', 'create', 'vk-x', '--vswitch', 'vsw-bp1k');
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/--security-group/);
    const refused = cli('virtual-nodes', 'create', 'vk-x', '--vswitch', 'vsw-nope', '--security-group', 'sg-bp1main');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/InvalidVSwitchId\.NotFound/);
    const del = cli('virtual-nodes', 'delete', failed);
    expect(del.status, del.stderr).toBe(0);
    const left = JSON.parse(cli('virtual-nodes', 'list', '--json').stdout) as Array<{ VirtualNodeId: string }>;
    expect(left.map((n) => n.VirtualNodeId)).toEqual([ready]);
    // The deleted node's events stay.
    expect(kubectl('get', 'events', '-A', '--field-selector', 'involvedObject.name=vk-broken', '-o', 'name').stdout.trim().split('\n')).toHaveLength(2);
  });
});
