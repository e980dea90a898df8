// Console sessions against a started `eci-events serve`: signing in and out with an access key
// pair, the cookie in place of a signature on /v1, the CSRF header on changes, a deleted key ending
// its sessions, and accounts kept apart through the cookie. The OpenAPI at / takes no cookie.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { createKey, startServer, type Key, type Server } from './support/eci-sdk.js';
import { SqliteEventStore } from '../src/store/sqlite/store.js';
import { cookieFetch, signIn, sse } from './support/session-fetch.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

const report = (name: string, uid: string, zone: string) => ({ object: { name, uid }, reason: 'NoStock', args: [zone] });

describe('console sessions', () => {
  let dir: string;
  let server: Server;
  let acme: Key;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-console-session-'));
    server = await startServer(join(dir, 'events.db'), ['--throttle-rate', '0']);
    acme = await createKey(server.db, 'acme');
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with a key pair: the account, and an HttpOnly SameSite=Strict cookie for 30 days', async () => {
    const s = await signIn(server.url, TEST_KEY);
    expect(s.status).toBe(200);
    expect(s.body).toEqual({ account: 'default', accessKeyId: TEST_KEY.id });
    const attributes = s.setCookie!.split(';').map((a) => a.trim());
    expect(attributes[0]).toMatch(/^eci_session=\S+$/);
    expect(attributes.slice(1).sort()).toEqual(['HttpOnly', 'Max-Age=2592000', 'Path=/', 'SameSite=Strict']);

    const who = await cookieFetch(`${server.url}/v1/session`, s.cookie!);
    expect(who.status).toBe(200);
    expect(await who.json()).toEqual({ account: 'default', accessKeyId: TEST_KEY.id });
    // The cookie stands in for a signature on the HTTP API.
    const events = await cookieFetch(`${server.url}/v1/events`, s.cookie!);
    expect(events.status).toBe(200);
    expect(await events.json()).toEqual({ items: [] });
  });

  it('refuses a wrong id and a wrong secret with one answer, setting no cookie', async () => {
    const wrongSecret = await signIn(server.url, { id: TEST_KEY.id, secret: `${TEST_KEY.secret}x` });
    const wrongId = await signIn(server.url, { id: 'LTAInosuchkey', secret: TEST_KEY.secret });
    for (const s of [wrongSecret, wrongId]) {
      expect(s.status).toBe(401);
      expect(s.setCookie).toBeNull();
    }
    expect(wrongSecret.body).toEqual({ error: { code: 'InvalidAccessKey', message: expect.any(String) } });
    expect(wrongId.body).toEqual(wrongSecret.body);
    // A malformed body is the caller's mistake, not a credential problem.
    const res = await fetch(`${server.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"accessKeyId":"x"}' });
    expect(res.status).toBe(400);
  });

  it('answers 401 without a session, or with a cookie that is not one of ours', async () => {
    const none = await fetch(`${server.url}/v1/session`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'InvalidSession' } });
    const s = await signIn(server.url, TEST_KEY);
    const forged = s.cookie!.replace(/\.[^.]+$/, `.${'A'.repeat(43)}`);
    for (const path of ['/v1/session', '/v1/events', '/v1/groups']) {
      const res = await cookieFetch(`${server.url}${path}`, forged);
      expect(res.status, path).toBe(401);
      expect((await res.json()).error.code, path).toBe('InvalidSession');
    }
  });

  it('needs X-ECI-Console: 1 on changes made with the cookie (a cross-site form cannot send it)', async () => {
    const { cookie } = await signIn(server.url, TEST_KEY);
    const body = { reports: [report('csrf-pod', 'eci-csrf', 'a')] };
    const refused = await cookieFetch(`${server.url}/v1/ingest`, cookie!, { body, consoleHeader: false });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'MissingConsoleHeader' } });
    const wrongValue = await cookieFetch(`${server.url}/v1/ingest`, cookie!, { body, consoleHeader: false, headers: { 'x-eci-console': 'yes' } });
    expect(wrongValue.status).toBe(403);
    expect(await (await cookieFetch(`${server.url}/v1/events?containerGroupId=eci-csrf`, cookie!)).json()).toEqual({ items: [] });

    const accepted = await cookieFetch(`${server.url}/v1/ingest`, cookie!, { body });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ accepted: 1 });
    const { items } = await (await cookieFetch(`${server.url}/v1/events?containerGroupId=eci-csrf`, cookie!)).json();
    expect(items).toHaveLength(1);
  });

  it('keeps the OpenAPI at / signature-only: a cookie is no credential there', async () => {
    const { cookie } = await signIn(server.url, TEST_KEY);
    const res = await fetch(`${server.url}/?RegionId=cn-hangzhou`, {
      method: 'POST',
      headers: { cookie: cookie!, 'x-eci-console': '1', 'x-acs-action': 'DescribeRegions', 'x-acs-version': '2018-08-08' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ Code: 'IncompleteSignature' });
  });

  it('shows each account only its own events and groups through its cookie', async () => {
    const mine = await signedFetch(`${server.url}/v1/ingest`, { body: JSON.stringify({ reports: [report('default-pod', 'eci-default1', 'b')] }) });
    expect(mine.status).toBe(200);
    const { cookie } = await signIn(server.url, acme);
    const theirs = await cookieFetch(`${server.url}/v1/ingest`, cookie!, { body: { reports: [report('acme-pod', 'eci-acme1', 'c')] } });
    expect(theirs.status).toBe(200);

    const { items } = await (await cookieFetch(`${server.url}/v1/events`, cookie!)).json();
    expect(items.map((e: { containerGroupId: string }) => e.containerGroupId)).toEqual(['eci-acme1']);
    const groups = await (await cookieFetch(`${server.url}/v1/groups`, cookie!)).json();
    expect(groups.items.map((g: { containerGroupId: string }) => g.containerGroupId)).toEqual(['eci-acme1']);
    expect((await cookieFetch(`${server.url}/v1/groups/eci-default1`, cookie!)).status).toBe(404);
    expect(await (await cookieFetch(`${server.url}/v1/events?containerGroupId=eci-default1`, cookie!)).json()).toEqual({ items: [] });
  });

  it("streams an account's changes only, including those another process writes to the database", async () => {
    const { cookie } = await signIn(server.url, acme);
    const abort = new AbortController();
    const res = await cookieFetch(`${server.url}/v1/changes/stream`, cookie!, { signal: abort.signal });
    const messages = sse(res);
    try {
      // The stream's position was fixed before its 200 answer: what follows is after it.
      // Another account's change first: it must not show.
      await signedFetch(`${server.url}/v1/ingest`, { body: JSON.stringify({ reports: [report('default-pod', 'eci-default2', 'd')] }) });
      // Then a writer this service's recorder never hears of (another replica, say): only the poll finds it.
      const other = new SqliteEventStore(server.db);
      const at = Date.now() * 1000;
      const [written] = await other.record([
        {
          account: 'acme',
          key: 'from-another-process',
          name: 'outside.1',
          namespace: 'default',
          uid: 'u-outside',
          involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'outside', namespace: 'default', uid: 'eci-outside' },
          containerGroupId: 'eci-outside',
          reason: 'StopCharge',
          message: 'Stop charging',
          type: 'Normal',
          source: { component: 'EciService', host: '' },
          reportingComponent: 'EciService',
          reportingInstance: '',
          count: 1,
          firstTimestamp: at,
          lastTimestamp: at,
        },
      ]);
      await other.close();
      const { value } = await messages.next();
      expect(value!.id).toBe(String(written!.resourceVersion));
      expect(JSON.parse(value!.data!)).toMatchObject({ containerGroupId: 'eci-outside', reason: 'StopCharge' });
    } finally {
      abort.abort();
    }
  });

  it('signs out: 204 and a cookie that removes the session from the browser', async () => {
    const { cookie } = await signIn(server.url, TEST_KEY);
    const res = await cookieFetch(`${server.url}/v1/session`, cookie!, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toBe('eci_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  });

  it('ends every session of a key deleted with `eci-events keys delete`', async () => {
    const doomed = await createKey(server.db, 'doomed');
    const { cookie } = await signIn(server.url, doomed);
    expect((await cookieFetch(`${server.url}/v1/session`, cookie!)).status).toBe(200);
    expect((await cookieFetch(`${server.url}/v1/events`, cookie!)).status).toBe(200);

    const r = runCli(['keys', 'delete', doomed.id, '--db', server.db]);
    expect(r.status, r.stderr).toBe(0);

    const who = await cookieFetch(`${server.url}/v1/session`, cookie!);
    expect(who.status).toBe(401);
    expect(who.headers.get('set-cookie')).toMatch(/^eci_session=;.*Max-Age=0/);
    const events = await cookieFetch(`${server.url}/v1/events`, cookie!);
    expect(events.status).toBe(401);
    expect(await events.json()).toMatchObject({ error: { code: 'InvalidSession' } });
    expect((await signIn(server.url, doomed)).status).toBe(401);
  });
});
