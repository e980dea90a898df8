// The ingest API's idempotency keys: a resend after a lost answer is not counted twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TEST_KEY } from '../../../test/support/signed-fetch.js';
import type { SqliteEventStore } from '../../store/sqlite/store.js';
import { signV3 } from '../rpc/signature.js';
import { testApp, type TestApp } from '../../../test/support/test-app.js';

describe('POST /v1/ingest with idempotency keys', () => {
  let app: FastifyInstance;
  let store: SqliteEventStore;
  let t: TestApp;

  beforeEach(async () => {
    t = testApp();
    ({ app, store } = t);
    await t.addKey(TEST_KEY);
  });
  afterEach(() => t.close());

  const ingest = (reports: unknown[]) => {
    const payload = JSON.stringify({ reports });
    const headers = signV3(
      { method: 'POST', host: 'localhost:80', path: '/v1/ingest', query: {}, body: payload, action: 'Ingest', version: '2018-08-08', contentType: 'application/json' },
      TEST_KEY.id,
      TEST_KEY.secret,
    );
    return app.inject({ method: 'POST', url: '/v1/ingest', headers, payload });
  };
  const oom = (idempotencyKey?: string) => ({
    object: { name: 'cg-1', uid: 'eci-idem-1' },
    reason: 'OOMKilled',
    args: ['Memory cgroup out of memory: Kill process 15848 (xsim_traffic_fl) score 337 or sacrifice child'],
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  });

  it('counts a resent key once, in the same request or a later one', async () => {
    const first = await ingest([oom('agent-1/a'), oom('agent-1/a'), oom('agent-1/b')]);
    expect(first.statusCode).toBe(200);
    expect(first.json().results.map((r: { event: { count: number } }) => r.event.count)).toEqual([2, 2, 2]);
    const resend = await ingest([oom('agent-1/b'), oom('agent-1/a')]);
    expect(resend.json()).toMatchObject({ accepted: 2, rejected: 0 });
    expect(resend.json().results.map((r: { event: { count: number } }) => r.event.count)).toEqual([2, 2]);
    const unkeyed = await ingest([oom()]);
    expect(unkeyed.json().results[0].event.count).toBe(3);
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
