// What a signature covers, through raw HTTP against `eci-events serve`: the request's path (a
// signature for one route is worthless on another), and, for the JSON API, its body, which a v1
// (HMAC-SHA1) signature does not cover and so is not taken there; bodies are JSON or nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signV3 } from '../src/api/core/signature.js';
import { startServe } from './support/cli.js';
import { v1Params } from './support/eci-sdk.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

describe('signatures cover the path and the body', () => {
  let serve: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    serve = await startServe(['--db', ':memory:', '--clock', 'virtual', '--clock-start', '2026-12-01T00:00:00Z', '--throttle-rate', '0', ...TEST_KEY_FLAGS]);
  });
  afterAll(() => {
    serve?.child.kill('SIGTERM');
  });

  const v3 = (method: string, path: string, body?: string, contentType = 'application/json') => {
    const u = new URL(path, serve.url);
    return signV3(
      {
        method,
        host: u.host,
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        body: body ?? '',
        action: 'Ingest',
        version: '2018-08-08',
        ...(body === undefined ? {} : { contentType }),
      },
      TEST_KEY.id,
      TEST_KEY.secret,
    );
  };
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    fetch(new URL(path, serve.url), { method, headers, ...(body === undefined ? {} : { body }) });
  const error = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
  const stored = async (uid: string) => {
    const path = `/v1/events?containerGroupId=${uid}`;
    const res = await send('GET', path, v3('GET', path));
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Array<{ count: number }> }).items.map((e) => e.count);
  };
  const report = (uid: string) => JSON.stringify({ reports: [{ object: { name: 'covered', uid }, reason: 'NoStock', args: ['cn-hangzhou-k'] }] });

  it('refuses a V3 signature made for GET /v1/clock on GET /v1/world, and leaves its nonce to the request it was made for', async () => {
    const forClock = v3('GET', '/v1/clock');
    const moved = await send('GET', '/v1/world', forClock);
    expect(moved.status).toBe(400);
    expect(await error(moved)).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect((await send('GET', '/v1/clock', forClock)).status).toBe(200);
  });

  it('refuses a signature for one fault id on another, and one for a route on the OpenAPI endpoint', async () => {
    const one = await send('DELETE', '/v1/faults/f-other', v3('DELETE', '/v1/faults/f-signed'));
    expect(one.status).toBe(400);
    expect(await error(one)).toMatchObject({ code: 'SignatureDoesNotMatch' });
    const rpc = await fetch(new URL('/', serve.url), { method: 'POST', headers: { ...v3('POST', '/v1/clock'), 'x-acs-action': 'DescribeRegions' } });
    expect(rpc.status).toBe(400);
    expect(((await rpc.json()) as { Code: string }).Code).toBe('SignatureDoesNotMatch');
  });

  it('refuses a v1-signed POST /v1/ingest, with its own body or a substituted one, and stores nothing', async () => {
    const params = v1Params('Ingest', {}, { path: '/v1/ingest' });
    const qs = new URLSearchParams(params).toString();
    for (const body of [report('eci-v1-ingest'), report('eci-v1-substituted')]) {
      const res = await fetch(new URL(`/v1/ingest?${qs}`, serve.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(400);
      const e = await error(res);
      expect(e.code).toBe('InvalidSignatureMethod');
      expect(e.message).toMatch(/v1 \(HMAC-SHA1\) signature does not cover a request body.*POST \/v1\/ingest.*ACS3-HMAC-SHA256/);
    }
    expect(await stored('eci-v1-ingest')).toEqual([]);
    expect(await stored('eci-v1-substituted')).toEqual([]);
  });

  it("takes a v1 signature on a request without a body when it signs that route's path, not another's", async () => {
    const own = await fetch(new URL(`/v1/clock?${new URLSearchParams(v1Params('Ingest', {}, { path: '/v1/clock', method: 'GET' }))}`, serve.url));
    expect(own.status).toBe(200);
    const rpcPath = await fetch(new URL(`/v1/clock?${new URLSearchParams(v1Params('Ingest', {}, { path: '/', method: 'GET' }))}`, serve.url));
    expect(rpcPath.status).toBe(400);
    expect(await error(rpcPath)).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('answers 415 to a body that is not JSON, whatever its signature, and stores nothing', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/yaml']) {
      const body = report('eci-not-json');
      const res = await send('POST', '/v1/ingest', v3('POST', '/v1/ingest', body, type), body);
      expect(res.status, type).toBe(415);
      const e = await error(res);
      expect(e.code).toBe('UnsupportedMediaType');
      expect(e.message).toContain(`not "${type}"`);
    }
    expect(await stored('eci-not-json')).toEqual([]);
  });

  it("still takes what this project's clients sign: the real path, JSON bodies", async () => {
    const body = report('eci-covered');
    expect((await send('POST', '/v1/ingest', v3('POST', '/v1/ingest', body), body)).status).toBe(200);
    expect(await stored('eci-covered')).toEqual([1]);
  });
});
