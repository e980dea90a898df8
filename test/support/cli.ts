// Runs the built CLI (dist/, which `npm test` builds first) as a user would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));

export function ensureBuilt(): void {
  if (!existsSync(BIN)) {
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  ensureBuilt();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `eci-events serve` on a free port and resolves once it listens. */
export async function startServe(args: string[]): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  ensureBuilt();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Its log lines are read by nobody here, but read they must be: serve writes its log
  // synchronously, and a full pipe would stop it.
  child.stdout!.resume();
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: a loaded two-core machine can take many seconds to start Node and open the store.
    // A serve that does not start in time is killed, not left running behind the failed test.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within 60 s: ${stderr}`));
    }, 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
  return { url, child, stderr: () => stderr };
}
