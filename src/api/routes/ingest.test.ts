// The ingest API's idempotency keys: a resend after a lost answer is not counted twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TEST_KEY } from '../../../test/support/signed-fetch.js';
import { signV3 } from '../core/signature.js';
import { testApp, type TestApp } from '../../../test/support/test-app.js';

/** POST /v1/ingest as a producer signs it (V3, the test key), through inject. */
function signedIngest(app: FastifyInstance, reports: unknown[], query: Record<string, string>) {
  const payload = JSON.stringify({ reports });
  const headers = signV3(
    {
      method: 'POST',
      host: 'localhost:80',
      path: '/v1/ingest',
      query,
      body: payload,
      action: 'Ingest',
      version: '2018-08-08',
      contentType: 'application/json',
    },
    TEST_KEY.id,
    TEST_KEY.secret,
  );
  const search = new URLSearchParams(query).toString();
  return app.inject({ method: 'POST', url: `/v1/ingest${search ? `?${search}` : ''}`, headers, payload });
}

describe('POST /v1/ingest with idempotency keys', () => {
  let app: FastifyInstance;
  let t: TestApp;

  beforeEach(async () => {
    t = testApp();
    ({ app } = t);
    await t.addKey(TEST_KEY);
  });
  afterEach(() => t.close());

  const ingest = (reports: unknown[], query: Record<string, string> = {}) => signedIngest(app, reports, query);
  const oom = (idempotencyKey?: string) => ({
    object: { name: 'cg-1', uid: 'eci-idem-1' },
    reason: 'OOMKilled',
    args: ['Memory cgroup out of memory: Kill process 15848 (xsim_traffic_fl) score 337 or sacrifice child'],
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  });

  it('counts a resent key once, in the same request or a later one', async () => {
    const first = await ingest([oom('agent-1/a'), oom('agent-1/a'), oom('agent-1/b')]);
    expect(first.statusCode).toBe(200);
    expect(first.json().results.map((r: { count: number }) => r.count)).toEqual([2, 2, 2]);
    const resend = await ingest([oom('agent-1/b'), oom('agent-1/a')]);
    expect(resend.json()).toMatchObject({ accepted: 2, rejected: 0 });
    expect(resend.json().results.map((r: { count: number }) => r.count)).toEqual([2, 2]);
    const unkeyed = await ingest([oom()]);
    expect(unkeyed.json().results[0].count).toBe(3);
  });

  it('refuses an empty or oversized key for that report only', async () => {
    const res = await ingest([oom(''), oom('x'.repeat(129)), oom('ok')]);
    expect(res.json().results.map((r: { ok: boolean; error?: { field: string } }) => r.error?.field ?? r.ok)).toEqual([
      'idempotencyKey',
      'idempotencyKey',
      true,
    ]);
  });
});

describe('POST /v1/ingest answers', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = testApp();
    await t.addKey(TEST_KEY);
  });
  afterEach(() => t.close());

  const ingest = (reports: unknown[], query: Record<string, string> = {}) => signedIngest(t.app, reports, query);
  const noStock = (name: string, zone = 'cn-hangzhou-k') => ({ object: { name, uid: `eci-${name}` }, reason: 'NoStock', args: [zone] });
  const stored = async () => new Map((await t.store.list({ limit: 100 })).map((e) => [e.resourceVersion, e]));

  it("acknowledges each accepted report with the stored event's version and count, and nothing else", async () => {
    const first = await ingest([noStock('a'), noStock('b'), { object: { name: 'c' }, reason: 'NoSuchReason' }, noStock('a')]);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({ accepted: 3, rejected: 1 });
    for (const r of body.results.filter((x: { ok: boolean }) => x.ok)) expect(Object.keys(r).sort()).toEqual(['count', 'index', 'ok', 'version']);
    expect(body.results[2]).toEqual({ index: 2, ok: false, error: { code: 'UnknownReason', field: 'reason', message: expect.any(String) } });
    // Both reports of `a` were counted in one event: both answers give it as it was committed.
    const byVersion = await stored();
    const [a1, b, , a2] = body.results as Array<{ version: number; count: number }>;
    expect({ ...a1, index: 3 }).toEqual(a2);
    expect(byVersion.get(a1!.version)).toMatchObject({ name: expect.stringMatching(/^a\./), count: 2 });
    expect(a1!.count).toBe(2);
    expect(byVersion.get(b!.version)).toMatchObject({ name: expect.stringMatching(/^b\./), count: 1 });
    expect(b!.count).toBe(1);

    // A repeat in a later request: a newer version, the new count.
    const again = (await ingest([noStock('b')])).json().results[0];
    expect(again.version).toBeGreaterThan(b!.version);
    expect(again.count).toBe(2);
    expect((await stored()).get(again.version)?.count).toBe(2);
  });

  it('answers the whole stored event with ?answer=event, as the events API serves it', async () => {
    const res = await ingest([noStock('d'), noStock('d')], { answer: 'event' });
    expect(res.statusCode).toBe(200);
    const [first, second] = res.json().results;
    expect(second).toEqual({ ...first, index: 1 });
    expect(first).toMatchObject({ index: 0, ok: true, event: { kind: 'Event', reason: 'NoStock', count: 2, involvedObject: { name: 'd', uid: 'eci-d' } } });
    const listed = await t.app.inject({
      method: 'GET',
      url: '/v1/events?containerGroupId=eci-d',
      headers: signV3(
        { method: 'GET', host: 'localhost:80', path: '/v1/events', query: { containerGroupId: 'eci-d' }, body: '', action: 'Ingest', version: '2018-08-08' },
        TEST_KEY.id,
        TEST_KEY.secret,
      ),
    });
    expect(listed.json().items).toEqual([first.event]);
  });

  it('refuses an unknown answer shape (400) and stores nothing', async () => {
    const res = await ingest([noStock('e')], { answer: 'full' });
    expect(res.statusCode).toBe(400);
    expect((await stored()).size).toBe(0);
  });
});
