// The diagnosis routes on every store backend: what producers report (no emulator group) is read
// back, diagnosed and grouped the same on SQLite and PostgreSQL, and an account sees only its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authApp, type AuthApp } from './support/auth-app.js';
import { BACKENDS } from './support/backends.js';
import { TEST_KEY } from './support/signed-fetch.js';

const OTHER = { id: 'LTAIotherkey000000001', secret: 'other-secret-0000000000000001' };

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`diagnosis routes (${backend.name})`, () => {
    let t: AuthApp;

    beforeEach(async () => {
      t = await authApp(backend);
      await t.addKey(TEST_KEY);
      await t.addKey(OTHER, 'other');
    });
    afterEach(() => t.close());

    const call = async (method: 'GET' | 'POST', url: string, body?: unknown, key = TEST_KEY) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const res = await t.app.inject({
        method,
        url,
        headers: t.sign({ method, url, ...(payload ? { body: payload } : {}), key }),
        ...(payload ? { payload } : {}),
      });
      return { status: res.statusCode, body: res.json() };
    };
    const report = (uid: string, reason: string, args: string[], fieldPath?: string) => ({
      object: { name: uid.slice(4, 10), uid, ...(fieldPath ? { fieldPath } : {}) },
      reason,
      args,
    });

    it("diagnoses producers' groups from their events, and groups them by root cause", async () => {
      const ingest = await call('POST', '/v1/ingest', {
        reports: [
          report(
            'eci-pull0000000000000001',
            'Failed',
            ['acr.example.com/a:1', 'rpc error: code = NotFound desc = failed to pull and unpack image "acr.example.com/a:1": acr.example.com/a:1: not found'],
            'spec.containers{a}',
          ),
          report('eci-pull0000000000000001', 'BackOff', ['acr.example.com/a:1'], 'spec.containers{a}'),
          report(
            'eci-pull0000000000000002',
            'Failed',
            ['acr.example.com/a:1', 'rpc error: code = NotFound desc = failed to pull and unpack image "acr.example.com/a:1": acr.example.com/a:1: not found'],
            'spec.containers{a}',
          ),
          report('eci-fine0000000000000003', 'Started', ['a'], 'spec.containers{a}'),
        ],
      });
      expect(ingest.status, JSON.stringify(ingest.body)).toBe(200);
      const one = await call('GET', '/v1/groups/eci-pull0000000000000001/diagnosis');
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ state: 'unhealthy', grounded: false, events: 2 });
      expect(one.body.causes.map((c: { rule: string; evidence: unknown[] }) => [c.rule, c.evidence.length])).toEqual([['image-not-found', 2]]);
      const all = await call('GET', '/v1/diagnoses');
      expect(all.body).toMatchObject({ examined: 3, unhealthy: 2, healthy: 1 });
      expect(all.body.causes.map((c: { summary: string; containerGroupIds: string[] }) => [c.summary, c.containerGroupIds])).toEqual([
        ['2 groups: Image acr.example.com/a:1 does not exist in its registry', ['eci-pull0000000000000001', 'eci-pull0000000000000002']],
      ]);
      // Another account sees none of it.
      expect((await call('GET', '/v1/groups/eci-pull0000000000000001/diagnosis', undefined, OTHER)).status).toBe(404);
      expect((await call('GET', '/v1/diagnoses', undefined, OTHER)).body).toMatchObject({ examined: 0, causes: [] });
    });
  });
}
