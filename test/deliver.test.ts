// `eci-events deliver` end to end: the built CLI between a running service and a webhook (an
// HTTP server here), through retries, a refusal for good, a filter, and a restart that resumes
// from the checkpoint without losing or repeating an event.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, startServe } from './support/cli.js';
import { TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

interface Received {
  status: number;
  key: string;
  version: string;
  reason: string;
  count: number;
  token: string | undefined;
  change: string | undefined;
}

describe('eci-events deliver', () => {
  let dir: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let hook: Server;
  let hookUrl: string;
  const received: Received[] = [];
  /** How the webhook answers each post; 200 when it returns undefined. */
  let answer: (reason: string, attempt: number) => number | undefined = () => undefined;
  const attempts = new Map<string, number>();

  const flags = () => ['--endpoint', serve.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret];
  const report = (reason: string, arg: string, name: string) => {
    const r = runCli(['report', reason, arg, '--name', name, ...flags()]);
    expect(r.status, r.stderr).toBe(0);
  };
  // 30 s: reached only on a real failure, even on a loaded machine.
  const until = async (what: () => boolean, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(what()).toBe(true);
  };
  function deliver(args: string[]): { child: ChildProcess; stderr: () => string } {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'deliver',
        '--webhook',
        hookUrl,
        '--checkpoint',
        join(dir, 'cp'),
        '--poll',
        '100ms',
        '--header',
        'Authorization: Bearer hook-token',
        ...args,
        ...flags(),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    return { child, stderr: () => stderr };
  }
  const stop = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-deliver-'));
    serve = await startServe(['--db', join(dir, 'events.db'), ...TEST_KEY_FLAGS]);
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const e = JSON.parse(body) as { reason: string; count: number };
        const key = String(req.headers['idempotency-key']);
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        const status = answer(e.reason, attempt) ?? 200;
        received.push({
          status,
          key,
          version: String(req.headers['x-eci-events-version']),
          reason: e.reason,
          count: e.count,
          token: req.headers.authorization,
          change: req.headers['x-eci-events-change'] as string | undefined,
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/events`;
  });

  afterAll(async () => {
    serve?.child.kill('SIGTERM');
    await new Promise((resolve) => hook?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('posts every event in order, again after a failure, sets aside a refusal for good, and resumes after a restart', async () => {
    // Reported before the deliverer starts: --from-start takes it too, as it now stands (the
    // feed holds each event's latest state: one post with count 2).
    report('NoStock', 'zone-a', 'cg-1');
    report('NoStock', 'zone-a', 'cg-1');
    // The first post of each event fails (503); StockClose is refused for good (400).
    answer = (reason, attempt) => (reason === 'StockClose' ? 400 : attempt === 1 ? 503 : undefined);
    const first = deliver(['--from-start', '--reason', 'NoStock,StockClose', '--max-attempts', '2']);
    await until(() => received.filter((r) => r.status === 200).length === 1);
    report('StockClose', 'zone-b', 'cg-2');
    report('AttachDiskFailed', 'd-1', 'cg-3'); // left out by --reason
    report('NoStock', 'zone-c', 'cg-4');
    await until(() => received.some((r) => r.reason === 'NoStock' && r.status === 200 && r.count === 1 && r.version === '5'));
    expect(await stop(first.child)).toBe(0);
    expect(first.stderr()).toMatch(/delivering version 2 failed \(HTTP 503\); trying again/);

    const delivered = received.filter((r) => r.status === 200).map((r) => [r.reason, r.count, r.version, r.change]);
    expect(delivered).toEqual([
      ['NoStock', 2, '2', 'ADDED'],
      ['NoStock', 1, '5', 'ADDED'],
    ]);
    expect(received.filter((r) => r.status === 503).map((r) => r.version)).toEqual(['2', '5']);
    expect(received.every((r) => r.token === 'Bearer hook-token')).toBe(true);
    expect(received.filter((r) => r.reason === 'StockClose').map((r) => r.status)).toEqual([400, 400]);
    const setAside = readFileSync(join(dir, 'cp.set-aside.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(setAside).toEqual([expect.objectContaining({ why: 'HTTP 400 2 times', event: expect.objectContaining({ reason: 'StockClose' }) })]);
    expect(JSON.parse(readFileSync(join(dir, 'cp'), 'utf8'))).toEqual({ after: 5 });

    // While it is stopped, more happens; restarted, it delivers exactly that.
    answer = () => undefined;
    received.length = 0;
    report('NoStock', 'zone-a', 'cg-1');
    report('NoStock', 'zone-d', 'cg-5');
    const second = deliver(['--reason', 'NoStock']);
    await until(() => received.length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await stop(second.child)).toBe(0);
    // cg-1's event was delivered before: its third occurrence is a repeat.
    expect(received.map((r) => [r.reason, r.count, r.version, r.change])).toEqual([
      ['NoStock', 3, '6', 'MODIFIED'],
      ['NoStock', 1, '7', 'ADDED'],
    ]);
    expect(second.stderr()).toMatch(/from version 5/);
    // Eight CLI processes, one after another: each can take seconds to start on a loaded machine.
  }, 180_000);

  it('refuses bad options and a wrong key at once, with the reason', () => {
    const bad = runCli(['deliver', '--webhook', 'ftp://x', ...flags()]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--webhook must be an http:\/\/ or https:\/\/ URL/);
    const type = runCli(['deliver', '--webhook', hookUrl, '--type', 'Error', ...flags()]);
    expect(type.stderr).toMatch(/--type takes Normal and\/or Warning, got "Error"/);
    const key = runCli([
      'deliver',
      '--webhook',
      hookUrl,
      '--checkpoint',
      join(dir, 'other'),
      '--endpoint',
      serve.url,
      '--access-key-id',
      TEST_KEY.id,
      '--access-key-secret',
      'wrong',
    ]);
    expect(key.status).toBe(2);
    expect(key.stderr).toMatch(/400 SignatureDoesNotMatch/);
  });
});
