// The console's data caches on the JSON API, against `eci-events serve --clock virtual`: caches
// made with the official SDK, listed by GET /v1/data-caches (filters, cursor pages, the account's
// only), one by GET /v1/data-caches/:id, and its events by GET /v1/events?kind=DataCache&name=ID,
// as the clock moves each load to its end: Available, or Failed with the Warning of its cause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci } from './support/eci-sdk.js';
import { DEFAULT, startWorld, type WorldServer } from './support/world-scenarios.js';

const OTHER = 'acct-dccon-other';
const HZ = 'cn-hangzhou';

let ws: WorldServer;
beforeAll(async () => {
  ws = await startWorld(
    'dcconsole',
    {
      regions: [
        { regionId: HZ, idPrefix: 'bp1', zones: [{ zoneId: 'cn-hangzhou-k' }] },
        { regionId: 'cn-beijing', idPrefix: '2ze', zones: [{ zoneId: 'cn-beijing-i' }] },
      ],
      accounts: [{ id: DEFAULT }, { id: OTHER }],
      dataSources: [
        { type: 'URL', location: 'https://models.example.com/qwen-7b', sizeGB: 2 },
        { type: 'URL', location: 'https://models.example.com/huge', sizeGB: 30 },
      ],
    },
    [OTHER],
  );
}, 60_000);
afterAll(async () => ws?.stop());

async function create(account: string, regionId: string, path: string, url: string, more: Record<string, unknown> = {}): Promise<string> {
  const dataSource = new $Eci.CreateDataCacheRequestDataSource({ type: 'URL', options: { url } });
  const r = await ws.client(account).createDataCache(new $Eci.CreateDataCacheRequest({ regionId, path, dataSource, ...more }));
  expect(r.statusCode).toBe(200);
  return r.body!.dataCacheId!;
}

