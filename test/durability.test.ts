// Nothing acknowledged is lost: the built CLI serves a SQLite file, answers ingest batches, is
// killed outright (SIGKILL) or stopped (SIGTERM), and a new process on the same file serves every
// acknowledged event with its exact count.
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedFetch, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/src/cli/bin.js');
/** How long a server may take to start listening: many seconds on a loaded two-core machine. */
const START_TIMEOUT_MS = 60_000;

interface Server {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];

function startServer(db: string): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0', '--host', '127.0.0.1', '--log-level', 'silent', ...TEST_KEY_FLAGS], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise<Server>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms; stderr: ${stderr}`)), START_TIMEOUT_MS);
    child.once('error', reject);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const m = /eci-events listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stderr: () => stderr, exit });
      }
    });
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before listening; stderr: ${stderr}`));
    });
  });
}

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eci-events-durability-'));
  dirs.push(dir);
  return join(dir, 'events.db');
}

interface EventJson {
  metadata: { name: string; resourceVersion: string };
  involvedObject: { name: string; uid: string };
  reason: string;
  message: string;
  count: number;
  containerGroupId: string;
}

interface IngestAnswer {
  accepted: number;
  rejected: number;
  results: Array<{ index: number; ok: boolean; event?: EventJson; error?: { code: string } }>;
}

async function ingest(url: string, reports: unknown[]): Promise<IngestAnswer> {
  const res = await signedFetch(`${url}/v1/ingest?answer=event`, {
    method: 'POST',
    body: JSON.stringify({ reports }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as IngestAnswer;
}

async function events(url: string, query = ''): Promise<EventJson[]> {
  const res = await signedFetch(`${url}/v1/events${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: EventJson[] }).items;
}

const BATCH = [
  { object: { name: 'cg-1', uid: 'eci-dur-1' }, reason: 'NoStock', args: ['zone k'] },
  { object: { name: 'cg-1', uid: 'eci-dur-1' }, reason: 'StockExhaust', args: ['zone k'] },
  { object: { name: 'cg-2', uid: 'eci-dur-2' }, reason: 'NoStock', args: ['zone j'] },
  { object: { name: 'cg-2', uid: 'eci-dur-2' }, reason: 'InsufficientBalance', args: ['ecs.g6.large'] },
];
const REPEATED = { object: { name: 'cg-3', uid: 'eci-dur-3' }, reason: 'StockClose', args: ['zone m'] };

/** Ingests BATCH twice and REPEATED three times in one request; returns the last acknowledged state of each event. */
async function ingestAll(url: string): Promise<Map<string, EventJson>> {
  const acked = new Map<string, EventJson>();
  const keep = (answer: IngestAnswer) => {
    for (const r of answer.results) if (r.ok) acked.set(`${r.event!.involvedObject.uid}/${r.event!.reason}`, r.event!);
  };

  const first = await ingest(url, BATCH);
  expect(first).toMatchObject({ accepted: 4, rejected: 0 });
  expect(first.results.map((r) => [r.index, r.ok, r.event!.count])).toEqual([
    [0, true, 1],
    [1, true, 1],
    [2, true, 1],
    [3, true, 1],
  ]);
  keep(first);

  const second = await ingest(url, BATCH);
  expect(second.results.map((r) => [r.index, r.ok, r.event!.count])).toEqual([
    [0, true, 2],
    [1, true, 2],
    [2, true, 2],
    [3, true, 2],
  ]);
  // A repeat updates the stored event: same name, a newer version.
  for (const r of second.results) {
    const before = acked.get(`${r.event!.involvedObject.uid}/${r.event!.reason}`)!;
    expect(r.event!.metadata.name).toBe(before.metadata.name);
    expect(Number(r.event!.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
  }
  keep(second);

  const third = await ingest(url, [REPEATED, REPEATED, { ...REPEATED, reason: 'NoSuchReason' }, REPEATED]);
  expect(third).toMatchObject({ accepted: 3, rejected: 1 });
  expect(third.results[2]).toMatchObject({ index: 2, ok: false, error: { code: 'UnknownReason' } });
  // The newest version answered carries the state after all three.
  const latest = third.results
    .filter((r) => r.ok)
    .map((r) => r.event!)
    .reduce((a, b) => (Number(b.metadata.resourceVersion) > Number(a.metadata.resourceVersion) ? b : a));
  expect(latest.count).toBe(3);
  acked.set('eci-dur-3/StockClose', latest);

  expect([...acked.values()].map((e) => e.count).sort()).toEqual([2, 2, 2, 2, 3]);
  return acked;
}

/** Every acknowledged event is served exactly as it was acknowledged, and there is nothing else. */
async function expectServed(url: string, acked: Map<string, EventJson>): Promise<void> {
  const all = await events(url);
  expect(all).toHaveLength(acked.size);
  for (const [key, event] of acked) {
    const [uid, reason] = key.split('/');
    const served = (await events(url, `?containerGroupId=${uid}`)).filter((e) => e.reason === reason);
    expect(served, key).toEqual([event]);
  }
  expect((await events(url, '?containerGroupId=eci-dur-1')).map((e) => [e.reason, e.count]).sort()).toEqual([
    ['NoStock', 2],
    ['StockExhaust', 2],
  ]);
  expect((await events(url, '?containerGroupId=eci-dur-3')).map((e) => [e.reason, e.message, e.count])).toEqual([
    ['StockClose', 'Create ECI failed because current zone closed or limited without living instance. zone m', 3],
  ]);
}

beforeAll(() => {
  // `npm test` builds first; a bare `vitest run` of this file builds only when there is no build.
  if (!existsSync(BIN)) execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
}, 120_000);

afterEach(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
  }
  children.clear();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('durability of acknowledged events (SQLite file, built CLI)', () => {
  it('keeps every acknowledged event with its exact count when the process is killed with SIGKILL', async () => {
    const db = tempDb();
    const first = await startServer(db);
    const acked = await ingestAll(first.url);
    first.child.kill('SIGKILL');
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await startServer(db);
    await expectServed(second.url, acked);

    // The restarted process goes on counting where the killed one stopped.
    const again = await ingest(second.url, [BATCH[0]]);
    expect(again.results[0]!.event!.count).toBe(3);
    expect(again.results[0]!.event!.metadata.name).toBe(acked.get('eci-dur-1/NoStock')!.metadata.name);
  });

  it('stops with exit code 0 on SIGTERM and keeps the data', async () => {
    const db = tempDb();
    const first = await startServer(db);
    const acked = await ingestAll(first.url);
    first.child.kill('SIGTERM');
    expect(await first.exit).toEqual({ code: 0, signal: null });
    expect(first.stderr()).toContain('SIGTERM: finishing requests in flight, then stopping');

    const second = await startServer(db);
    await expectServed(second.url, acked);
    second.child.kill('SIGTERM');
    expect(await second.exit).toEqual({ code: 0, signal: null });

    const third = await startServer(db);
    await expectServed(third.url, acked);
  });
});
