// A change-feed reader behind retention, through every surface a client reads the feed by, on
// every backend: /v1/changes answers 410 ChangesExpired, the Server-Sent Events stream sends
// `expired` and ends, a Kubernetes watch gets an ERROR event with a 410 Expired Status at once
// (kubectl itself) and a list continued past the purge 410 Expired; readers not behind are served
// as before. A virtual clock makes retention purge exactly when the test advances it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/backends.js';
import { runCli, startServe } from './support/cli.js';
import { sse } from './support/session-fetch.js';
import { signedFetch, TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const KUBECTL = '/usr/bin/kubectl';

interface Item {
  metadata: { name: string; resourceVersion: string };
  involvedObject: { name: string };
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`a change-feed reader behind retention: ${backend.name}`, () => {
    let location: { db: string; cleanup: () => Promise<void> };
    let serve: Awaited<ReturnType<typeof startServe>>;
    let other: { id: string; secret: string };
    let kubeconfig: string;
    /** Versions of the events reported before the purge (a0..a4), and after it (b0, b1). */
    let a: number[];
    let b: number[];
    /** The other account's event, purged too. */
    let o: number;
    /** Where a reader stood before the purge: it had read a0 and a1. */
    let position: number;
    /** The continue token of a list of two events taken before the purge. */
    let continueToken: string;

    const ingest = async (names: string[], key = TEST_KEY): Promise<number[]> => {
      const reports = names.map((name) => ({ object: { name, uid: `eci-${name}` }, reason: 'NoStock', args: ['cn-hangzhou-k'] }));
      const res = await signedFetch(`${serve.url}/v1/ingest`, { body: JSON.stringify({ reports }) }, key);
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { results: Array<{ version: number }> }).results.map((r) => r.version);
    };
    const changes = (query: string, key = TEST_KEY) => signedFetch(`${serve.url}/v1/changes${query}`, {}, key);
    const names = async (res: Response) => ((await res.json()) as { items: Item[] }).items.map((i) => i.involvedObject.name);
    const kubectl = (args: string[]) => {
      const r = spawnSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 60_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    beforeAll(async () => {
      location = await backend.location();
      serve = await startServe([
        '--db',
        location.db,
        '--clock',
        'virtual',
        '--clock-start',
        '2026-01-01T00:00:00Z',
        '--retention',
        '1h',
        '--kube-port',
        '0',
        ...TEST_KEY_FLAGS,
      ]);
      const made = runCli(['keys', 'create', '--account', 'other', '--db', location.db, '--json']);
      expect(made.status, made.stderr).toBe(0);
      const key = JSON.parse(made.stdout) as { accessKeyId: string; accessKeySecret: string };
      other = { id: key.accessKeyId, secret: key.accessKeySecret };
      const config = runCli(['kubeconfig', '--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret]);
      expect(config.status, config.stderr).toBe(0);
      kubeconfig = join(tmpdir(), `eci-expired-${process.pid}-${backend.name}.kubeconfig`);
      writeFileSync(kubeconfig, config.stdout);

      a = await ingest(['a0', 'a1', 'a2', 'a3', 'a4']);
      [o] = (await ingest(['o0'], other)) as [number];
      // A reader reads two changes: its position is a1. Before the purge it is current.
      const read = await changes('?after=0&limit=2');
      expect(read.status).toBe(200);
      position = ((await read.json()) as { lastVersion: number }).lastVersion;
      expect(position).toBe(a[1]);
      const list = kubectl(['get', '--raw', '/api/v1/events?limit=2']);
      expect(list.status, list.stderr).toBe(0);
      continueToken = (JSON.parse(list.stdout) as { metadata: { continue: string } }).metadata.continue;
      expect(continueToken).toBeTruthy();

      // Past the retention period: the clock's advance answers once retention has removed a0..a4 and o0.
      const advanced = await signedFetch(`${serve.url}/v1/clock`, { body: JSON.stringify({ advance: '2h' }) });
      expect(advanced.status, await advanced.clone().text()).toBe(200);
      b = await ingest(['b0', 'b1']);
    });

    afterAll(async () => {
      serve?.child.kill('SIGTERM');
      await new Promise((resolve) => serve?.child.once('exit', resolve));
      await location?.cleanup();
    });

    it('answers /v1/changes from a purged position 410 ChangesExpired, naming the oldest version still available', async () => {
      const newest = a.at(-1)!;
      for (const after of [0, position, newest - 1]) {
        const res = await changes(`?after=${after}`);
        expect(res.status, `after=${after}`).toBe(410);
        const { error } = (await res.json()) as { error: { code: string; message: string; after: number; purgedUpTo: number } };
        expect(error).toMatchObject({ code: 'ChangesExpired', after, purgedUpTo: newest });
        expect(error.message).toContain(`versions ${after + 1}..${newest}`);
        expect(error.message).toContain(`oldest version still available to resume after is ${newest}`);
      }
    });

    it('serves readers that are not behind: from the oldest version still available, from now, and starting over', async () => {
      const resumed = await changes(`?after=${a.at(-1)}`);
      expect(resumed.status).toBe(200);
      expect(await names(resumed)).toEqual(['b0', 'b1']);
      const current = await changes(`?after=${b[1]}`);
      expect(current.status).toBe(200);
      expect(await current.json()).toEqual({ items: [], lastVersion: b[1] });
      // Without `after`: everything kept, however much retention removed.
      const fresh = await changes('');
      expect(fresh.status).toBe(200);
      expect(await names(fresh)).toEqual(['b0', 'b1']);
    });

    it('judges each account by its own purges', async () => {
      // The other account's o0 (after a4) was removed: a reader of it at a4 is behind, at o0 it is not.
      const behind = await changes(`?after=${a.at(-1)}`, other);
      expect(behind.status).toBe(410);
      expect(await behind.json()).toMatchObject({ error: { code: 'ChangesExpired', purgedUpTo: o } });
      const current = await changes(`?after=${o}`, other);
      expect(current.status).toBe(200);
      expect(await current.json()).toEqual({ items: [], lastVersion: o });
    });

    it('ends the Server-Sent Events stream of a purged position with one `expired` message', async () => {
      const res = await signedFetch(`${serve.url}/v1/changes/stream?after=${position}`);
      expect(res.status).toBe(200);
      const messages = [];
      for await (const m of sse(res)) messages.push(m); // the stream ends by itself
      expect(messages).toHaveLength(1);
      expect(messages[0]!.event).toBe('expired');
      expect(JSON.parse(messages[0]!.data!)).toMatchObject({ code: 'ChangesExpired', after: position, purgedUpTo: a.at(-1) });
    });

    it("answers kubectl's watch from a purged resourceVersion at once: an ERROR event with a 410 Expired Status", () => {
      const watch = kubectl(['get', '--raw', `/api/v1/events?watch=true&resourceVersion=${position}`]);
      expect(watch.status, watch.stderr).toBe(0); // it ended: no hanging watch
      const lines = watch.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; object: Record<string, unknown> });
      expect(lines).toEqual([
        {
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `too old resource version: ${position} (${a.at(-1)})`,
            reason: 'Expired',
            code: 410,
          },
        },
      ]);
      // The same for events.k8s.io/v1, in a namespace.
      const v1 = kubectl(['get', '--raw', `/apis/events.k8s.io/v1/namespaces/default/events?watch=1&resourceVersion=${position}`]);
      expect(v1.status, v1.stderr).toBe(0);
      expect(JSON.parse(v1.stdout.trim())).toMatchObject({ type: 'ERROR', object: { reason: 'Expired', code: 410 } });
    });

    it('answers a list continued past the purge 410 Expired, and lists what is kept afresh', () => {
      const continued = kubectl(['get', '--raw', `/api/v1/events?limit=2&continue=${continueToken}`]);
      expect(continued.status).toBe(1);
      expect(continued.stderr).toMatch(/Error from server \(Expired\): The provided continue parameter is too old/);
      const fresh = kubectl(['get', 'events', '-A', '-o', 'jsonpath={.items[*].involvedObject.name}']);
      expect(fresh.status, fresh.stderr).toBe(0);
      expect(fresh.stdout).toBe('b0 b1');
    });
  });
}
