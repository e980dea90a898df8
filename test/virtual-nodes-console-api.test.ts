// The console's virtual nodes on the JSON API, against `eci-events serve --clock virtual`: nodes
// made with the official SDK, listed by GET /v1/virtual-nodes (filters, cursor pages, the
// account's only), one by GET /v1/virtual-nodes/:id, and its events by GET /v1/events with
// kind=Node, its name and its instance, as the clock moves one node to Ready and another fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci } from './support/eci-sdk.js';
import { DEFAULT, startWorld, type WorldServer } from './support/world-scenarios.js';

const OTHER = 'acct-vncon-other';
const HZ = 'cn-hangzhou';
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: { server: 'https://10.0.0.1:6443' }
contexts:
- name: prod
  context: { cluster: prod, user: admin }
current-context: prod
users:
- name: admin
  user: { token: abc }
`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

let ws: WorldServer;
beforeAll(async () => {
  ws = await startWorld(
    'vnconsole',
    {
      regions: [
        {
          regionId: HZ,
          idPrefix: 'bp1',
          zones: [{ zoneId: 'cn-hangzhou-k' }],
          vpcs: [{ vpcId: 'vpc-bp1main', isDefault: true, vSwitches: [{ vSwitchId: 'vsw-bp1k', zoneId: 'cn-hangzhou-k', cidr: '172.16.0.0/20' }] }],
          securityGroups: [{ securityGroupId: 'sg-bp1main', vpcId: 'vpc-bp1main' }],
        },
      ],
      accounts: [{ id: DEFAULT }, { id: OTHER }],
    },
    [OTHER],
  );
}, 60_000);
afterAll(async () => ws?.stop());

async function create(account: string, name: string, kubeConfig = KUBECONFIG): Promise<string> {
  const r = await ws.client(account).createVirtualNode(
    new $Eci.CreateVirtualNodeRequest({
      regionId: HZ,
      vSwitchId: 'vsw-bp1k',
      securityGroupId: 'sg-bp1main',
      virtualNodeName: name,
      kubeConfig: b64(kubeConfig),
    }),
  );
  expect(r.statusCode).toBe(200);
  return r.body!.virtualNodeId!;
}

type Item = Record<string, any>;
const list = async (query = '') => {
  const r = await ws.control('GET', `/v1/virtual-nodes${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { total: number; items: Item[]; next?: string };
};
const one = async (id: string) => {
  const r = await ws.control('GET', `/v1/virtual-nodes/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { summary: Item; detail: Item };
};

describe('GET /v1/virtual-nodes and /v1/virtual-nodes/:id', () => {
  let good: string;
  let broken: string;
  let foreign: string;

  beforeAll(async () => {
    good = await create(DEFAULT, 'vk-good');
    await ws.advance('1s');
    broken = await create(DEFAULT, 'vk-broken', 'apiVersion: v1\nkind: Config\nclusters: []\n');
    foreign = await create(OTHER, 'vk-theirs');
  });

  it("lists the account's nodes, newest first, with what the console shows; filters and pages", async () => {
    const page = await list();
    expect(page.total).toBe(2);
    expect(page.items.map((n) => n.virtualNodeId)).toEqual([broken, good]);
    expect(page.items[1]).toMatchObject({
      virtualNodeId: good,
      name: 'vk-good',
      status: 'Pending',
      regionId: HZ,
      zoneId: 'cn-hangzhou-k',
      vpcId: 'vpc-bp1main',
      vSwitchId: 'vsw-bp1k',
      securityGroupId: 'sg-bp1main',
      intranetIp: expect.stringMatching(/^172\.16\./),
      eciInstanceId: expect.stringMatching(/^eci-bp1/),
      taints: [],
      capacity: { cpu: expect.any(Number), memoryGiB: expect.any(Number), pods: expect.any(Number), custom: {} },
      eventCount: 1,
      warningCount: 0,
    });
    expect(((await ws.control('GET', '/v1/virtual-nodes', undefined, OTHER)).body.items as Item[]).map((n: Item) => n.virtualNodeId)).toEqual([foreign]);
    expect((await list('?q=VK-GOOD')).items.map((n) => n.virtualNodeId)).toEqual([good]);
    expect((await list('?regionId=cn-beijing')).items).toEqual([]);
    const first = await list('?limit=1');
    expect(first.items.map((n) => n.virtualNodeId)).toEqual([broken]);
    const second = await list(`?limit=1&after=${first.next}`);
    expect(second.items.map((n) => n.virtualNodeId)).toEqual([good]);
    expect(second.next).toBeUndefined();
  });

  it("refuses bad parameters with 400 InvalidParameter naming them, and 404 names a node that is not the caller's", async () => {
    for (const [query, field] of [
      ['?after=bm9wZQ', 'after'],
      ['?status=Running', 'status'],
      ['?limit=0', 'limit'],
      ['?sort=name', 'additional properties'],
    ] as const) {
      const r = await ws.control('GET', `/v1/virtual-nodes${query}`);
      expect(r.status, query).toBe(400);
      expect((r.body.error as Item).code, query).toBe('InvalidParameter');
      expect((r.body.error as Item).message, query).toContain(field);
    }
    for (const [id, account] of [
      [foreign, DEFAULT],
      [good, OTHER],
      ['vnd-bp1nothere', DEFAULT],
    ] as const) {
      const r = await ws.control('GET', `/v1/virtual-nodes/${id}`, undefined, account);
      expect(r.status).toBe(404);
      expect(r.body.error).toEqual({ code: 'NotFound', message: `no virtual node "${id}" in this account` });
    }
    const res = await fetch(`${ws.server.url}/v1/virtual-nodes`);
    expect(res.status).toBe(401);
  });

  it('follows the nodes on the clock, Pending → Ready and Failed, their events (kind Node) counted and listed', async () => {
    for (let i = 0; i < 30 && (await one(good)).summary.status !== 'Ready'; i++) await ws.advance('10s');
    const { summary, detail } = await one(good);
    expect(summary).toMatchObject({ status: 'Ready', apiServer: 'https://10.0.0.1:6443' });
    expect(detail).toMatchObject({ VirtualNodeId: good, VirtualNodeName: 'vk-good', Status: 'Ready' });
    expect(detail).not.toHaveProperty('Events');
    const events = (await ws.control('GET', `/v1/events?kind=Node&name=vk-good&containerGroupId=${summary.eciInstanceId}`)).body.items as Item[];
    expect(events.map((e) => e.reason)).toEqual(['CreateVnodeSuccess', 'CreateEciForVnode']);
    expect(events.every((e) => e.involvedObject.kind === 'Node' && e.involvedObject.uid === good)).toBe(true);
    expect(summary).toMatchObject({ eventCount: events.length, warningCount: 0, lastEventAt: events[0]!.lastTimestamp });

    const failed = (await one(broken)).summary;
    expect(failed.status).toBe('Failed');
    const bad = (await ws.control('GET', `/v1/events?kind=Node&name=vk-broken&containerGroupId=${failed.eciInstanceId}`)).body.items as Item[];
    expect(bad.map((e) => e.reason)).toContain('CreateVnodeFailed');
    expect(failed).toMatchObject({ eventCount: bad.length, warningCount: bad.filter((e) => e.type === 'Warning').length });
    expect(failed.warningCount).toBeGreaterThan(0);
    expect((await list('?status=Failed')).items.map((n) => n.virtualNodeId)).toEqual([broken]);
  }, 60_000);
});
