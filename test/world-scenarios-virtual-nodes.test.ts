// Virtual nodes through the official SDK against `eci-events serve --clock virtual`: one named
// scenario per VirtualNode row of the catalog (vnodeScenario, counted by
// world-scenarios-coverage.test.ts), each from its cause in the world, and the four operations
// end to end with their refusals, each refusal changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRows } from '../src/catalog/index.js';
import { vkImage, VNODE_TIMINGS } from '../src/emulator/virtual-nodes/index.js';
import { $Eci, sdkError } from './support/eci-sdk.js';
import { DEFAULT, DEFAULT_PULL, injectFault, S, startWorld, type WorldServer } from './support/world-scenarios.js';

const OTHER = 'other-account';
let ws: WorldServer;
beforeAll(async () => {
  ws = await startWorld(
    'vnodes',
    {
      regions: [
        {
          regionId: 'cn-hangzhou',
          idPrefix: 'bp1',
          defaultZoneId: 'cn-hangzhou-k',
          zones: [{ zoneId: 'cn-hangzhou-k' }, { zoneId: 'cn-hangzhou-j' }],
          vpcs: [
            {
              vpcId: 'vpc-bp1main',
              isDefault: true,
              vSwitches: [
                { vSwitchId: 'vsw-bp1k', zoneId: 'cn-hangzhou-k', cidr: '172.16.0.0/20' },
                // A /29 holds four addresses, all taken by the ENIs below.
                { vSwitchId: 'vsw-bp1full', zoneId: 'cn-hangzhou-j', cidr: '172.16.16.0/29' },
              ],
            },
            { vpcId: 'vpc-bp1other', vSwitches: [{ vSwitchId: 'vsw-bp1other', zoneId: 'cn-hangzhou-k', cidr: '10.0.0.0/24' }] },
          ],
          securityGroups: [
            { securityGroupId: 'sg-bp1main', vpcId: 'vpc-bp1main' },
            { securityGroupId: 'sg-bp1other', vpcId: 'vpc-bp1other' },
          ],
          enis: [1, 2, 3, 4].map((n) => ({ eniId: `eni-bp1rds${n}`, vSwitchId: 'vsw-bp1full', ip: `172.16.16.${n}` })),
        },
        // A region whose registry does not answer: the virtual kubelet's image cannot be pulled there.
        {
          regionId: 'cn-beijing',
          idPrefix: '2ze',
          zones: [{ zoneId: 'cn-beijing-a' }],
          vpcs: [{ vpcId: 'vpc-2zemain', isDefault: true, vSwitches: [{ vSwitchId: 'vsw-2zea', zoneId: 'cn-beijing-a', cidr: '192.168.0.0/24' }] }],
          securityGroups: [{ securityGroupId: 'sg-2zemain', vpcId: 'vpc-2zemain' }],
        },
      ],
      registries: [{ host: 'registry-vpc.cn-beijing.aliyuncs.com', reachable: false }],
      accounts: [{ id: DEFAULT }, { id: OTHER }],
    },
    [OTHER],
  );
});
afterAll(async () => ws?.stop());

/** A kubeconfig as `kubectl config view --raw` writes one, Base64-encoded as KubeConfig wants it. */
export const GOOD_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://10.0.0.1:6443
    certificate-authority-data: LS0tLS1CRUdJTg==
contexts:
- name: prod
  context: { cluster: prod, user: admin }
current-context: prod
users:
- name: admin
  user: { token: abc }
