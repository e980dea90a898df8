// The diagnosis routes through inject: a group only its events know (a producer's), a group the
// emulator runs, the account-wide view, and bad input refused with a clear error.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_KEY } from '../../../test/support/signed-fetch.js';
import { testApp, type TestApp } from '../../../test/support/test-app.js';
import { signV3 } from '../core/signature.js';

function get(app: FastifyInstance, url: string) {
  const u = new URL(url, 'http://localhost:80');
  const headers = signV3(
    { method: 'GET', host: 'localhost:80', path: u.pathname, query: Object.fromEntries(u.searchParams), body: '', action: 'Ingest', version: '2018-08-08' },
    TEST_KEY.id,
    TEST_KEY.secret,
  );
  return app.inject({ method: 'GET', url, headers });
}

describe('GET /v1/groups/:id/diagnosis and GET /v1/diagnoses', () => {
  let t: TestApp;
  const START = Date.UTC(2026, 2, 1) * 1000;

  beforeEach(async () => {
    t = testApp({ now: START });
    await t.addKey(TEST_KEY);
  });
  afterEach(() => t.close());

  const report = (uid: string, reason: string, args: string[], fieldPath?: string) =>
    t.recorder.reportUnchecked({
      object: { name: 'batch', uid, ...(fieldPath ? { fieldPath } : {}) },
      reason,
      args,
      options: { source: { component: 'kubelet', host: 'node-1' } },
    });

  it("reasons over a producer's events alone: the OOM crash loop, with its chain", async () => {
    await report('eci-producer00000000001', 'OOMKilled', ['Memory cgroup out of memory: Kill process 77 (python) score 999 or sacrifice child']);
    t.clock.advance(1_000_000);
    await report('eci-producer00000000001', 'BackOff', ['worker', 'batch_default(eci-producer00000000001)'], 'spec.containers{worker}');
    const res = await get(t.app, '/v1/groups/eci-producer00000000001/diagnosis');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ containerGroupId: 'eci-producer00000000001', name: 'batch', state: 'unhealthy', grounded: false, events: 2, notes: [] });
    expect(d.status).toBeUndefined();
    expect(d.causes.map((c: { rule: string }) => c.rule)).toEqual(['oom-killed']);
    expect(d.causes[0].title).toBe('OOMKilled: worker ran out of memory at its limit');
    expect(d.causes[0].evidence.map((e: { role: string; reason: string; fieldPath?: string }) => [e.role, e.reason, e.fieldPath ?? ''])).toEqual([
      ['cause', 'OOMKilled', ''],
      ['consequence', 'BackOff', 'spec.containers{worker}'],
    ]);
  });

  it('a group the emulator runs is grounded, and healthy once it runs', async () => {
    const g = t.emulator.create({ account: 'default', regionId: 'cn-hangzhou', containerGroupName: 'web', containers: [{ name: 'app', image: 'nginx' }] });
    await t.scheduler.advanceToInSteps(START + 60_000_000);
    await t.recorder.drain();
    const res = await get(t.app, `/v1/groups/${g.id}/diagnosis`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ containerGroupId: g.id, name: 'web', status: 'Running', state: 'healthy', grounded: true, causes: [] });
  });

  it("events a cache files under its own id are not a group's: 404, and not counted", async () => {
    await t.recorder.reportUnchecked({
      object: { kind: 'DataCache', name: 'edc-fails', uid: 'edc-fails00000000000001' },
      reason: 'DataCacheJobCreateFailed',
      args: ['no vSwitch'],
      options: { containerGroupId: 'edc-fails00000000000001' },
    });
    await report('eci-producer00000000002', 'Started', ['app'], 'spec.containers{app}');
    const one = await get(t.app, '/v1/groups/edc-fails00000000000001/diagnosis');
    expect(one.statusCode, one.body).toBe(404);
    expect(one.json().error).toMatchObject({ code: 'NotFound' });
    const all = await get(t.app, '/v1/diagnoses');
    expect(all.json()).toMatchObject({ examined: 1, healthy: 1, unhealthy: 0 });
  });

  it('the account-wide view counts the groups by state and root cause', async () => {
    await report('eci-producer00000000001', 'OOMKilled', ['Memory cgroup out of memory: Kill process 77 (python) score 999 or sacrifice child']);
    await report('eci-producer00000000002', 'Started', ['app'], 'spec.containers{app}');
    const res = await get(t.app, '/v1/diagnoses');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ examined: 2, healthy: 1, unhealthy: 1, recovered: 0, truncated: false });
    expect(res.json().causes).toEqual([
      expect.objectContaining({
        rule: 'oom-killed',
        groups: 1,
        containerGroupIds: ['eci-producer00000000001'],
        summary: '1 group: OOMKilled: a container ran out of memory at its limit',
      }),
    ]);
  });

  it('says when the account holds more groups than the limit', async () => {
    for (let i = 1; i <= 3; i++) await report(`eci-producer0000000000${i}`, 'OOMKilled', ['oom']);
    const page = await get(t.app, '/v1/diagnoses?limit=2');
    expect(page.json()).toMatchObject({ examined: 2, truncated: true });
    expect((await get(t.app, '/v1/diagnoses?limit=3')).json()).toMatchObject({ examined: 3, truncated: false });
  });

  it('refuses an unknown group and bad queries, with the problem named', async () => {
    const missing = await get(t.app, '/v1/groups/eci-nothere/diagnosis');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toEqual({ code: 'NotFound', message: 'no container group "eci-nothere" in this account' });
    const bad = await get(t.app, '/v1/diagnoses?limit=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/limit/);
    const extra = await get(t.app, '/v1/diagnoses?colour=red');
    expect(extra.statusCode).toBe(400);
    const region = await get(t.app, '/v1/diagnoses?regionId=mars-1');
    expect(region.statusCode).toBe(400);
    expect(region.json().error).toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringMatching(/^regionId: no region "mars-1" \(the regions: cn-hangzhou, /),
    });
  });
});
