// Getting a working key at any time, through the CLI: serve's banner on a first and a later
// start, `keys create` as paste-ready variables, `keys list`, the client commands' refusal without
// a key, and one bootstrap key when two replicas start together on one PostgreSQL database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from './support/cli.js';
import { startFirstServe, stop, type FirstStart } from './support/first-start.js';
import { freshDatabase, postgresAvailable } from './support/postgres.js';
import { KEY_RECHECK_MS } from '../src/store/postgres/keys.js';

const NO_KEY = { ECI_EVENTS_ACCESS_KEY_ID: '', ECI_EVENTS_ACCESS_KEY_SECRET: '', ECI_EVENTS_ENDPOINT: '' };

/**
 * A key made with `keys create`, used on the running service (which then holds it in memory),
 * deleted with `keys delete`, and used again `afterMs` later: what the client command then says.
 */
async function useDeletedKey(db: string, url: string, afterMs: number): Promise<{ status: number | null; stderr: string }> {
  const made = runCli(['keys', 'create', '--db', db, '--json']);
  expect(made.status).toBe(0);
  const key = JSON.parse(made.stdout) as { accessKeyId: string; accessKeySecret: string };
  const env = { ECI_EVENTS_ENDPOINT: url, ECI_EVENTS_ACCESS_KEY_ID: key.accessKeyId, ECI_EVENTS_ACCESS_KEY_SECRET: key.accessKeySecret };
  for (let i = 0; i < 2; i++) expect(runCli(['groups', '--json'], env)).toMatchObject({ status: 0, stderr: '' });
  const deleted = runCli(['keys', 'delete', key.accessKeyId, '--db', db]);
  expect({ status: deleted.status, stdout: deleted.stdout.trim() }).toEqual({ status: 0, stdout: `deleted ${key.accessKeyId}` });
  await new Promise((r) => setTimeout(r, afterMs));
  const after = runCli(['groups', '--json'], env);
  return { status: after.status, stderr: after.stderr };
}