`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** From the create call to Ready: the instance starts, pulls the kubelet's image, the kubelet registers. */
const TO_READY = VNODE_TIMINGS.instanceStart + DEFAULT_PULL + VNODE_TIMINGS.register;

interface NodeEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
}

const VNODE_ROWS = seedRows.filter((r) => r.group === 'VirtualNode');

/** One scenario per VirtualNode row, named after the row and its cause. */
function vnodeScenario(reason: string, cause: string, fn: () => Promise<void>): void {
  const row = VNODE_ROWS.find((r) => r.reason === reason);
  if (!row) throw new Error(`no VirtualNode row ${reason}`);
  it(`${reason} (${row.type}: "${row.message}") ← ${cause}`, fn);
}

async function create(extra: Record<string, unknown> = {}, account = DEFAULT): Promise<string> {
  const r = await ws.client(account).createVirtualNode(
    new $Eci.CreateVirtualNodeRequest({
      regionId: 'cn-hangzhou',
      vSwitchId: 'vsw-bp1k',
      securityGroupId: 'sg-bp1main',
      kubeConfig: b64(GOOD_KUBECONFIG),
      ...extra,
    }),
  );
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toBeTruthy();
  expect(r.body!.virtualNodeId).toMatch(/^vnd-bp1[a-z0-9]{17}$/);
  return r.body!.virtualNodeId!;
}

async function describeNodes(req: Record<string, unknown> = {}, account = DEFAULT) {
  const r = await ws.client(account).describeVirtualNodes(new $Eci.DescribeVirtualNodesRequest({ regionId: 'cn-hangzhou', ...req }));
  expect(r.statusCode).toBe(200);
  return r.body!;
}

async function node(id: string, regionId = 'cn-hangzhou') {
  const body = await describeNodes({ regionId, virtualNodeIds: JSON.stringify([id]) });
  expect(body.virtualNodes).toHaveLength(1);
  const n = body.virtualNodes![0]!;
  // Events are listed newest first; read them in the order they happened.
  return { ...n, happened: ((n.events ?? []) as NodeEvent[]).slice().reverse() };
}

const line = (e: NodeEvent) => `${e.type} ${e.reason} ${e.message} ×${e.count}`;

describe('each VirtualNode row from its cause', () => {
  vnodeScenario('CreateEciForVnode', "CreateVirtualNode: the instance that runs the node's virtual kubelet is created", async () => {
    const id = await create({ virtualNodeName: 'eci-for-vnode' });
    const n = await node(id);
    expect(n.status).toBe('Pending');
    expect(n.happened).toHaveLength(1);
    expect(line(n.happened[0]!)).toMatch(/^Normal CreateEciForVnode Create Eci eci-bp1[a-z0-9]{17} for Vnode ×1$/);
    // The instance has its address in the vSwitch from the start.
    expect(n.intranetIp).toMatch(/^172\.16\.\d+\.\d+$/);
  });

  vnodeScenario('CreateVnodeSuccess', "the instance pulls the virtual kubelet image and the kubelet registers with the kubeconfig's cluster", async () => {
    const id = await create({ virtualNodeName: 'vnode-ok' });
    await ws.advance(`${Math.floor(TO_READY / S) - 1}s`);
    expect((await node(id)).status).toBe('Pending');
    await ws.advance('2s');
    const n = await node(id);
    expect(n.status).toBe('Ready');
    expect(n.happened.map(line)).toEqual([
      expect.stringMatching(/^Normal CreateEciForVnode Create Eci eci-bp1\w+ for Vnode ×1$/),
      'Normal CreateVnodeSuccess Create vnode success ×1',
    ]);
  });

  vnodeScenario('CreateVnodeFailed', 'a kubeconfig that is not YAML, or names no cluster, or no server; and a vSwitch with no free address', async () => {
    const bad = {
      'not-yaml': 'clusters: [unclosed',
      'no-cluster': 'apiVersion: v1\nkind: Config\nclusters: []\n',
      'no-server': 'apiVersion: v1\nclusters:\n- name: c\n  cluster: {}\n',
    };
    const ids = await Promise.all(Object.entries(bad).map(([name, text]) => create({ virtualNodeName: name, kubeConfig: b64(text) })));
    // The vSwitch is full: the instance gets no address and the node fails at once.
    const full = await create({ virtualNodeName: 'full-vswitch', vSwitchId: 'vsw-bp1full', zoneId: 'cn-hangzhou-j' });
    const f = await node(full);
    expect(f.status).toBe('Failed');
    expect(f.intranetIp).toBe('');
    expect(f.happened.map((e) => e.reason)).toEqual(['CreateEciForVnode', 'CreateVnodeFailed']);
    await ws.advance(`${Math.ceil(TO_READY / S) + 1}s`);
    for (const id of ids) {
      const n = await node(id);
      expect(n.status).toBe('Failed');
      expect(n.happened.map(line).slice(1)).toEqual(['Warning CreateVnodeFailed Create vnode failed ×1']);
    }
  });

  vnodeScenario(
    'VnodePullImageFailed',
    'the registry of the virtual kubelet image does not answer (an unreachable registry, or a registry-outage fault)',
    async () => {
      const r = await ws
        .client()
        .createVirtualNode(
          new $Eci.CreateVirtualNodeRequest({ regionId: 'cn-beijing', vSwitchId: 'vsw-2zea', securityGroupId: 'sg-2zemain', kubeConfig: b64(GOOD_KUBECONFIG) }),
        );
      const unreachable = r.body!.virtualNodeId!;
      const host = new URL(`https://${vkImage('cn-hangzhou')}`).host;
      await injectFault(ws, { kind: 'registry-outage', target: host, count: 1 });
      const outage = await create({ virtualNodeName: 'outage' });
      // The pull starts once the instance has (10 s) and times out after the dial timeout (30 s): the node fails then, not before.
      await ws.advance('40s');
      expect((await node(outage)).status).toBe('Pending');
      await ws.advance('1s');
      for (const n of [await node(unreachable, 'cn-beijing'), await node(outage)]) {
        expect(n.status).toBe('Failed');
        expect(n.happened.map(line).slice(1)).toEqual([
          'Warning VnodePullImageFailed Vnode pull image failed ×1',
          'Warning CreateVnodeFailed Create vnode failed ×1',
        ]);
      }
      // The fault had one hit: the next node pulls and registers.
      const next = await create({ virtualNodeName: 'after-outage' });
      await ws.advance('20s');
      expect((await node(next)).status).toBe('Ready');
    },
  );
});

