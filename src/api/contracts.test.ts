// The /v1 answers are serialised from the contracts' schemas (src/contracts), which leave out any
// field they do not declare: every answer a route builds must reach the client whole, and match
// its contract. Each route is read with resources of every kind in place, and what the handler
// returned is compared with what was sent.
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../contracts/index.js';
import { TEST_KEY } from '../../test/support/signed-fetch.js';
import { testApp, type TestApp } from '../../test/support/test-app.js';
import { signV3 } from './core/signature.js';
import { WorldAnswer } from './routes/world-schemas.js';

const NOW = Date.UTC(2026, 10, 28, 7, 51, 6) * 1000;
const S = 1e6;

describe('/v1 answers against their contracts', () => {
  let t: TestApp;
  /** What each handler returned, by method and URL, before serialization. */
  const built = new Map<string, unknown>();

  const call = (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const u = new URL(url, 'http://localhost:80');
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = signV3(
      {
        method,
        host: 'localhost:80',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        body: payload ?? '',
        action: 'Api',
        version: '2018-08-08',
        ...(payload === undefined ? {} : { contentType: 'application/json' }),
      },
      TEST_KEY.id,
      TEST_KEY.secret,
    );
    return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  };

  beforeAll(async () => {
    t = testApp({ now: NOW });
    t.app.addHook('preSerialization', async (req, _reply, payload) => {
      built.set(`${req.method} ${req.url}`, JSON.parse(JSON.stringify(payload)));
      return payload;
    });
    await t.addKey(TEST_KEY);
    const account = 'default';
    const regionId = 'cn-hangzhou';
    t.emulator.create({ account, regionId, containerGroupName: 'web', containers: [{ name: 'c', image: 'nginx' }] });
    t.emulator.imageCaches.create({ account, regionId, name: 'ic', images: ['nginx'] });
    t.emulator.dataCaches.create({ account, regionId, name: 'dc', path: '/d', dataSource: { type: 'URL', options: { url: 'https://data.example.com/d' } } });
    t.emulator.virtualNodes.create({
      account,
      regionId,
      vSwitchId: 'vsw-bp1emudefaultk000000',
      securityGroupId: 'sg-bp1emudefault0000000',
      kubeConfig: 'clusters:\n- name: c\n  cluster: { server: "https://10.0.0.1:6443" }\n',
      taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }],
      customResources: { 'nvidia.com/gpu': 2 },
    });
    await t.scheduler.advanceToInSteps(NOW + 600 * S);
    await t.recorder.drain();
    const node = { kind: 'Node', name: 'node-1', namespace: '' };
    const res = await call('POST', '/v1/ingest', {
      reports: [{ object: node, reason: 'OOMKilled', args: ['Out of memory'], source: { component: 'agent', host: 'h-1' } }],
    });
    expect(res.json()).toMatchObject({ accepted: 1 });
  });
  afterAll(() => t.close());

  const cases: Array<[string, TSchema]> = [
    ['/v1/events?limit=2', C.EventsPage],
    ['/v1/changes?limit=500', C.ChangesPage],
    ['/v1/events/histogram', C.Histogram],
    ['/v1/groups', C.GroupsPage],
    ['/v1/image-caches', C.ImageCachesPage],
    ['/v1/data-caches', C.DataCachesPage],
    ['/v1/virtual-nodes', C.VirtualNodesPage],
    ['/v1/catalog', C.CatalogAnswer],
    ['/v1/clock', C.ClockState],
    ['/v1/faults/kinds', C.FaultKindsAnswer],
    ['/v1/world', WorldAnswer],
  ];

  it.each(cases)('GET %s: sent whole, as its contract says', async (url, contract) => {
    const res = await call('GET', url);
    expect(res.statusCode, res.body).toBe(200);
    const sent = res.json();
    expect(sent).toEqual(built.get(`GET ${url}`));
    expect([...Value.Errors(contract, sent)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
  });

  it('sends each resource page whole, its OpenAPI detail included', async () => {
    for (const [list, page] of [
      ['/v1/groups', C.GroupPage],
      ['/v1/image-caches', C.ImageCachePage],
      ['/v1/data-caches', C.DataCachePage],
      ['/v1/virtual-nodes', C.VirtualNodePage],
    ] as const) {
      const [first] = (await call('GET', list)).json().items;
      const id = Object.values(first as Record<string, unknown>)[0] as string;
      const url = `${list}/${id}`;
      const res = await call('GET', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      expect(res.json()).toEqual(built.get(`GET ${url}`));
      expect(Object.keys(res.json().detail).length, url).toBeGreaterThan(3);
      expect([...Value.Errors(page, res.json())].map((e) => `${url} ${e.path}: ${e.message}`)).toEqual([]);
    }
  });

  it('sends every kind of resource and event in the pages above', async () => {
    // Not a vacuous pass: each list holds something with its optional fields set.
    for (const url of ['/v1/groups', '/v1/image-caches', '/v1/data-caches', '/v1/virtual-nodes'])
      expect((await call('GET', url)).json().items.length, url).toBeGreaterThan(0);
    const events = (await call('GET', '/v1/changes?limit=500')).json().items as C.ChangeItem[];
    expect(events.some((e) => e.source.host === 'h-1')).toBe(true);
    const node = (await call('GET', '/v1/virtual-nodes')).json().items[0] as C.VirtualNodeSummary;
    expect(node.taints).toEqual([{ key: 'k', value: 'v', effect: 'NoSchedule' }]);
    expect(node.capacity.custom).toEqual({ 'nvidia.com/gpu': 2 });
  });

  it.each(['ack', 'event'])('POST /v1/ingest?answer=%s: sent whole, as IngestAnswer says', async (answer) => {
    const url = `/v1/ingest?answer=${answer}`;
    const res = await call('POST', url, {
      reports: [
        { object: { name: 'web' }, reason: 'NoStock', args: ['cn-hangzhou-k'] },
        { object: { name: 'web' }, reason: 'NoSuchReason' },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(built.get(`POST ${url}`));
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 1, results: [{ ok: true }, { ok: false, error: { code: 'UnknownReason', field: 'reason' } }] });
    expect([...Value.Errors(C.IngestAnswer, res.json())].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
  });
});
