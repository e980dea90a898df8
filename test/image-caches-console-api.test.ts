// The console's image caches on the JSON API, against `eci-events serve --clock virtual`: caches
// made with the official SDK, listed by GET /v1/image-caches (filters, cursor pages, the account's
// only), one by GET /v1/image-caches/:id, and its events by GET /v1/events?kind=ImageCache&name=ID,
// as the clock moves the build from Preparing to Ready.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci } from './support/eci-sdk.js';
import { DEFAULT, startWorld, type WorldServer } from './support/world-scenarios.js';

const OTHER = 'acct-imcon-other';

let ws: WorldServer;
beforeAll(async () => {
  ws = await startWorld(
    'imconsole',
    {
      regions: [
        { regionId: 'cn-hangzhou', idPrefix: 'bp1', zones: [{ zoneId: 'cn-hangzhou-k' }] },
        { regionId: 'cn-beijing', idPrefix: '2ze', zones: [{ zoneId: 'cn-beijing-i' }] },
      ],
      accounts: [{ id: DEFAULT }, { id: OTHER }],
      registries: [
        { host: 'reg.example.com', speedMBps: 100, latencyMs: 5, closed: true, images: [{ repository: 'team/web', tags: ['1'], sizeMB: 500, layers: 4 }] },
      ],
    },
    [OTHER],
  );
}, 60_000);
afterAll(async () => ws?.stop());

async function create(account: string, regionId: string, name: string, images: string[]): Promise<string> {
  const r = await ws.client(account).createImageCache(new $Eci.CreateImageCacheRequest({ regionId, imageCacheName: name, image: images }));
  expect(r.statusCode).toBe(200);
  return r.body!.imageCacheId!;
}

