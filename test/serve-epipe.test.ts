// `serve | head`: the log's reader goes away. The service stops as on SIGTERM (the request in
// flight is answered, the store closed, exit 0), where it used to exit in the middle of requests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, ensureBuilt } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'eci-epipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('stops gracefully when its standard output is closed, answering the request in flight', async () => {
  ensureBuilt();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'debug', '--db', join(dir, 'events.db')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    // The reader goes away; the next log line (this request's, at debug) meets a closed pipe.
    child.stdout!.destroy();
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await exited).toBe(0);
    expect(stderr).toContain('standard output closed (EPIPE): finishing requests in flight, then stopping');
  } finally {
    child.kill('SIGKILL');
  }
}, 60_000);