describe('the four operations, end to end', () => {
  it('CreateVirtualNode and DescribeVirtualNodes: the node as the SDK reads it, filters and pages', async () => {
    const id = await create({
      virtualNodeName: 'described',
      resourceGroupId: 'rg-bp1x',
      tag: [new $Eci.CreateVirtualNodeRequestTag({ key: 'team', value: 'a' })],
    });
    await ws.advance('20s');
    const n = await node(id);
    expect(n).toMatchObject({
      virtualNodeId: id,
      virtualNodeName: 'described',
      regionId: 'cn-hangzhou',
      status: 'Ready',
      vpcId: 'vpc-bp1main',
      virtualNodeVSwitchId: 'vsw-bp1k',
      virtualNodeSecurityGroupId: 'sg-bp1main',
      resourceGroupId: 'rg-bp1x',
      tags: [{ key: 'team', value: 'a' }],
    });
    expect(n.creationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await describeNodes({ virtualNodeName: 'described' })).virtualNodes!.map((x) => x.virtualNodeId)).toEqual([id]);
    expect(
      (await describeNodes({ tag: [new $Eci.DescribeVirtualNodesRequestTag({ key: 'team', value: 'a' })] })).virtualNodes!.map((x) => x.virtualNodeId),
    ).toEqual([id]);
    expect((await describeNodes({ status: 'Failed' })).virtualNodes!.every((x) => x.status === 'Failed')).toBe(true);
    const all = await describeNodes();
    const first = await describeNodes({ limit: 2 });
    expect(first.virtualNodes).toHaveLength(2);
    expect(first.totalCount).toBe(all.totalCount);
    const second = await describeNodes({ limit: 2, nextToken: first.nextToken });
    expect(second.virtualNodes!.map((x) => x.virtualNodeId)).toEqual(all.virtualNodes!.slice(2, 4).map((x) => x.virtualNodeId));
    // Another account sees none of them.
    expect((await describeNodes({}, OTHER)).totalCount).toBe(0);
  });

  it('CreateVirtualNode with a ClientToken answers the same node again', async () => {
    const a = await create({ virtualNodeName: 'token-node', clientToken: 'vnode-token-1' });
    const b = await create({ virtualNodeName: 'token-node', clientToken: 'vnode-token-1' });
    expect(b).toBe(a);
  });

  it('CreateVirtualNode refuses bad input with the parameter named, 400 or 404, and creates nothing', async () => {
    const before = (await describeNodes()).totalCount;
    const req = (extra: Record<string, unknown>) => () =>
      ws
        .client()
        .createVirtualNode(new $Eci.CreateVirtualNodeRequest({ regionId: 'cn-hangzhou', vSwitchId: 'vsw-bp1k', securityGroupId: 'sg-bp1main', ...extra }));
    const cases: Array<[() => Promise<unknown>, string, number, string]> = [
      [req({ vSwitchId: undefined }), 'MissingParameter', 400, 'VSwitchId'],
      [req({ securityGroupId: undefined }), 'MissingParameter', 400, 'SecurityGroupId'],
      [req({ vSwitchId: 'vsw-nope' }), 'InvalidVSwitchId.NotFound', 400, 'vsw-nope'],
      [req({ securityGroupId: 'sg-nope' }), 'InvalidSecurityGroupId.NotFound', 400, 'sg-nope'],
      [req({ securityGroupId: 'sg-bp1other' }), 'InvalidParameter', 400, 'SecurityGroupId'],
      [req({ zoneId: 'cn-hangzhou-j' }), 'InvalidVSwitchId.ZoneMismatch', 400, 'cn-hangzhou-j'],
      [req({ zoneId: 'cn-hangzhou-z' }), 'InvalidZoneId.NotFound', 400, 'cn-hangzhou-z'],
      [req({ virtualNodeName: 'Upper_Case' }), 'InvalidParameter', 400, 'VirtualNodeName'],
      [req({ virtualNodeName: 'described' }), 'InvalidParameter', 400, 'VirtualNodeName'],
      [req({ kubeConfig: 'not base64!' }), 'InvalidParameter', 400, 'KubeConfig'],
      [req({ customResources: 'example.com' }), 'InvalidParameter', 400, 'CustomResources'],
      [req({ taint: [new $Eci.CreateVirtualNodeRequestTaint({ key: 'k', effect: 'Sometimes' })] }), 'InvalidParameter', 400, 'Taint.1.Effect'],
      [req({ regionId: 'cn-nowhere' }), 'InvalidRegionId.NotFound', 400, 'cn-nowhere'],
    ];
    for (const [call, code, status, mentions] of cases) {
      const e = await sdkError(call());
      expect({ code: e.code, status: e.statusCode }, e.message).toEqual({ code, status });
      expect(e.message).toContain(mentions);
    }
    expect((await describeNodes()).totalCount).toBe(before);
  });

  it('UpdateVirtualNode changes name, tags and what the cluster sees; unknown ids and bad names are refused, changing nothing', async () => {
    const id = await create({ virtualNodeName: 'to-update' });
    await ws.advance('20s');
    const r = await ws.client().updateVirtualNode(
      new $Eci.UpdateVirtualNodeRequest({
        regionId: 'cn-hangzhou',
        virtualNodeId: id,
        virtualNodeName: 'updated',
        tag: [new $Eci.UpdateVirtualNodeRequestTag({ key: 'env', value: 'prod' })],
        customResources: 'example.com/gpu=4',
      }),
    );
    expect(r.statusCode).toBe(200);
    expect(await node(id)).toMatchObject({ virtualNodeName: 'updated', tags: [{ key: 'env', value: 'prod' }], status: 'Ready' });
    const cases: Array<[Record<string, unknown>, string, number, string]> = [
      [{ virtualNodeId: 'vnd-bp1doesnotexist0000' }, 'InvalidVirtualNodeId.NotFound', 404, 'vnd-bp1doesnotexist0000'],
      [{ virtualNodeId: 'eci-123' }, 'InvalidParameter', 400, 'VirtualNodeId'],
      [{}, 'MissingParameter', 400, 'VirtualNodeId'],
      [{ virtualNodeId: id, virtualNodeName: '-bad-' }, 'InvalidParameter', 400, 'VirtualNodeName'],
      [{ virtualNodeId: id, virtualNodeName: 'described' }, 'InvalidParameter', 400, 'VirtualNodeName'],
    ];
    for (const [extra, code, status, mentions] of cases) {
      const e = await sdkError(ws.client().updateVirtualNode(new $Eci.UpdateVirtualNodeRequest({ regionId: 'cn-hangzhou', ...extra })));
      expect({ code: e.code, status: e.statusCode }, e.message).toEqual({ code, status });
      expect(e.message).toContain(mentions);
    }
    // Another account's node is as absent as one that never was.
    const foreign = await sdkError(
      ws.client(OTHER).updateVirtualNode(new $Eci.UpdateVirtualNodeRequest({ regionId: 'cn-hangzhou', virtualNodeId: id, virtualNodeName: 'stolen' })),
    );
    expect(foreign.code).toBe('InvalidVirtualNodeId.NotFound');
    expect(await node(id)).toMatchObject({ virtualNodeName: 'updated', tags: [{ key: 'env', value: 'prod' }] });
  });

  it('DeleteVirtualNode removes the node and frees its address; deleting it again is NotFound', async () => {
    const id = await create({ virtualNodeName: 'to-delete' });
    const ip = (await node(id)).intranetIp;
    const foreign = await sdkError(ws.client(OTHER).deleteVirtualNode(new $Eci.DeleteVirtualNodeRequest({ regionId: 'cn-hangzhou', virtualNodeId: id })));
    expect({ code: foreign.code, status: foreign.statusCode }).toEqual({ code: 'InvalidVirtualNodeId.NotFound', status: 404 });
    expect((await node(id)).virtualNodeId).toBe(id);
    const r = await ws.client().deleteVirtualNode(new $Eci.DeleteVirtualNodeRequest({ regionId: 'cn-hangzhou', virtualNodeId: id }));
    expect(r.statusCode).toBe(200);
    expect((await describeNodes({ virtualNodeIds: JSON.stringify([id]) })).totalCount).toBe(0);
    const again = await sdkError(ws.client().deleteVirtualNode(new $Eci.DeleteVirtualNodeRequest({ regionId: 'cn-hangzhou', virtualNodeId: id })));
    expect({ code: again.code, status: again.statusCode }).toEqual({ code: 'InvalidVirtualNodeId.NotFound', status: 404 });
    // The lowest free address is taken next: the one the deleted node's instance held.
    const next = await create({ virtualNodeName: 'reuses-address' });
    expect((await node(next)).intranetIp).toBe(ip);
  });

  it('DescribeVirtualNodes refuses bad filters with the parameter named', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ virtualNodeIds: 'vnd-1' }, 'VirtualNodeIds'],
      [{ virtualNodeIds: JSON.stringify(['eci-1']) }, 'VirtualNodeIds'],
      [{ virtualNodeIds: JSON.stringify(Array.from({ length: 21 }, (_, i) => `vnd-${i}`)) }, 'VirtualNodeIds'],
      [{ status: 'Running' }, 'Status'],
      [{ limit: 21 }, 'Limit'],
      [{ nextToken: 'garbage' }, 'NextToken'],
    ];
    for (const [extra, name] of cases) {
      const e = await sdkError(ws.client().describeVirtualNodes(new $Eci.DescribeVirtualNodesRequest({ regionId: 'cn-hangzhou', ...extra })));
      expect({ code: e.code, status: e.statusCode }, e.message).toEqual({ code: 'InvalidParameter', status: 400 });
      expect(e.message).toContain(name);
    }
  });
});
