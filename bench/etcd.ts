// A throwaway etcd for the ingest part's anchor: Debian's etcd-server (3.4), installed if it is
// missing, on a temporary data dir and 127.0.0.1 ports, with its defaults otherwise.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Etcd {
  origin: string;
  version: string;
  stop(): Promise<void>;
}

const BINARIES = ['/usr/bin/etcd', '/usr/local/bin/etcd'];

function findEtcd(): string | undefined {
  return BINARIES.find((b) => existsSync(b));
}

/** The etcd binary, installing Debian's etcd-server if there is none; or why there cannot be one. */
export function ensureEtcd(): { binary: string } | { problem: string } {
  const found = findEtcd();
  if (found) return { binary: found };
  if (process.getuid?.() !== 0) return { problem: 'etcd is not installed and installing it needs root (apt-get install -y etcd-server)' };
  const apt = spawnSync('apt-get', ['install', '-y', 'etcd-server'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8' });
  if (apt.error) return { problem: `apt-get install -y etcd-server: ${apt.error.message}` };
  if (apt.status !== 0)
    return { problem: `apt-get install -y etcd-server exited ${apt.status}: ${(apt.stderr || apt.stdout).trim().split('\n').slice(-2).join(' ')}` };
  return findEtcd() ? { binary: findEtcd()! } : { problem: 'etcd-server installed, but no etcd binary found' };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(origin: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`etcd exited ${child.exitCode}: ${log().slice(-500)}`);
    try {
      const res = await fetch(`${origin}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: Buffer.from('probe').toString('base64') }) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`etcd did not answer within 30 s: ${log().slice(-500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startEtcd(binary: string): Promise<Etcd> {
  const dir = mkdtempSync(join(tmpdir(), 'eci-bench-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const child = spawn(
    binary,
    [
      '--name',
      'bench',
      '--data-dir',
      join(dir, 'data'),
      '--listen-client-urls',
      origin,
      '--advertise-client-urls',
      origin,
      '--listen-peer-urls',
      peerUrl,
      '--initial-advertise-peer-urls',
      peerUrl,
      '--initial-cluster',
      `bench=${peerUrl}`,
      '--initial-cluster-state',
      'new',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (log = (log + c).slice(-20_000)));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(origin, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]?.trim() ?? 'etcd';
  return { origin, version, stop };
}

/** etcd's v3 JSON gateway: int64 values come as strings. */
export async function etcdCall<T>(origin: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${origin}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`etcd ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