type Item = Record<string, any>;
const list = async (query = '') => {
  const r = await ws.control('GET', `/v1/image-caches${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { total: number; items: Item[]; next?: string };
};
const eventsOf = async (id: string, extra = '') => {
  const r = await ws.control('GET', `/v1/events?kind=ImageCache&name=${id}${extra}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as Item[];
};

describe('GET /v1/image-caches and /v1/image-caches/:id', () => {
  let web: string;
  let beijing: string;
  let foreign: string;

  beforeAll(async () => {
    web = await create(DEFAULT, 'cn-hangzhou', 'web-cache', ['reg.example.com/team/web:1']);
    await ws.advance('1s');
    beijing = await create(DEFAULT, 'cn-beijing', 'bj-cache', ['nginx:1.25']);
    foreign = await create(OTHER, 'cn-hangzhou', 'theirs', ['reg.example.com/team/web:1']);
  });

  it("lists the account's caches in every region, newest first, with what the console shows", async () => {
    const page = await list();
    expect(page.total).toBe(2);
    expect(page.next).toBeUndefined();
    expect(page.items.map((c) => c.imageCacheId)).toEqual([beijing, web]);
    expect(page.items[1]).toMatchObject({
      imageCacheId: web,
      name: 'web-cache',
      status: 'Preparing',
      images: ['reg.example.com/team/web:1'],
      sizeGiB: 20,
      progress: '0%',
      regionId: 'cn-hangzhou',
      zoneId: 'cn-hangzhou-k',
      creationTime: '2026-03-01T00:00:00.5Z',
      containerGroupId: expect.stringMatching(/^eci-bp1/),
    });
    expect(page.items[0]).toMatchObject({ regionId: 'cn-beijing', zoneId: 'cn-beijing-i', creationTime: '2026-03-01T00:00:01.5Z' });
    // The other account sees its own cache only.
    const theirs = await ws.control('GET', '/v1/image-caches', undefined, OTHER);
    expect((theirs.body.items as Item[]).map((c) => c.imageCacheId)).toEqual([foreign]);
  });

  it('filters by status, region and text (id, name or image), and pages by cursor', async () => {
    expect((await list('?regionId=cn-beijing')).items.map((c) => c.imageCacheId)).toEqual([beijing]);
    expect((await list('?q=WEB-')).items.map((c) => c.imageCacheId)).toEqual([web]);
    expect((await list('?q=nginx')).items.map((c) => c.imageCacheId)).toEqual([beijing]);
    expect((await list(`?q=${web.slice(-6)}`)).items.map((c) => c.imageCacheId)).toEqual([web]);
    expect(await list('?status=Ready')).toEqual({ total: 0, items: [] });
    const first = await list('?limit=1');
    expect(first.items.map((c) => c.imageCacheId)).toEqual([beijing]);
    expect(first.total).toBe(2);
    expect(first.next).toEqual(expect.any(String));
    // A cache created between the pages comes before the cursor: the next page neither repeats nor skips.
    const late = await create(DEFAULT, 'cn-hangzhou', 'late', ['reg.example.com/team/web:1']);
    const second = await list(`?limit=1&after=${first.next}`);
    expect(second.items.map((c) => c.imageCacheId)).toEqual([web]);
    expect(second.next).toBeUndefined();
    const del = await ws.client(DEFAULT).deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheId: late }));
    expect(del.statusCode).toBe(200);
  });

  it("answers nothing without credentials (a signature or the console's session)", async () => {
    for (const path of ['/v1/image-caches', `/v1/image-caches/${web}`, `/v1/events?kind=ImageCache&name=${web}`]) {
      const res = await fetch(`${ws.server.url}${path}`);
      expect(res.status, path).toBe(401);
      expect(JSON.stringify(await res.json()), path).not.toContain(web.slice(4));
    }
  });

  it('refuses bad parameters with 400 InvalidParameter naming them', async () => {
    for (const [query, field] of [
      ['?after=bm9wZQ', 'after'],
      ['?status=Done', 'status'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      // An unknown parameter: Fastify's message says "additional properties" without its name.
      ['?sort=name', 'additional properties'],
    ] as const) {
      const r = await ws.control('GET', `/v1/image-caches${query}`);
      expect(r.status, query).toBe(400);
      expect((r.body.error as Item).code, query).toBe('InvalidParameter');
      expect((r.body.error as Item).message, query).toContain(field);
    }
    const r = await ws.control('GET', '/v1/events?kind=');
    expect(r.status).toBe(400);
    expect((r.body.error as Item).message).toContain('kind');
  });

  it("answers one cache (as DescribeImageCaches renders it), and 404 naming a cache that is not the caller's", async () => {
    const one = await ws.control('GET', `/v1/image-caches/${web}`);
    expect(one.status).toBe(200);
    expect(one.body.summary).toMatchObject({ imageCacheId: web, status: 'Preparing' });
    expect(one.body.detail).toMatchObject({
      ImageCacheId: web,
      ImageCacheName: 'web-cache',
      Status: 'Preparing',
      RegionId: 'cn-hangzhou',
      Images: ['reg.example.com/team/web:1'],
    });
    expect(one.body.detail).not.toHaveProperty('Events');
    for (const [id, account] of [
      [foreign, DEFAULT],
      [web, OTHER],
      ['imc-bp1nonexistent00000', DEFAULT],
    ] as const) {
      const r = await ws.control('GET', `/v1/image-caches/${id}`, undefined, account);
      expect(r.status).toBe(404);
      expect(r.body.error).toEqual({ code: 'NotFound', message: `no image cache "${id}" in this account` });
    }
  });

  it('follows the build on the clock, Preparing → Creating → Ready, its events counted and listed by kind and name', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 40 && seen.at(-1) !== 'Ready'; i++) {
      const c = (await ws.control('GET', `/v1/image-caches/${web}`)).body.summary as Item;
      if (seen.at(-1) !== c.status) seen.push(c.status);
      await ws.advance('10s');
    }
    expect(seen).toEqual(['Preparing', 'Creating', 'Ready']);
    const item = (await list('?status=Ready&regionId=cn-hangzhou')).items;
    expect(item.map((c) => c.imageCacheId)).toEqual([web]);
    expect(item[0]).toMatchObject({ progress: '100%', snapshotId: expect.stringMatching(/^s-bp1/), usedBytes: expect.any(Number), warningCount: 0 });

    const events = await eventsOf(web);
    expect(events.map((e) => e.reason)).toContain('ImageCacheCreate');
    expect(events[0]).toMatchObject({ reason: 'ImageCacheFinished', type: 'Normal', count: 1, message: `Image cache [${web}] has been made successfully` });
    expect(events.every((e) => e.involvedObject.kind === 'ImageCache' && e.involvedObject.name === web)).toBe(true);
    // The list's count is the number of stored events of the cache, each once whatever its count.
    expect(item[0]!.eventCount).toBe(events.length);
    expect(item[0]!.lastEventAt).toBe(events[0]!.lastTimestamp);
    // Another cache's events and another kind's are not among them; filters combine.
    expect((await eventsOf(beijing)).some((e) => e.involvedObject.name === web)).toBe(false);
    expect(await eventsOf(web, '&type=Warning')).toEqual([]);
    expect((await eventsOf(web, '&reason=ImageCacheFinished')).map((e) => e.reason)).toEqual(['ImageCacheFinished']);
    const pods = await ws.control('GET', `/v1/events?kind=Pod&name=${web}`);
    expect(pods.body.items).toEqual([]);
    // Another account asking by the cache's name finds nothing.
    const theirs = await ws.control('GET', `/v1/events?kind=ImageCache&name=${web}`, undefined, OTHER);
    expect(theirs.body.items).toEqual([]);
    // The histogram takes the same filter.
    const h = await ws.control('GET', `/v1/events/histogram?kind=ImageCache&name=${web}&from=2026-03-01T00:00:00Z&to=2026-03-01T01:00:00Z&buckets=1`);
    expect(h.status).toBe(200);
    expect((h.body.buckets as Item[])[0]).toMatchObject({ Warning: 0, Normal: events.reduce((n, e) => n + e.count, 0) });
  }, 60_000);
});
