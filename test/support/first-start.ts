// A `serve` started as a user starts it the first time: no key given, stdout and stderr on one
// stream as a terminal shows them, and the banner's `export` lines read back as the user pastes them.
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, ensureBuilt } from './cli.js';

export interface FirstStart {
  child: ChildProcess;
  url: string;
  /** Everything written so far, log lines and banner interleaved as written. */
  output: () => string;
  /** The banner's `export NAME=value` lines, as an environment. */
  env: Record<string, string>;
}

/** The banner ends with this line, on every start. */
const BANNER_END = /A key at any time: .*\n/;

export async function startFirstServe(args: string[]): Promise<FirstStart> {
  ensureBuilt();
  // One pipe for both streams, as `2>&1` on a terminal: the order between log lines and banner shows.
  const child = spawn('/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, BIN, 'serve', '--port', '0', '--log-level', 'info', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not print its banner within 60 s: ${output}`));
    }, 60_000);
    const check = () => {
      if (!BANNER_END.test(output)) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve();
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${output}`));
    });
  });
  const url = /listening on (http:\/\/\S+)/.exec(output)![1]!;
  const env = Object.fromEntries([...output.matchAll(/^export (ECI_EVENTS_\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  return { child, url, output: () => output, env };
}

/** Stops a serve and waits for it to exit (a SQLite file is served by one process at a time). */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
