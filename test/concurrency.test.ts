// Counts are exact across processes: two writer processes (test/support/writer.mjs, the built
// Recorder) report the same 20 events N times each into one database at the same time, and the
// stored counts come out at exactly 2N, one row per event, every version distinct.
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../src/store/index.js';
import { BACKENDS } from './support/backends.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRITER = fileURLToPath(new URL('./support/writer.mjs', import.meta.url));
/** Rounds per writer: enough for the two to overlap for a good while. */
const N = 300;
/** What writer.mjs reports: 5 container groups × 4 reasons. */
const EXPECTED = [1, 2, 3, 4, 5].flatMap((i) =>
  [
    ['NoStock', 'Create ECI failed because the specified instance is out of stock. zone k'],
    ['StockExhaust', 'The stock of the specified zones will be used up. zone k'],
    ['InsufficientBalance', 'Your account does not have enough balance to purchase ecs.g6.large'],
    ['StockClose', 'Create ECI failed because current zone closed or limited without living instance. zone k'],
  ].map(([reason, message]) => ({ object: `cg-${i}`, containerGroupId: `eci-conc-${i}`, reason: reason!, message: message! })),
);

interface WriterResult {
  reported: number;
  start: number;
  end: number;
}

const children = new Set<ChildProcess>();

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a writer; `ready` settles once it has opened the store, `result` once it has finished. */
function startWriter(db: string): { child: ChildProcess; ready: Promise<void>; result: Promise<WriterResult> } {
  const child = spawn(process.execPath, [WRITER, db, String(N)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.split('\n').includes('ready')) onReady();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<WriterResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as WriterResult);
      else reject(new Error(`writer exited with code ${code} signal ${signal}\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
  // A writer that dies before it is ready must fail the test, not hang it.
  return { child, ready: Promise.race([ready, result.then(() => undefined)]), result };
}

beforeAll(() => {
  // `npm test` builds first; a bare `vitest run` of this file builds only when there is no build.
  if (!existsSync(new URL('../dist/src/recorder/index.js', import.meta.url))) execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
}, 120_000);

afterEach(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  }
  children.clear();
});

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`two writer processes on one ${backend.name} database`, () => {
    let location: { db: string; cleanup: () => Promise<void> } | undefined;
    let store: EventStore | undefined;

    afterEach(async () => {
      await store?.close();
      store = undefined;
      await location?.cleanup();
      location = undefined;
    });

    it(`agree on every count (${N} reports of 20 events from each)`, async () => {
      location = await backend.location();
      // Both open a fresh, unmigrated location at once: migrations must not race either.
      const writers = [startWriter(location.db), startWriter(location.db)];
      await Promise.all(writers.map((w) => w.ready));
      for (const w of writers) w.child.stdin!.end('go\n');
      const [a, b] = await Promise.all(writers.map((w) => w.result));
      expect(a!.reported).toBe(20 * N);
      expect(b!.reported).toBe(20 * N);
      // They really did write at the same time.
      expect(a!.start).toBeLessThan(b!.end);
      expect(b!.start).toBeLessThan(a!.end);

      store = await backend.open(location.db);
      const rows = await store.list({ limit: 5000 });
      expect(rows).toHaveLength(20);
      const got = rows
        .map((e) => ({ object: e.involvedObject.name, containerGroupId: e.containerGroupId, reason: e.reason, message: e.message, count: e.count }))
        .sort((x, y) => `${x.object}/${x.reason}`.localeCompare(`${y.object}/${y.reason}`));
      const want = EXPECTED.map((e) => ({ ...e, count: 2 * N })).sort((x, y) => `${x.object}/${x.reason}`.localeCompare(`${y.object}/${y.reason}`));
      expect(got).toEqual(want);
      expect(rows.reduce((sum, e) => sum + e.count, 0)).toBe(2 * 20 * N);

      const versions = rows.map((e) => e.resourceVersion);
      expect(new Set(versions).size).toBe(20);
      expect(new Set(rows.map((e) => e.name)).size).toBe(20);
      const feed = await store.changesAfter(0, 5000);
      expect(feed.map((e) => e.resourceVersion)).toEqual([...versions].sort((x, y) => x - y));
      expect(await store.latestVersion()).toBe(Math.max(...versions));
    });
  });
}