type Item = Record<string, any>;
const list = async (query = '') => {
  const r = await ws.control('GET', `/v1/data-caches${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { total: number; items: Item[]; next?: string };
};
const one = async (id: string) => {
  const r = await ws.control('GET', `/v1/data-caches/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { summary: Item; detail: Item };
};
const eventsOf = async (id: string, extra = '') => {
  const r = await ws.control('GET', `/v1/events?kind=DataCache&name=${id}${extra}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as Item[];
};

describe('GET /v1/data-caches and /v1/data-caches/:id', () => {
  let qwen: string;
  let huge: string;
  let nowhere: string;
  let beijing: string;
  let foreign: string;

  beforeAll(async () => {
    qwen = await create(DEFAULT, HZ, '/models/qwen', 'https://models.example.com/qwen-7b', { name: 'qwen', bucket: 'team-a' });
    await ws.advance('1s');
    huge = await create(DEFAULT, HZ, '/models/huge', 'https://models.example.com/huge', { size: 20 });
    await ws.advance('1s');
    nowhere = await create(DEFAULT, HZ, '/models/nowhere', 'https://nowhere.example.com/data');
    await ws.advance('1s');
    beijing = await create(DEFAULT, 'cn-beijing', '/bj', 'https://models.example.com/qwen-7b');
    foreign = await create(OTHER, HZ, '/theirs', 'https://models.example.com/qwen-7b');
  });

  it("lists the account's caches in every region, newest first, with what the console shows", async () => {
    const page = await list();
    expect(page.total).toBe(4);
    expect(page.next).toBeUndefined();
    expect(page.items.map((c) => c.dataCacheId)).toEqual([beijing, nowhere, huge, qwen]);
    expect(page.items[3]).toMatchObject({
      dataCacheId: qwen,
      name: 'qwen',
      status: 'Creating',
      bucket: 'team-a',
      path: '/models/qwen',
      sourceType: 'URL',
      sourceOptions: { url: 'https://models.example.com/qwen-7b' },
      sizeGiB: 20,
      progress: '0%',
      regionId: HZ,
      eventCount: 0,
      warningCount: 0,
    });
    expect(page.items[0]).toMatchObject({ regionId: 'cn-beijing', bucket: 'default' });
    const theirs = await ws.control('GET', '/v1/data-caches', undefined, OTHER);
    expect((theirs.body.items as Item[]).map((c) => c.dataCacheId)).toEqual([foreign]);
  });

  it('filters by status, region and text (id, name, bucket or path), and pages by cursor', async () => {
    expect((await list('?regionId=cn-beijing')).items.map((c) => c.dataCacheId)).toEqual([beijing]);
    expect((await list('?q=TEAM-A')).items.map((c) => c.dataCacheId)).toEqual([qwen]);
    expect((await list('?q=/models/h')).items.map((c) => c.dataCacheId)).toEqual([huge]);
    expect((await list(`?q=${nowhere.slice(-6)}`)).items.map((c) => c.dataCacheId)).toEqual([nowhere]);
    expect(await list('?status=Available')).toEqual({ total: 0, items: [] });
    const first = await list('?limit=3');
    expect(first.items.map((c) => c.dataCacheId)).toEqual([beijing, nowhere, huge]);
    expect(first.next).toEqual(expect.any(String));
    // A cache created between the pages comes before the cursor: the next page neither repeats nor skips.
    const late = await create(DEFAULT, HZ, '/late', 'https://models.example.com/qwen-7b');
    const second = await list(`?limit=3&after=${first.next}`);
    expect(second.items.map((c) => c.dataCacheId)).toEqual([qwen]);
    expect(second.next).toBeUndefined();
    const del = await ws.client(DEFAULT).deleteDataCache(new $Eci.DeleteDataCacheRequest({ regionId: HZ, dataCacheId: late }));
    expect(del.statusCode).toBe(200);
  });

  it('answers nothing without credentials', async () => {
    for (const path of ['/v1/data-caches', `/v1/data-caches/${qwen}`]) {
      const res = await fetch(`${ws.server.url}${path}`);
      expect(res.status, path).toBe(401);
      expect(JSON.stringify(await res.json()), path).not.toContain(qwen.slice(4));
    }
  });

  it("refuses bad parameters with 400 InvalidParameter naming them, and 404 names a cache that is not the caller's", async () => {
    for (const [query, field] of [
      ['?after=bm9wZQ', 'after'],
      ['?status=Ready', 'status'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?sort=name', 'additional properties'],
    ] as const) {
      const r = await ws.control('GET', `/v1/data-caches${query}`);
      expect(r.status, query).toBe(400);
      expect((r.body.error as Item).code, query).toBe('InvalidParameter');
      expect((r.body.error as Item).message, query).toContain(field);
    }
    for (const [id, account] of [
      [foreign, DEFAULT],
      [qwen, OTHER],
      ['edc-nonexistent', DEFAULT],
    ] as const) {
      const r = await ws.control('GET', `/v1/data-caches/${id}`, undefined, account);
      expect(r.status).toBe(404);
      expect(r.body.error).toEqual({ code: 'NotFound', message: `no data cache "${id}" in this account` });
    }
  });

  it("follows each load on the clock to its end, the cache's own events (kind DataCache) counted and listed", async () => {
    const seen: string[] = [];
    for (let i = 0; i < 60 && seen.at(-1) !== 'Available'; i++) {
      const s = (await one(qwen)).summary;
      if (seen.at(-1) !== s.status) seen.push(s.status);
      await ws.advance('10s');
    }
    expect(seen).toEqual(['Creating', 'Loading', 'Available']);
    await ws.advance('10m');

    const { summary, detail } = await one(qwen);
    expect(summary).toMatchObject({
      status: 'Available',
      progress: '100%',
      snapshotId: expect.any(String),
      containerGroupId: expect.stringMatching(/^eci-/),
      eventCount: 0,
      warningCount: 0,
    });
    expect(detail).toMatchObject({ DataCacheId: qwen, Name: 'qwen', Status: 'Available', Bucket: 'team-a', Path: '/models/qwen', Size: 20 });
    expect(detail).not.toHaveProperty('Events');
    // A good load records nothing about the cache itself; its job's events are the job's (kind Pod).
    expect(await eventsOf(qwen)).toEqual([]);

    // No source at that URL: refused before any job, the Warning filed under the cache's id.
    const illegal = await one(nowhere);
    expect(illegal.summary).toMatchObject({ status: 'Failed', warningCount: 1, eventCount: 1 });
    expect(illegal.summary.containerGroupId).toBeUndefined();
    const illegalEvents = await eventsOf(nowhere);
    expect(illegalEvents.map((e) => e.reason)).toEqual(['DataCacheSourceIllegal']);
    expect(illegal.summary.lastEventAt).toBe(illegalEvents[0]!.lastTimestamp);

    // 30 GB into 20 GiB: the job ran and failed; the cache's Warning is filed under the job, yet counted as the cache's.
    const full = await one(huge);
    expect(full.summary.status).toBe('Failed');
    const fullEvents = await eventsOf(huge);
    expect(fullEvents.map((e) => e.reason)).toContain('DataCacheLoadFailed');
    expect(fullEvents.every((e) => e.involvedObject.kind === 'DataCache' && e.involvedObject.name === huge)).toBe(true);
    expect(full.summary).toMatchObject({ eventCount: fullEvents.length, warningCount: fullEvents.filter((e) => e.type === 'Warning').length });
    const jobEvents = await ws.control('GET', `/v1/events?containerGroupId=${full.summary.containerGroupId}`);
    expect(jobEvents.status).toBe(200);
    const kinds = new Set((jobEvents.body.items as Item[]).map((e) => e.involvedObject.kind));
    expect([...kinds].sort()).toEqual(['DataCache', 'Pod']);

    const failed = await list('?status=Failed');
    expect(failed.items.map((c) => c.dataCacheId)).toEqual([nowhere, huge]);
    // Another account asking by the cache's name finds nothing.
    expect((await ws.control('GET', `/v1/events?kind=DataCache&name=${nowhere}`, undefined, OTHER)).body.items).toEqual([]);
  }, 60_000);
});
