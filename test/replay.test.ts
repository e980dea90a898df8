// Replays, on every backend: a signed request is good once for as long as its timestamp is, and a
// restart forgets no nonce. Raw HTTP as a client sends it; real time is a clock the test moves
// (in-process), or the real one across a restart of `eci-events serve`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signV3 } from '../src/api/core/signature.js';
import { authApp, MINUTE, START, type AuthApp } from './support/auth-app.js';
import { BACKENDS } from './support/backends.js';
import { startServe } from './support/cli.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const report = (uid: string) => JSON.stringify({ reports: [{ object: { name: 'replayed', uid }, reason: 'NoStock', args: ['cn-hangzhou-k'] }] });

/** The count of the one NoStock event of a group, read with a fresh signature. */
async function countOf(t: AuthApp, uid: string): Promise<number | undefined> {
  const url = `/v1/events?containerGroupId=${uid}`;
  const res = await t.app.inject({ method: 'GET', url, headers: t.sign({ method: 'GET', url, key: TEST_KEY }) });
  expect(res.statusCode, res.body).toBe(200);
  const items = (res.json() as { items: Array<{ count: number }> }).items;
  return items[0]?.count;
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`replays (${backend.name})`, () => {
    let t: AuthApp;

    beforeEach(async () => {
      t = await authApp(backend);
      await t.addKey(TEST_KEY);
    });
    afterEach(() => t.close());

    it('refuses a request dated 14 minutes ahead when it is sent again 15.5 minutes later, and counts it once', async () => {
      const body = report('eci-replay-ahead');
      const headers = t.sign({ method: 'POST', url: '/v1/ingest', body, key: TEST_KEY, at: START + 14 * MINUTE });
      const send = () => t.app.inject({ method: 'POST', url: '/v1/ingest', headers, payload: body });
      expect((await send()).statusCode).toBe(200);
      // Still inside its timestamp's window (1.5 minutes off), long after the server's own
      // 15 minutes: the nonce must still be remembered.
      t.wall.set(START + 15.5 * MINUTE);
      const again = await send();
      expect(again.statusCode).toBe(400);
      expect(again.json().error.code).toBe('SignatureNonceUsed');
      // And once the timestamp has left the window, the date alone refuses it.
      t.wall.set(START + 29 * MINUTE + 1_000_000);
      const late = await send();
      expect(late.statusCode).toBe(400);
      expect(late.json().error.code).toBe('InvalidTimeStamp.Expired');
      expect(await countOf(t, 'eci-replay-ahead')).toBe(1);
    });

    it('refuses an OpenAPI call replayed within its window the same way', async () => {
      const headers = signV3(
        { method: 'POST', host: 'localhost:80', path: '/', query: {}, body: '', action: 'DescribeRegions', version: '2018-08-08' },
        TEST_KEY.id,
        TEST_KEY.secret,
        new Date((START + 14 * MINUTE) / 1000),
      );
      const send = () => t.app.inject({ method: 'POST', url: '/', headers });
      expect((await send()).statusCode).toBe(200);
      t.wall.set(START + 15.5 * MINUTE);
      const again = await send();
      expect(again.statusCode).toBe(400);
      expect(again.json().Code).toBe('SignatureNonceUsed');
    });
  });

  describe.skipIf(!backend.available)(`replays across a restart of serve (${backend.name})`, () => {
    it('refuses a signed request replayed to the restarted service, and counts it once', async () => {
      const location = await backend.location();
      const start = () => startServe(['--db', location.db, '--throttle-rate', '0', ...TEST_KEY_FLAGS]);
      const stop = async (s: Awaited<ReturnType<typeof start>>) => {
        const exited = new Promise((resolve) => s.child.once('exit', resolve));
        s.child.kill('SIGTERM');
        await exited;
      };
      let serve = await start();
      try {
        const body = report('eci-replay-restart');
        const sendTo = (url: string) => {
          const u = new URL('/v1/ingest', url);
          return fetch(u, { method: 'POST', headers: headersFor(u), body });
        };
        let signed: Record<string, string> | undefined;
        const headersFor = (u: URL) =>
          (signed ??= signV3(
            { method: 'POST', host: u.host, path: u.pathname, query: {}, body, action: 'Ingest', version: '2018-08-08', contentType: 'application/json' },
            TEST_KEY.id,
            TEST_KEY.secret,
          ));
        expect((await sendTo(serve.url)).status).toBe(200);
        await stop(serve);
        // The same port: the Host header is signed.
        const port = new URL(serve.url).port;
        serve = await startServe(['--db', location.db, '--port', port, '--throttle-rate', '0', ...TEST_KEY_FLAGS]);
        const again = await sendTo(serve.url);
        expect(again.status).toBe(400);
        expect(((await again.json()) as { error: { code: string } }).error.code).toBe('SignatureNonceUsed');
        const url = new URL('/v1/events?containerGroupId=eci-replay-restart', serve.url);
        const read = await fetch(url, {
          headers: signV3(
            {
              method: 'GET',
              host: url.host,
              path: url.pathname,
              query: Object.fromEntries(url.searchParams),
              body: '',
              action: 'Ingest',
              version: '2018-08-08',
            },
            TEST_KEY.id,
            TEST_KEY.secret,
          ),
        });
        expect(((await read.json()) as { items: Array<{ count: number }> }).items.map((e) => e.count)).toEqual([1]);
      } finally {
        if (serve.child.exitCode === null) await stop(serve);
        await location.cleanup();
      }
    });
  });
}
