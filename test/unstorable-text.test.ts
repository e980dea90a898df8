// Text no store can hold (a NUL, an unpaired UTF-16 surrogate), sent to a started service on each
// backend as clients send it: a bad ingest item is refused alone (InvalidField, its field) and
// the good ones beside it stored; the SDK's CreateContainerGroup is refused (InvalidParameter,
// the parameter named) and creates nothing; and while one account streams such reports, another
// account's ingest all succeeds with exact counts. Before, PostgreSQL failed the whole group
// commit those reports shared ("invalid byte sequence 0x00"), other accounts' writes with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/backends.js';
import { $Eci, createKey, REGION, SCHEMES, sdkClient, sdkError, startServer, type Key, type Server } from './support/eci-sdk.js';
import { pool } from './support/raw-http.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

interface IngestAnswer {
  accepted: number;
  rejected: number;
  results: Array<{ index: number; ok: boolean; event?: { count: number }; error?: { code: string; field: string; message: string } }>;
}

const report = (name: string, zone: string, over: Record<string, unknown> = {}) => ({
  object: { name, uid: `eci-${name}` },
  reason: 'NoStock',
  args: [zone],
  ...over,
});

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`text no store can hold, on ${backend.name}`, () => {
    let server: Server;
    let cleanup: () => Promise<void>;
    let tenantB: Key;

    beforeAll(async () => {
      const loc = await backend.location();
      cleanup = loc.cleanup;
      server = await startServer(loc.db);
      tenantB = await createKey(loc.db, 'tenant-b');
    });
    afterAll(async () => {
      await server?.stop();
      await cleanup?.();
    });

    const ingest = async (reports: unknown[], key: Key = TEST_KEY) => {
      const res = await signedFetch(`${server.url}/v1/ingest`, { body: JSON.stringify({ reports }) }, key);
      return { status: res.status, body: (await res.json()) as IngestAnswer };
    };
    /** name → count of the account's events whose object is one of `names`. */
    const counts = async (names: readonly string[], key: Key = TEST_KEY) => {
      const res = await signedFetch(`${server.url}/v1/events?limit=5000`, {}, key);
      expect(res.status).toBe(200);
      const items = ((await res.json()) as { items: Array<{ involvedObject: { name: string }; count: number }> }).items;
      return Object.fromEntries(items.filter((e) => names.includes(e.involvedObject.name)).map((e) => [e.involvedObject.name, e.count]));
    };

    it('refuses the bad items of an ingest batch by field and stores the good ones', async () => {
      const { status, body } = await ingest([
        report('txt-good-1', 'cn-hangzhou-k'),
        report('txt-bad-msg', 'cn-hangzhou-\u0000k'),
        report('txt-good-2', 'cn-hangzhou-j'),
        report('txt-bad-\u0000name', 'cn-hangzhou-k'),
        report('txt-bad-host', 'cn-hangzhou-k', { reportingInstance: 'host-\uD800' }),
      ]);
      expect(status).toBe(200);
      expect(body).toMatchObject({ accepted: 2, rejected: 3 });
      expect(body.results.map((r) => (r.ok ? 'ok' : `${r.error!.code} ${r.error!.field}`))).toEqual([
        'ok',
        'InvalidField args[0]',
        'ok',
        'InvalidField object.name',
        'InvalidField reportingInstance',
      ]);
      expect(body.results[1]!.error!.message).toBe('args[0] holds a NUL character (U+0000) at offset 12, which cannot be stored');
      expect(body.results[4]!.error!.message).toMatch(/unpaired UTF-16 surrogate \(U\+D800\)/);
      expect(await counts(['txt-good-1', 'txt-good-2', 'txt-bad-msg', 'txt-bad-\u0000name', 'txt-bad-host'])).toEqual({ 'txt-good-1': 1, 'txt-good-2': 1 });
    });

    it.each(SCHEMES)('refuses CreateContainerGroup with a NUL in a name, a tag or an environment variable (%s), creating nothing', async (scheme) => {
      const client = sdkClient(server.host, scheme);
      const container = (env: string) =>
        new $Eci.CreateContainerGroupRequestContainer({
          name: 'c1',
          image: 'nginx',
          environmentVar: [new $Eci.CreateContainerGroupRequestContainerEnvironmentVar({ key: 'MODE', value: env })],
        });
      const cases: Array<[string, Record<string, unknown>]> = [
        ['ContainerGroupName', { containerGroupName: `nul-\u0000-${scheme}`, container: [container('a')] }],
        [
          'Tag.1.Value',
          {
            containerGroupName: `nul-tag-${scheme}`,
            container: [container('a')],
            tag: [new $Eci.CreateContainerGroupRequestTag({ key: 'app', value: 'w\u0000b' })],
          },
        ],
        ['Container.1.EnvironmentVar.1.Value', { containerGroupName: `nul-env-${scheme}`, container: [container('on\u0000')] }],
      ];
      for (const [parameter, fields] of cases) {
        const err = await sdkError(client.createContainerGroup(new $Eci.CreateContainerGroupRequest({ regionId: REGION, ...fields })));
        expect(err.statusCode, parameter).toBe(400);
        expect(err.code, parameter).toBe('InvalidParameter');
        expect(err.message).toContain(`The specified parameter "${parameter}" is not valid: it holds a NUL character (U+0000)`);
      }
      const listed = await client.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION }));
      expect(listed.body!.containerGroups!.filter((g) => g.containerGroupName!.startsWith('nul-'))).toEqual([]);
    });

    it("keeps one account's ingest whole and its counts exact while another streams NUL reports", async () => {
      const EVENTS = 5;
      const REQUESTS = 40;
      const PER_REQUEST = 50;
      const names = Array.from({ length: EVENTS }, (_, i) => `tenant-a-${i}`);
      let done = false;
      const hostileAnswers: string[] = [];
      const hostile = (async () => {
        // Tenant B: every batch has NUL reports (to be refused) beside one good report (counted).
        while (!done) {
          const { status, body } = await ingest(
            [...Array.from({ length: 20 }, (_, i) => report(`tenant-b-${i % 3}`, `zone\u0000${i}`)), report('tenant-b-good', 'cn-hangzhou-k')],
            tenantB,
          );
          hostileAnswers.push(`${status} ${body.accepted}/${body.rejected}`);
        }
      })();
      const answers = await pool(
        Array.from({ length: REQUESTS }, (_, r) => r),
        4,
        (r) => ingest(Array.from({ length: PER_REQUEST }, (_, i) => report(names[(r * PER_REQUEST + i) % EVENTS]!, 'cn-hangzhou-k'))),
      );
      done = true;
      await hostile;
      // Tenant A: every request answered for every report, and every count exact.
      expect(answers.map((a) => `${a.status} ${a.body.accepted}`)).toEqual(answers.map(() => `200 ${PER_REQUEST}`));
      expect(await counts(names)).toEqual(Object.fromEntries(names.map((n) => [n, (REQUESTS * PER_REQUEST) / EVENTS])));
      // Tenant B: its NUL reports refused one by one, its good ones counted.
      expect(hostileAnswers.length).toBeGreaterThan(0);
      expect(new Set(hostileAnswers)).toEqual(new Set(['200 1/20']));
      expect(await counts(['tenant-b-good'], tenantB)).toEqual({ 'tenant-b-good': hostileAnswers.length });
      expect(await counts(['tenant-b-0', 'tenant-b-1', 'tenant-b-2'], tenantB)).toEqual({});
    }, 120_000);
  });
}
