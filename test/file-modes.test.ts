// Files holding events, positions and refusals are their owner's alone: with the usual umask 022
// (which would leave them 0644, readable by every user of the host), the SQLite database and its
// nonce file with their -wal and -shm files, the agent's spool (segments, acknowledged point, state) and deliver's
// checkpoint and dead-letter file are created 0600. A database that already exists keeps its mode.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT } from './support/cli.js';
import { signedFetch, TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const children = new Set<ChildProcess>();
let dir: string;

/** The built CLI under `umask 022`, as a shell would start it. */
function cli(args: string[]): { child: ChildProcess; stderr: () => string } {
  const child = spawn('/bin/sh', ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { child, stderr: () => stderr };
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

const until = async (what: string, cond: () => boolean, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('files are created 0600 whatever the umask', () => {
  let url = '';
  let hook: Server;
  let hookUrl = '';

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'eci-file-modes-'));
    const serve = cli(['serve', '--port', '0', '--log-level', 'warn', '--db', join(dir, 'events.db'), ...TEST_KEY_FLAGS]);
    await until('serve to listen', () => /listening on http:\/\/\S+/.test(serve.stderr()));
    url = /listening on (http:\/\/\S+)/.exec(serve.stderr())![1]!;
    // A webhook that refuses everything for good: deliver sets each event aside.
    hook = createServer((req, res) => req.resume().on('end', () => res.writeHead(400).end()));
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await gone;
      }
    }
    hook?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the SQLite database and its nonce file, each with its WAL and shared-memory file', async () => {
    const res = await signedFetch(`${url}/v1/ingest`, {
      body: JSON.stringify({ reports: [{ object: { name: 'cg-1' }, reason: 'NoStock', args: ['zone-a'] }] }),
    });
    expect(res.status).toBe(200);
    const files = ['events.db', 'events.db-wal', 'events.db-shm', 'events.db-nonces', 'events.db-nonces-wal', 'events.db-nonces-shm'];
    expect(Object.fromEntries(files.map((f) => [f, mode(join(dir, f))]))).toEqual(Object.fromEntries(files.map((f) => [f, '0600'])));
  });

  it('an existing database keeps its mode', () => {
    const existing = join(dir, 'shared.db');
    writeFileSync(existing, '', { mode: 0o640 });
    const r = spawnSync(
      '/bin/sh',
      ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, BIN, 'keys', 'create', '--db', existing, '--account', 'a', '--json'],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(mode(existing)).toBe('0640');
  });

  it("deliver's checkpoint and dead-letter file", async () => {
    const checkpoint = join(dir, 'deliver.checkpoint');
    cli([
      'deliver',
      '--endpoint',
      url,
      '--access-key-id',
      TEST_KEY.id,
      '--access-key-secret',
      TEST_KEY.secret,
      '--webhook',
      hookUrl,
      '--from-start',
      '--checkpoint',
      checkpoint,
      '--max-attempts',
      '1',
      '--poll',
      '100ms',
    ]);
    await until('the refused event to be set aside and the checkpoint written', () => existsSync(`${checkpoint}.set-aside.jsonl`) && existsSync(checkpoint));
    expect([mode(checkpoint), mode(`${checkpoint}.set-aside.jsonl`)]).toEqual(['0600', '0600']);
  });

  it("the agent's spool: segments, acknowledged point and state", async () => {
    mkdirSync(join(dir, 'rules'));
    copyFileSync(join(ROOT, 'rules', 'kernel-nfs.json'), join(dir, 'rules', 'kernel-nfs.json'));
    const kmsg = join(dir, 'kmsg');
    writeFileSync(kmsg, '6,100,100000,-;nfs: server 172.16.0.1 not responding, still trying\n');
    const spool = join(dir, 'spool');
    cli([
      'agent',
      '--endpoint',
      url,
      '--access-key-id',
      TEST_KEY.id,
      '--access-key-secret',
      TEST_KEY.secret,
      '--rules',
      join(dir, 'rules'),
      '--spool',
      spool,
      '--kmsg',
      kmsg,
      '--group',
      'eci-2ze2e2e0modesgroup1',
      '--host',
      'node-1',
    ]);
    await until(
      'the report to be spooled, sent and acknowledged',
      () => existsSync(join(spool, 'acked')) && readdirSync(spool).some((f) => f.startsWith('segment-')),
    );
    await until('the agent state to be saved', () => existsSync(join(spool, 'state.json')), 30_000);
    const files = readdirSync(spool).filter((f) => !f.endsWith('.tmp'));
    expect(Object.fromEntries(files.map((f) => [f, mode(join(spool, f))]))).toEqual(Object.fromEntries(files.map((f) => [f, '0600'])));
    expect(files).toEqual(expect.arrayContaining(['acked', 'state.json']));
    expect(mode(spool)).toBe('0700');
  }, 60_000);
});
