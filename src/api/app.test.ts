import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TEST_KEY } from '../../test/support/signed-fetch.js';
import type { SqliteEventStore } from '../store/sqlite/store.js';
import { signV3 } from './core/signature.js';
import { testApp, type TestApp } from '../../test/support/test-app.js';

const NOW = Date.UTC(2026, 10, 28, 7, 51, 6) * 1000 + 250_000;

describe('HTTP API', () => {
  let app: FastifyInstance;
  let store: SqliteEventStore;
  let t: TestApp;

  beforeEach(async () => {
    t = testApp({ now: NOW });
    ({ app, store } = t);
    await t.addKey(TEST_KEY);
  });
  afterEach(() => t.close());

  /** A request signed with the test key, as the CLI signs it. */
  const call = (method: 'GET' | 'POST', url: string, payload?: string) => {
    const u = new URL(url, 'http://localhost:80');
    const headers = signV3(
      {
        method,
        host: 'localhost:80',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        body: payload ?? '',
        action: 'Ingest',
        version: '2018-08-08',
        ...(payload === undefined ? {} : { contentType: 'application/json' }),
      },
      TEST_KEY.id,
      TEST_KEY.secret,
    );
    return app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  };
  const get = (url: string) => call('GET', url);
  const ingest = (reports: unknown) => call('POST', '/v1/ingest', JSON.stringify({ reports }));

  it('answers the health check', async () => {
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', store: 'sqlite', version: 'test', latestVersion: 0, emulator: { role: 'leader' } });
  });

  it('ingests a batch, answering per item, and serves the stored events', async () => {
    const res = await ingest([
      { object: { name: 'container-group-1', uid: 'eci-0jlh3g' }, reason: 'OOMKilled', args: ['Out of memory'] },
      { object: { name: 'container-group-1', uid: 'eci-0jlh3g' }, reason: 'OOMKilled', args: ['Out of memory'], timestamp: '2026-11-28T07:51:09.5Z' },
      { object: { name: 'container-group-1' }, reason: 'NoStock', args: [] },
      { object: { name: 'container-group-1' }, reason: 'NoStock', args: ['z'], timestamp: 'yesterday' },
    ]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected).toBe(2);
    expect(body.results[2]).toEqual({
      index: 2,
      ok: false,
      error: { code: 'ArgumentCount', field: 'args', message: expect.stringMatching(/NoStock takes 1 argument/) },
    });
    expect(body.results[3]).toMatchObject({ index: 3, ok: false, error: { code: 'InvalidField', field: 'timestamp' } });

    const list = await get('/v1/events?containerGroupId=eci-0jlh3g');
    const [event] = list.json().items;
    expect(list.json().items).toHaveLength(1);
    expect(event).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: expect.stringMatching(/^container-group-1\.[0-9a-f]+$/),
        namespace: 'default',
        uid: expect.any(String),
        resourceVersion: '1',
        creationTimestamp: '2026-11-28T07:51:06.25Z',
      },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'container-group-1', namespace: 'default', uid: 'eci-0jlh3g' },
      reason: 'OOMKilled',
      message: 'Out of memory',
      type: 'Warning',
      count: 2,
      firstTimestamp: '2026-11-28T07:51:06.25Z',
      lastTimestamp: '2026-11-28T07:51:09.5Z',
      source: { component: 'EciService' },
      reportingComponent: 'EciService',
      reportingInstance: '',
      containerGroupId: 'eci-0jlh3g',
    });
  });

  it('refuses a malformed batch as a whole with a clear error, storing nothing', async () => {
    for (const payload of [{}, { reports: [] }, { reports: 'x' }, { reports: [{ object: {} }], extra: 1 }]) {
      const res = await call('POST', '/v1/ingest', JSON.stringify(payload));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('InvalidParameter');
      expect(res.json().error.message).toMatch(/reports|additional/);
    }
    const res = await call('POST', '/v1/ingest', 'not json');
    expect(res.statusCode).toBe(400);
    expect(await store.latestVersion()).toBe(0);
  });

  it('filters events by source and time, and pages the change feed by version', async () => {
    await ingest([
      { object: { name: 'a', uid: 'eci-a' }, reason: 'StopCharge', timestamp: '2026-11-28T07:00:00Z' },
      { object: { name: 'a', uid: 'eci-a' }, reason: 'OOMKilled', source: { component: 'K8sAgent', host: 'eci' }, timestamp: '2026-11-28T08:00:00Z' },
      { object: { name: 'b', uid: 'eci-b' }, reason: 'StopCharge', timestamp: '2026-11-28T09:00:00Z' },
    ]);
    const bySource = (await get('/v1/events?source=K8sAgent')).json().items;
    expect(bySource.map((e: { reason: string }) => e.reason)).toEqual(['OOMKilled']);
    expect(bySource[0].source).toEqual({ component: 'K8sAgent', host: 'eci' });
    const since = (await get('/v1/events?since=2026-11-28T07:30:00Z')).json().items;
    expect(since.map((e: { involvedObject: { name: string } }) => e.involvedObject.name)).toEqual(['b', 'a']);
    const bad = await get('/v1/events?since=soon');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/since: not an RFC 3339 time/);

    const page1 = (await get('/v1/changes?after=0&limit=2')).json();
    expect(page1.items.map((e: { metadata: { resourceVersion: string } }) => e.metadata.resourceVersion)).toEqual(['1', '2']);
    const page2 = (await get(`/v1/changes?after=${page1.lastVersion}`)).json();
    expect(page2.items.map((e: { metadata: { resourceVersion: string } }) => e.metadata.resourceVersion)).toEqual(['3']);
    expect((await get('/v1/changes?after=-1')).statusCode).toBe(400);
    // A's StopCharge again: a repeat to a reader that has read past its creation, new to one that has not.
    await ingest([{ object: { name: 'a', uid: 'eci-a' }, reason: 'StopCharge', timestamp: '2026-11-28T07:00:00Z' }]);
    const change = (after: number) =>
      get(`/v1/changes?after=${after}`).then((r) =>
        r.json().items.map((e: { change: string; metadata: { resourceVersion: string } }) => [e.metadata.resourceVersion, e.change]),
      );
    expect(await change(3)).toEqual([['4', 'MODIFIED']]);
    expect(await change(0)).toEqual([
      ['2', 'ADDED'],
      ['3', 'ADDED'],
      ['4', 'ADDED'],
    ]);
  });

  it('refuses the JSON API without valid credentials, storing nothing', async () => {
    const unsigned = await app.inject({ method: 'POST', url: '/v1/ingest', payload: { reports: [{ object: { name: 'a' }, reason: 'StopCharge' }] } });
    // No credentials at all: 401, which sends the console back to its sign-in.
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().error.code).toBe('Unauthenticated');
    const tampered = signV3(
      { method: 'GET', host: 'localhost:80', path: '/v1/events', query: {}, body: '', action: 'Ingest', version: '2018-08-08' },
      TEST_KEY.id,
      'wrong-secret',
    );
    const res = await app.inject({ method: 'GET', url: '/v1/events', headers: tampered });
    // A signature that does not hold: the same code and status as the OpenAPI answers (the gateway's 400).
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('SignatureDoesNotMatch');
    expect(await store.latestVersion()).toBe(0);
  });

  it('shows and moves a virtual clock, refusing to go back or to take bad input', async () => {
    expect((await get('/v1/clock')).json()).toEqual({ mode: 'virtual', now: '2026-11-28T07:51:06.25Z', timeScale: 1 });
    const moved = await call('POST', '/v1/clock', JSON.stringify({ advance: '1h30m' }));
    expect(moved.json()).toEqual({ mode: 'virtual', now: '2026-11-28T09:21:06.25Z', timeScale: 1 });
    expect((await call('POST', '/v1/clock', JSON.stringify({ to: '2026-11-29T00:00:00Z' }))).json().now).toBe('2026-11-29T00:00:00Z');
    const back = await call('POST', '/v1/clock', JSON.stringify({ to: '2026-11-28T00:00:00Z' }));
    expect(back.statusCode).toBe(400);
    expect(back.json().error.message).toMatch(/time only moves forward/);
    for (const body of [{ advance: 'soon' }, {}, { advance: '1m', to: '2026-11-30T00:00:00Z' }, { forward: '1m' }]) {
      expect((await call('POST', '/v1/clock', JSON.stringify(body))).statusCode).toBe(400);
    }
    expect((await get('/v1/clock')).json().now).toBe('2026-11-29T00:00:00Z');
  });

  it("refuses an unreadable query string on the JSON API as the request's fault, not a credential one", async () => {
    for (const url of ['/v1/events?since=%zz', '/v1/events?limit=1&limit=2']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('InvalidParameter');
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await app.inject('/v2/nothing?x=1');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NotFound', message: 'no route for GET /v2/nothing' } });
  });
});
