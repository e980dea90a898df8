// Text no store can hold is refused at every door of the HTTP API, naming the field, before
// anything is written: JSON bodies and queries (InvalidField), the OpenAPI's parameters
// (InvalidParameter) and the Kubernetes-style API (a 400 Status).
import { inject } from 'light-my-request';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_KEY } from '../../test/support/signed-fetch.js';
import { testApp, type TestApp } from '../../test/support/test-app.js';
import { signV3 } from './core/signature.js';

describe('text no store can hold', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = testApp();
    await t.addKey(TEST_KEY);
  });
  afterEach(() => t.close());

  const signed = (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const u = new URL(url, 'http://localhost:80');
    const headers = signV3(
      {
        method,
        host: 'localhost:80',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        body: payload,
        action: 'Ingest',
        version: '2018-08-08',
        ...(body === undefined ? {} : { contentType: 'application/json' }),
      },
      TEST_KEY.id,
      TEST_KEY.secret,
    );
    return t.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload }) });
  };

  it('in a JSON body: 400 InvalidField with the field path, and the world unchanged', async () => {
    const before = (await signed('GET', '/v1/world')).body;
    const res = await signed('POST', '/v1/world', {
      regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-b', lowWaterMark: 1 }, { zoneId: 'z\u0000' }] }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'InvalidField',
        field: 'regions[0].zones[1].zoneId',
        message: 'body field regions[0].zones[1].zoneId holds a NUL character (U+0000) at offset 1, which cannot be stored',
      },
    });
    expect((await signed('GET', '/v1/world')).body).toBe(before);
  });

  it('an unpaired surrogate in a sign-in', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { accessKeyId: 'LTAI\uD800', accessKeySecret: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'InvalidField', field: 'accessKeyId' });
    expect(res.json().error.message).toMatch(/unpaired UTF-16 surrogate \(U\+D800\) at offset 4/);
  });

  it('in a query of the JSON API: 400 naming the parameter', async () => {
    const res = await signed('GET', '/v1/events?reason=No%00Stock');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('InvalidParameter');
    expect(res.json().error.message).toMatch(/"reason" is not valid: it holds a NUL character/);
  });

  it('in a Kubernetes-style query: a 400 Status', async () => {
    // As over the TLS listener (the only one that takes a bearer token): inject() has no TLS socket.
    await t.app.ready();
    const res = await inject(
      (req, res) => {
        Object.defineProperty(req.socket, 'encrypted', { value: true });
        t.app.routing(req, res);
      },
      { method: 'GET', url: '/api/v1/events?fieldSelector=reason%3DNo%00Stock', headers: { authorization: `Bearer ${TEST_KEY.id}:${TEST_KEY.secret}` } },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect(res.json().message).toMatch(/^query field fieldSelector holds a NUL character/);
  });

  it('ingest answers it per report, keeping the good ones', async () => {
    const good = { object: { name: 'cg-1', uid: 'eci-text-1' }, reason: 'NoStock', args: ['cn-hangzhou-k'] };
    const res = await signed('POST', '/v1/ingest', {
      reports: [good, { ...good, args: ['k\u0000'] }, { ...good, object: { name: '\uDC00' } }, { ...good, source: { component: 'c', host: 'h\u0000' } }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 3 });
    expect(res.json().results.map((r: { error?: { code: string; field: string } }) => r.error && `${r.error.code} ${r.error.field}`)).toEqual([
      undefined,
      'InvalidField args[0]',
      'InvalidField object.name',
      'InvalidField source.host',
    ]);
  });
});