describe('a key at any time, on SQLite', () => {
  let dir: string;
  let db: string;
  let first: FirstStart;
  let later: FirstStart | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-keys-'));
    db = join(dir, 'events.db');
    first = await startFirstServe(['--db', db]);
  });

  afterAll(async () => {
    await stop(first.child);
    if (later) await stop(later.child);
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the first start's banner after the start-up log lines, with the console and the new key", () => {
    const out = first.output();
    const banner = out.indexOf('eci-events listening on');
    const lastLog = out.lastIndexOf('\n{"level":', banner);
    expect(lastLog).toBeGreaterThan(0);
    expect(out.slice(banner)).not.toMatch(/^\{"level":/m);
    expect(out).toContain(`Console: open ${first.url}/ and sign in with the access key below.`);
    expect(first.env.ECI_EVENTS_ACCESS_KEY_ID).toMatch(/^LTAI\w{20}$/);
    expect(first.env.ECI_EVENTS_ACCESS_KEY_SECRET).toMatch(/^\w{30}$/);
    expect(out).toContain(
      `A key at any time: \`eci-events keys create --db ${db} --endpoint ${first.url}\` prints a new one as these lines; \`eci-events keys list --db ${db}\` shows the keys there are.`,
    );
    // Request lines are at debug: a request at the default level adds nothing to the log.
    const before = first.output().length;
    expect(runCli(['events'], first.env).status).toBe(0);
    expect(first.output().slice(before)).toBe('');
  });

  it('keys create prints variables that work once pasted into a shell; keys list shows the key', () => {
    const made = runCli(['keys', 'create', '--db', db, '--endpoint', first.url]);
    expect(made.status).toBe(0);
    const lines = made.stdout.trim().split('\n');
    expect(lines[0]).toBe('# An access key of the account "default". The CLI and the SDK snippets read these variables.');
    expect(lines.slice(1).map((l) => l.replace(/=.*/, ''))).toEqual([
      'export ECI_EVENTS_ENDPOINT',
      'export ECI_EVENTS_ACCESS_KEY_ID',
      'export ECI_EVENTS_ACCESS_KEY_SECRET',
    ]);
    expect(lines[1]).toBe(`export ECI_EVENTS_ENDPOINT=${first.url}`);
    const id = /ECI_EVENTS_ACCESS_KEY_ID=(\S+)/.exec(made.stdout)![1]!;
    expect(id).not.toBe(first.env.ECI_EVENTS_ACCESS_KEY_ID);

    // eval "$(eci-events keys create ...)", then a client command: signed with the new key.
    const script = `eval "$("$0" "$1" keys create --db "$2" --endpoint "$3")" && exec "$0" "$1" groups --json`;
    const shell = spawnSync('/bin/sh', ['-c', script, process.execPath, BIN, db, first.url], {
      encoding: 'utf8',
      env: { ...process.env, ...NO_KEY },
      timeout: 60_000,
    });
    expect(shell.stderr).toBe('');
    expect(shell.status).toBe(0);
    expect(JSON.parse(shell.stdout)).toEqual([]);

    const listed = runCli(['keys', 'list', '--db', db]);
    expect(listed.status).toBe(0);
    for (const key of [first.env.ECI_EVENTS_ACCESS_KEY_ID!, id]) expect(listed.stdout).toContain(key);
    expect(listed.stdout).not.toContain(first.env.ECI_EVENTS_ACCESS_KEY_SECRET!);
  });

  it('keys delete takes effect on the running service at its next request', async () => {
    const after = await useDeletedKey(db, first.url, 0);
    expect(after.status).not.toBe(0);
    expect(after.stderr).toContain('InvalidAccessKeyId.NotFound');
  });

  it('keys list on a database without keys says how to make one', () => {
    const r = runCli(['keys', 'list', '--db', join(dir, 'empty.db')]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('no access keys in this database: `eci-events keys create` makes one');
  });

  it('a client command without a key says how to get one', () => {
    const r = runCli(['events', '--endpoint', first.url], NO_KEY);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/an access key is needed: .*`eci-events keys create` prints a pair ready to paste/);
    expect(r.stderr).not.toMatch(/prints one at start-up/);
  });

  it('a later start creates no key, and says where the console is and how to get a key', async () => {
    await stop(first.child);
    later = await startFirstServe(['--db', db]);
    const out = later.output();
    expect(out).not.toMatch(/was created/);
    expect(later.env).toEqual({});
    expect(out).toContain(`Console: open ${later.url}/ and sign in with an access key pair of an account.`);
    expect(out).toContain(`A key at any time: \`eci-events keys create --db ${db} --endpoint ${later.url}\` prints a new one ready to paste`);
    // The first start's and the two `keys create` made above (the third deleted): none added by this start.
    expect(JSON.parse(runCli(['keys', 'list', '--db', db, '--json']).stdout)).toHaveLength(3);
  }, 60_000);
});

describe.skipIf(!postgresAvailable)('two replicas started together on one new PostgreSQL database', () => {
  it('create one bootstrap key between them, which one of them prints', async () => {
    const { url: db, drop } = await freshDatabase();
    const replicas: FirstStart[] = [];
    try {
      replicas.push(...(await Promise.all([startFirstServe(['--db', db]), startFirstServe(['--db', db])])));
      const printed = replicas.filter((r) => /was created for the default account/.test(r.output()));
      expect(printed).toHaveLength(1);
      const keys = JSON.parse(runCli(['keys', 'list', '--db', db, '--json']).stdout) as Array<{ accessKeyId: string }>;
      expect(keys.map((k) => k.accessKeyId)).toEqual([printed[0]!.env.ECI_EVENTS_ACCESS_KEY_ID]);
      // The key works on either replica (the CLI waits out an election still under way, as Retry-After says).
      for (const r of replicas) {
        const listed = runCli(['groups', '--json'], { ...printed[0]!.env, ECI_EVENTS_ENDPOINT: r.url });
        expect({ status: listed.status, stderr: listed.stderr }).toEqual({ status: 0, stderr: '' });
      }
    } finally {
      await Promise.all(replicas.map((r) => stop(r.child)));
      await drop();
    }
  }, 120_000);
});

describe.skipIf(!postgresAvailable)('keys delete on a PostgreSQL database served by a running replica', () => {
  it('takes effect within the documented bound (KEY_RECHECK_MS)', async () => {
    const { url: db, drop } = await freshDatabase();
    let replica: FirstStart | undefined;
    try {
      replica = await startFirstServe(['--db', db]);
      const after = await useDeletedKey(db, replica.url, KEY_RECHECK_MS);
      expect(after.status).not.toBe(0);
      expect(after.stderr).toContain('InvalidAccessKeyId.NotFound');
    } finally {
      if (replica) await stop(replica.child);
      await drop();
    }
  }, 120_000);
});
