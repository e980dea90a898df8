// The action writes its answer around the store's JSON text where the store has it (SQLite), and
// from objects where it has not (PostgreSQL): both must send the same answer, for groups the
// emulator knows and groups known only through their events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KEY } from '../../../../test/support/signed-fetch.js';
import { testApp, type TestApp } from '../../../../test/support/test-app.js';
import { eventWrite } from '../../../../test/support/event-write.js';
import { API_VERSION } from '../../api-version.js';
import { signV3 } from '../../core/signature.js';

const NOW = Date.UTC(2026, 10, 28, 7, 51, 6) * 1000;

describe('DescribeContainerGroupEvents, with and without the store writing the JSON', () => {
  let t: TestApp;
  let known: string;

  const call = async (query: Record<string, string>) => {
    const headers = signV3(
      { method: 'POST', host: 'localhost:80', path: '/', query, body: '', action: 'DescribeContainerGroupEvents', version: API_VERSION },
      TEST_KEY.id,
      TEST_KEY.secret,
    );
    const res = await t.app.inject({ method: 'POST', url: `/?${new URLSearchParams(query).toString().replace(/\+/g, '%20')}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    // The RequestId differs from call to call; the rest must be the same bytes.
    return res.body.replace(/^\{"RequestId":"[^"]+"/, '{"RequestId":"-"');
  };

  beforeAll(async () => {
    t = testApp({ now: NOW });
    await t.addKey(TEST_KEY);
    known = t.emulator.create({ account: 'default', regionId: 'cn-hangzhou', containerGroupName: 'web', containers: [{ name: 'c', image: 'nginx' }] }).id;
    await t.scheduler.advanceToInSteps(NOW + 60_000_000);
    await t.recorder.drain();
    await t.store.record([
      eventWrite('a', NOW - 5_000_000, { account: 'default', containerGroupId: 'eci-ingested', message: 'quoted "text"\nand a line' }),
      eventWrite('b', NOW - 4_000_000, { account: 'default', containerGroupId: 'eci-ingested', count: 4 }),
    ]);
  });

  afterAll(() => t.close());

  it('answers the same with either, ids or pages, filtered or not', async () => {
    const queries: Array<Record<string, string>> = [
      { RegionId: 'cn-hangzhou', ContainerGroupIds: JSON.stringify([known, 'eci-ingested', 'eci-none']) },
      { RegionId: 'cn-hangzhou', ContainerGroupIds: JSON.stringify(['eci-ingested']), EventSource: 'EciService' },
      { RegionId: 'cn-hangzhou', Limit: '1' },
      { RegionId: 'cn-hangzhou' },
    ];
    const withJson = [];
    for (const q of queries) withJson.push(await call(q));
    expect(t.store.newestPerGroupJson).toBeDefined();
    expect(JSON.parse(withJson[0]!).Data.map((d: { ContainerGroupId: string }) => d.ContainerGroupId)).toEqual([known, 'eci-ingested']);
    expect(JSON.parse(withJson[0]!).TotalCount).toBeGreaterThan(2);
    expect(JSON.parse(withJson[2]!).NextToken).toBeDefined();

    // The same store without the method, as PostgreSQL's is.
    Object.defineProperty(t.store, 'newestPerGroupJson', { value: undefined, configurable: true });
    try {
      const withObjects = [];
      for (const q of queries) withObjects.push(await call(q));
      expect(withObjects).toEqual(withJson);
    } finally {
      Reflect.deleteProperty(t.store, 'newestPerGroupJson');
    }
  });
});
