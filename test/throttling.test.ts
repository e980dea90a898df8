// Flow control and credentials, on every backend (the nonce is stored): a throttled request keeps
// its nonce for a retry, bad signatures take tokens from the account of the key they name, and
// Throttling is the same 429 with Retry-After on the OpenAPI, the JSON API, the Kubernetes-style
// API and the console's session routes; POST /v1/ingest is charged its reports, from a budget of
// their own. Raw HTTP; flow control refills by a clock the test moves.
import { afterEach, describe, expect, it } from 'vitest';
import type { Response } from 'light-my-request';
import { signV3 } from '../src/api/core/signature.js';
import { authApp, type AuthApp } from './support/auth-app.js';
import { BACKENDS } from './support/backends.js';
import { TEST_KEY } from './support/signed-fetch.js';

const OTHER = { id: 'LTAIotherkey000000001', secret: 'other-secret-0000000000000001' };
const WRONG = { id: TEST_KEY.id, secret: 'not-the-secret' };
const SECOND = 1_000_000;

/** Throttling as every surface answers it: 429 and a Retry-After in whole seconds. */
function expectThrottled(res: Response, what: string): void {
  expect(res.statusCode, `${what}: ${res.body}`).toBe(429);
  expect(Number(res.headers['retry-after']), what).toBeGreaterThanOrEqual(1);
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`flow control and credentials (${backend.name})`, () => {
    let t: AuthApp;
    afterEach(() => t?.close());

    async function start(burst: number, reports = { reportsPerSecond: 1, reportBurst: 1 }) {
      t = await authApp(backend, { ratePerSecond: 1, burst, ...reports });
      await t.addKey(TEST_KEY);
      await t.addKey(OTHER, 'other');
    }
    const rpc = (key = TEST_KEY) =>
      signV3(
        { method: 'POST', host: 'localhost:80', path: '/', query: {}, body: '', action: 'DescribeRegions', version: '2018-08-08' },
        key.id,
        key.secret,
        new Date(t.wall.now() / 1000),
      );
    const clockRead = (key: { id: string; secret: string } = TEST_KEY) =>
      t.app.inject({ method: 'GET', url: '/v1/clock', headers: t.sign({ method: 'GET', url: '/v1/clock', key }) });

    const report = (name: string) => ({ object: { name, uid: `eci-${name}` }, reason: 'NoStock', args: ['z'] });
    const ingest = (names: string[], key = TEST_KEY) => {
      const body = JSON.stringify({ reports: names.map(report) });
      return t.app.inject({ method: 'POST', url: '/v1/ingest', headers: t.sign({ method: 'POST', url: '/v1/ingest', body, key }), payload: body });
    };
    const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

    it("leaves a throttled request's nonce unused: the same request succeeds once the bucket refills", async () => {
      await start(1);
      expect((await clockRead()).statusCode).toBe(200);
      expect((await ingest(['first'])).statusCode).toBe(200);
      const body = JSON.stringify({ reports: [report('retried')] });
      const headers = t.sign({ method: 'POST', url: '/v1/ingest', body, key: TEST_KEY });
      const send = () => t.app.inject({ method: 'POST', url: '/v1/ingest', headers, payload: body });
      const throttled = await send();
      expectThrottled(throttled, 'ingest');
      expect(throttled.headers['retry-after']).toBe('1');
      expect(throttled.json().error.code).toBe('Throttling');
      t.wall.advance(SECOND);
      expect((await send()).statusCode).toBe(200);
      // Now it is spent.
      t.wall.advance(SECOND);
      expect((await send()).json().error.code).toBe('SignatureNonceUsed');

      // The same on the OpenAPI endpoint.
      t.wall.advance(SECOND);
      expect((await t.app.inject({ method: 'POST', url: '/', headers: rpc() })).statusCode).toBe(200);
      const call = rpc();
      const refused = await t.app.inject({ method: 'POST', url: '/', headers: call });
      expectThrottled(refused, 'OpenAPI');
      expect(refused.json().Code).toBe('Throttling');
      t.wall.advance(SECOND);
      expect((await t.app.inject({ method: 'POST', url: '/', headers: call })).statusCode).toBe(200);
    });

    it('charges an ingest request its reports, from a budget of its own: requests and reports do not throttle each other', async () => {
      await start(1, { reportsPerSecond: 2, reportBurst: 10 });
      // Ten reports in three requests: the request budget (one) does not count them.
      expect((await ingest(names('a', 4))).statusCode).toBe(200);
      expect((await ingest(names('b', 5))).statusCode).toBe(200);
      expect((await ingest(names('c', 1))).statusCode).toBe(200);
      expect((await t.store.list({ limit: 100 })).reduce((n, e) => n + e.count, 0)).toBe(10);
      // The reports are spent; the account's one request token is not.
      const refused = await ingest(names('d', 1));
      expectThrottled(refused, 'an eleventh report');
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json().error.code).toBe('Throttling');
      // Retry-After is the time the request's own reports take to refill: 6 at 2/s is 3 s.
      expect((await ingest(names('e', 6))).headers['retry-after']).toBe('3');
      expect((await clockRead()).statusCode).toBe(200);
      // And the other way round: with no request token left, reports still go in.
      expectThrottled(await clockRead(), 'a second request');
      t.wall.advance(3 * SECOND);
      expect((await ingest(names('e', 6))).statusCode).toBe(200);
      expect((await t.store.list({ limit: 100 })).reduce((n, e) => n + e.count, 0)).toBe(16);
    });

    it('lets a request of more reports than the burst through from a full bucket, and makes the account wait for what it overdrew', async () => {
      await start(1, { reportsPerSecond: 1, reportBurst: 2 });
      expect((await ingest(names('big', 5))).statusCode).toBe(200);
      // Two tokens were there, five were taken: three to pay back, plus the one asked for.
      expect((await ingest(['next'])).headers['retry-after']).toBe('4');
      t.wall.advance(4 * SECOND);
      expect((await ingest(['next'])).statusCode).toBe(200);
    });

    it('charges a bad signature on ingest its reports, to the account of the key it names', async () => {
      await start(1, { reportsPerSecond: 1, reportBurst: 3 });
      const body = JSON.stringify({ reports: names('forged', 3).map(report) });
      const forged = await t.app.inject({
        method: 'POST',
        url: '/v1/ingest',
        headers: t.sign({ method: 'POST', url: '/v1/ingest', body, key: WRONG }),
        payload: body,
      });
      expect(forged.json().error.code).toBe('SignatureDoesNotMatch');
      expectThrottled(await ingest(['real']), "the account's own report");
      expect((await ingest(['theirs'], OTHER)).statusCode).toBe(200);
      expect(await t.store.list({ limit: 10 })).toHaveLength(1);
    });

    it("takes a token from the named account for each bad signature, so its own requests are throttled and another account's are not", async () => {
      await start(3);
      for (let i = 0; i < 3; i++) {
        const res = await clockRead(WRONG);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('SignatureDoesNotMatch');
      }
      // The bucket is empty: a guess learns nothing more, and the account's real request waits.
      expectThrottled(await clockRead(WRONG), 'a fourth bad signature');
      expectThrottled(await clockRead(), "the account's own request");
      expectThrottled(await t.app.inject({ method: 'POST', url: '/', headers: rpc() }), "the account's OpenAPI call");
      expect((await clockRead(OTHER)).statusCode).toBe(200);
      t.wall.advance(SECOND);
      expect((await clockRead()).statusCode).toBe(200);
    });

    it('counts bad OpenAPI signatures, wrong bearer secrets and wrong sign-in secrets the same way', async () => {
      await start(1);
      const badRpc = await t.app.inject({ method: 'POST', url: '/', headers: rpc(WRONG) });
      expect(badRpc.json().Code).toBe('SignatureDoesNotMatch');
      expectThrottled(await t.app.inject({ method: 'POST', url: '/', headers: rpc() }), 'OpenAPI after a bad OpenAPI signature');

      t.wall.advance(SECOND);
      const badBearer = await t.overTls({ method: 'GET', url: '/api/v1/events', headers: { authorization: `Bearer ${WRONG.id}:${WRONG.secret}` } });
      expect(badBearer.statusCode).toBe(401);
      expectThrottled(await clockRead(), '/v1 after a wrong bearer secret');

      t.wall.advance(SECOND);
      const badSignIn = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { accessKeyId: WRONG.id, accessKeySecret: WRONG.secret } });
      expect(badSignIn.statusCode).toBe(401);
      expectThrottled(
        await t.app.inject({ method: 'POST', url: '/v1/session', payload: { accessKeyId: TEST_KEY.id, accessKeySecret: TEST_KEY.secret } }),
        'sign-in after a wrong secret',
      );
      expect((await t.app.inject({ method: 'POST', url: '/v1/session', payload: { accessKeyId: OTHER.id, accessKeySecret: OTHER.secret } })).statusCode).toBe(
        200,
      );
    });

    it('answers Throttling with 429 and Retry-After on every surface', async () => {
      await start(1);
      const signIn = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { accessKeyId: TEST_KEY.id, accessKeySecret: TEST_KEY.secret } });
      expect(signIn.statusCode).toBe(200);
      const cookie = `eci_session=${signIn.cookies.find((c) => c.name === 'eci_session')!.value}`;

      const surfaces: Array<[string, () => Promise<Response>, (res: Response) => void]> = [
        [
          'OpenAPI',
          () => t.app.inject({ method: 'POST', url: '/', headers: rpc() }),
          (res) => expect(res.json()).toMatchObject({ Code: 'Throttling', Message: expect.stringMatching(/request throttling/) }),
        ],
        ['JSON API (signed)', () => clockRead(), (res) => expect(res.json().error.code).toBe('Throttling')],
        [
          'JSON API (session cookie)',
          () => t.app.inject({ method: 'GET', url: '/v1/clock', headers: { cookie } }),
          (res) => expect(res.json().error.code).toBe('Throttling'),
        ],
        [
          'console session',
          () => t.app.inject({ method: 'GET', url: '/v1/session', headers: { cookie } }),
          (res) => expect(res.json().error.code).toBe('Throttling'),
        ],
        [
          'console sign-in',
          () => t.app.inject({ method: 'POST', url: '/v1/session', payload: { accessKeyId: TEST_KEY.id, accessKeySecret: TEST_KEY.secret } }),
          (res) => expect(res.json().error.code).toBe('Throttling'),
        ],
        [
          'Kubernetes-style API',
          () => t.overTls({ method: 'GET', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_KEY.id}:${TEST_KEY.secret}` } }),
          (res) =>
            expect(res.json()).toMatchObject({
              kind: 'Status',
              status: 'Failure',
              reason: 'TooManyRequests',
              code: 429,
              details: { retryAfterSeconds: Number(res.headers['retry-after']) },
            }),
        ],
      ];
      for (const [what, call, check] of surfaces) {
        t.wall.advance(SECOND);
        expect((await call()).statusCode, `${what}, with a token`).toBe(200);
        const refused = await call();
        expectThrottled(refused, what);
        check(refused);
      }
    });
  });
}
