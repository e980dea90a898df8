// `eci-events deliver` whose webhook is down while retention removes what it has not delivered,
// on every backend: it never skips the gap silently. By default it records the gap in the
// dead-letter file and stops with exit 1, naming the versions lost; with --skip-expired it records
// the gap, logs exactly the versions lost and delivers everything after them. The service runs on
// a virtual clock, so retention removes the events exactly when the test advances it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/backends.js';
import { BIN, startServe } from './support/cli.js';
import { signedFetch, TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

/** More than the deliverer reads in one page (500): the rest is what retention takes from it. */
const REPORTED = 1200;
const PAGE = 500;

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`deliver while retention removes what it has not delivered: ${backend.name}`, () => {
    let dir: string;
    let location: { db: string; cleanup: () => Promise<void> };
    let serve: Awaited<ReturnType<typeof startServe>>;
    let hook: Server;
    let hookUrl: string;
    /** Versions the webhook took (200), in order, and how many posts it refused (503). */
    let taken: number[] = [];
    let refused = 0;
    let down = true;

    const ingest = async (names: string[]): Promise<number[]> => {
      const reports = names.map((name) => ({ object: { name, uid: `eci-${name}` }, reason: 'NoStock', args: ['cn-hangzhou-k'] }));
      const res = await signedFetch(`${serve.url}/v1/ingest`, { body: JSON.stringify({ reports }) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { results: Array<{ version: number }> }).results.map((r) => r.version);
    };
    const advance = async (by: string) => {
      const res = await signedFetch(`${serve.url}/v1/clock`, { body: JSON.stringify({ advance: by }) });
      expect(res.status, await res.clone().text()).toBe(200);
    };
    const until = async (what: () => boolean) => {
      while (!what()) await new Promise((r) => setTimeout(r, 20));
    };
    function deliver(name: string, args: string[]): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
      const child = spawn(
        process.execPath,
        [
          BIN,
          'deliver',
          '--webhook',
          hookUrl,
          '--checkpoint',
          join(dir, name),
          '--poll',
          '50ms',
          '--from-start',
          ...args,
          '--endpoint',
          serve.url,
          '--access-key-id',
          TEST_KEY.id,
          '--access-key-secret',
          TEST_KEY.secret,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { child, stderr: () => stderr, exit };
    }
    const deadLetter = (name: string) =>
      readFileSync(join(dir, `${name}.set-aside.jsonl`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

    /**
     * Reports REPORTED events, starts a deliverer from the start of the feed, lets the webhook
     * refuse its first post, advances the clock past retention (removing all of them) and brings
     * the webhook back. Returns the versions reported.
     */
    async function purgeWhileDown(prefix: string, checkpoint: string, args: string[] = []) {
      taken = [];
      refused = 0;
      down = true;
      const versions = await ingest(names(prefix, REPORTED));
      const run = deliver(checkpoint, args);
      await until(() => refused > 0); // it has read its first page, and is stuck on its first post
      await advance('2h'); // answers once retention has removed every event reported above
      down = false;
      return { versions, run };
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'eci-deliver-expired-'));
      location = await backend.location();
      serve = await startServe(['--db', location.db, '--clock', 'virtual', '--clock-start', '2026-01-01T00:00:00Z', '--retention', '1h', ...TEST_KEY_FLAGS]);
      hook = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          if (down) refused++;
          else taken.push(Number(req.headers['x-eci-events-version']));
          res.writeHead(down ? 503 : 200).end();
        });
      });
      await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
      hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/events`;
    });

    afterAll(async () => {
      serve?.child.kill('SIGTERM');
      await new Promise((resolve) => serve?.child.once('exit', resolve));
      await new Promise((resolve) => hook?.close(resolve));
      await location?.cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('stops loudly: exit 1, the versions lost named, a dead-letter record of the gap, nothing skipped', async () => {
      const { versions, run } = await purgeWhileDown('a', 'stop');
      expect(await run.exit).toBe(1);
      const from = versions[PAGE - 1]! + 1;
      const to = versions.at(-1)!;
      // What it had read before the purge it delivered; nothing after the gap.
      expect(taken).toEqual(versions.slice(0, PAGE));
      expect(run.stderr()).toMatch(new RegExp(`delivery stopped: retention removed versions ${from}\\.\\.${to} of the feed before they were delivered`));
      expect(run.stderr()).toMatch(/--skip-expired/);
      expect(deadLetter('stop')).toEqual([
        {
          setAsideAt: expect.any(String),
          why: `retention removed versions ${from}..${to} before they were delivered`,
          lost: { fromVersion: from, toVersion: to },
          skipped: false,
        },
      ]);
      // Its checkpoint stays before the gap: started again without the flag, it stops again.
      expect(JSON.parse(readFileSync(join(dir, 'stop'), 'utf8'))).toEqual({ after: versions[PAGE - 1] });
    }, 60_000);

    it('with --skip-expired: logs exactly the versions lost, records the gap and delivers everything after it', async () => {
      const { versions, run } = await purgeWhileDown('b', 'skip', ['--skip-expired']);
      const later = await ingest(names('c', 5));
      await until(() => taken.length === PAGE + later.length);
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      const from = versions[PAGE - 1]! + 1;
      const to = versions.at(-1)!;
      expect(taken).toEqual([...versions.slice(0, PAGE), ...later]);
      expect(run.stderr()).toMatch(
        new RegExp(`lost versions ${from}\\.\\.${to}: retention removed them before they were delivered; going on after version ${to}`),
      );
      expect(deadLetter('skip')).toEqual([
        {
          setAsideAt: expect.any(String),
          why: `retention removed versions ${from}..${to} before they were delivered`,
          lost: { fromVersion: from, toVersion: to },
          skipped: true,
        },
      ]);
      expect(JSON.parse(readFileSync(join(dir, 'skip'), 'utf8'))).toEqual({ after: later.at(-1) });
    }, 60_000);
  });
}
