// GET /v1/groups and /v1/groups/:id against a started `eci-events serve` on a virtual clock: the
// emulator's groups (made through the official SDK) merged with groups only their events know,
// searched, filtered, sorted and paged, with counts from the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci, REGION, sdkClient, startServer, type EciClient, type Server } from './support/eci-sdk.js';
import { create } from './support/eci-views.js';
import { cookieFetch, signIn } from './support/session-fetch.js';
import type { GroupSummary } from '../src/contracts/index.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

type Item = GroupSummary;

describe('container groups for the console', () => {
  let server: Server;
  let sdk: EciClient;
  let cookie: string;
  const ids: Record<'webB' | 'webA' | 'db', string> = { webB: '', webA: '', db: '' };
  const LEGACY = 'eci-zzlegacy1';
  const OTHER = 'eci-aalegacy2';

  const advance = async (by: string) => expect((await signedFetch(`${server.url}/v1/clock`, { body: JSON.stringify({ advance: by }) })).status).toBe(200);
  const get = async (path: string) => {
    const res = await cookieFetch(`${server.url}${path}`, cookie);
    return { status: res.status, body: await res.json() };
  };
  const list = async (query: string): Promise<{ total: number; items: Item[] }> => {
    const res = await get(`/v1/groups?${query}`);
    expect(res.status, query).toBe(200);
    return res.body;
  };
  const idsOf = (items: Item[]) => items.map((i) => i.containerGroupId);

  beforeAll(async () => {
    server = await startServer(':memory:', ['--clock', 'virtual', '--clock-start', '2026-03-01T00:00:00Z', '--throttle-rate', '0']);
    sdk = sdkClient(server.host, 'v3');
    cookie = (await signIn(server.url, TEST_KEY)).cookie!;
    ids.webB = await create(sdk, 'web-b');
    await advance('1s');
    ids.webA = await create(sdk, 'web-a', { regionId: 'cn-shanghai' });
    await advance('1s');
    ids.db = await create(sdk, 'db-1');
    await advance('5s');
    await sdk.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: ids.db }));
    const reports = [
      { object: { name: 'web-b', uid: ids.webB }, reason: 'OOMKilled', args: ['Out of memory'] },
      { object: { name: 'web-b', uid: ids.webB }, reason: 'NoStock', args: ['cn-hangzhou-k'] },
      { object: { name: 'web-b', uid: ids.webB }, reason: 'NoStock', args: ['cn-hangzhou-k'] },
      { object: { name: 'Legacy-Pod', uid: LEGACY }, reason: 'NoStock', args: ['cn-hangzhou-j'], timestamp: '2026-02-28T23:00:00Z' },
      { object: { name: 'Legacy-Pod', uid: LEGACY }, reason: 'StopCharge', args: [], timestamp: '2026-02-28T23:30:00.5Z' },
      { object: { name: 'other', uid: OTHER }, reason: 'StopCharge', args: [] },
    ];
    const res = await signedFetch(`${server.url}/v1/ingest`, { body: JSON.stringify({ reports }) });
    expect(await res.json()).toMatchObject({ accepted: reports.length });
  });
  afterAll(async () => server?.stop());

  it('lists emulated groups newest first, then those only events know; counts come from the events', async () => {
    const all = await list('');
    expect(all.total).toBe(5);
    expect(idsOf(all.items)).toEqual([ids.db, ids.webA, ids.webB, LEGACY, OTHER]);
    const webB = all.items[2]!;
    const events = await get(`/v1/events?containerGroupId=${ids.webB}`);
    const lastEvent = events.body.items[0].lastTimestamp;
    expect(webB).toEqual({
      containerGroupId: ids.webB,
      name: 'web-b',
      namespace: 'default',
      regionId: 'cn-hangzhou',
      zoneId: expect.stringMatching(/^cn-hangzhou-/),
      status: 'Running',
      creationTime: '2026-03-01T00:00:00Z',
      warningCount: 2,
      eventCount: events.body.items.length,
      lastEventAt: lastEvent,
    });
    expect(webB.eventCount).toBeGreaterThan(5);
    expect(all.items[3]).toStrictEqual({
      containerGroupId: LEGACY,
      name: 'Legacy-Pod',
      namespace: 'default',
      regionId: '',
      status: '',
      warningCount: 1,
      eventCount: 2,
      lastEventAt: '2026-02-28T23:30:00.5Z',
    });
    expect(all.items[0]).toMatchObject({ status: 'Terminating', warningCount: 0 });
  });

  it('sorts by name, status, zone, id, warnings and creation time, either way', async () => {
    expect(idsOf((await list('sort=name&order=asc')).items)).toEqual([ids.db, LEGACY, OTHER, ids.webA, ids.webB]);
    expect(idsOf((await list('sort=name')).items)).toEqual([ids.webB, ids.webA, OTHER, LEGACY, ids.db]);
    expect(idsOf((await list('sort=created&order=asc')).items)).toEqual([ids.webB, ids.webA, ids.db, OTHER, LEGACY]);
    expect(idsOf((await list('sort=id&order=asc')).items)).toEqual([...Object.values(ids), LEGACY, OTHER].sort());
    const warnings = (await list('sort=warnings')).items;
    expect(warnings.slice(0, 2).map((i) => [i.containerGroupId, i.warningCount])).toEqual([
      [ids.webB, 2],
      [LEGACY, 1],
    ]);
    // Groups without a status or zone sort last, whichever the order.
    for (const sort of ['status', 'zone']) {
      for (const order of ['asc', 'desc'])
        expect(
          idsOf((await list(`sort=${sort}&order=${order}`)).items)
            .slice(3)
            .sort(),
          `${sort} ${order}`,
        ).toEqual([OTHER, LEGACY].sort());
    }
    const byStatus = (await list('sort=status&order=asc')).items.slice(0, 3).map((i) => i.status);
    expect(byStatus).toEqual(['Running', 'Running', 'Terminating']);
  });

  it('finds by id or name ignoring case, filters by status and region', async () => {
    expect(idsOf((await list('q=WEB')).items)).toEqual([ids.webA, ids.webB]);
    expect(idsOf((await list('q=legacy')).items)).toEqual([LEGACY, OTHER]);
    expect(idsOf((await list(`q=${ids.db.slice(4, 12).toUpperCase()}`)).items)).toEqual([ids.db]);
    expect(idsOf((await list('status=Running')).items)).toEqual([ids.webA, ids.webB]);
    expect(idsOf((await list('status=Terminating')).items)).toEqual([ids.db]);
    expect(idsOf((await list('regionId=cn-shanghai')).items)).toEqual([ids.webA]);
    expect(await list('q=nothing-like-it')).toEqual({ total: 0, items: [] });
  });

  it('pages with offset and limit, the total counting every match', async () => {
    const all = idsOf((await list('sort=id')).items);
    const pages = [];
    for (let offset = 0; offset < 6; offset += 2) {
      const page = await list(`sort=id&offset=${offset}&limit=2`);
      expect(page.total).toBe(5);
      pages.push(...idsOf(page.items));
    }
    expect(pages).toEqual(all);
    expect((await list('offset=10')).items).toEqual([]);
    for (const bad of ['limit=501', 'limit=0', 'sort=zones', 'order=up', 'status=Sleeping', 'offset=-1', 'extra=1']) {
      const res = await get(`/v1/groups?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe('InvalidParameter');
    }
  });

  it('shows one group: its list item, and the group as DescribeContainerGroups renders it', async () => {
    const one = await get(`/v1/groups/${ids.webB}`);
    expect(one.status).toBe(200);
    const item = (await list('')).items.find((i) => i.containerGroupId === ids.webB);
    expect(one.body.summary).toEqual(item);
    const { body } = await sdk.describeContainerGroups(
      new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([ids.webB]) }),
    );
    const sdkGroup = body.containerGroups![0]!;
    expect(one.body.detail).toMatchObject({
      ContainerGroupId: ids.webB,
      ContainerGroupName: 'web-b',
      RegionId: 'cn-hangzhou',
      ZoneId: sdkGroup.zoneId,
      Status: 'Running',
      CreationTime: sdkGroup.creationTime,
      IntranetIp: sdkGroup.intranetIp,
      InstanceType: sdkGroup.instanceType,
      Events: [],
    });
    expect(one.body.detail.Containers[0]).toMatchObject({ Name: 'c1', Image: 'nginx', Ready: true });

    const legacy = await get(`/v1/groups/${LEGACY}`);
    expect(legacy.body).toEqual({ summary: (await list('')).items[3], detail: null });
    const missing = await get('/v1/groups/eci-nosuchgroup');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NotFound');
  });
});
