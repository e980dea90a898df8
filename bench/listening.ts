// The origin a server process of the benches prints once it listens ("listening on http://..."),
// read off its output; the process exiting first is an error that carries what it printed.
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

export function listeningOrigin(child: ChildProcess, output: Readable, what: string): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => {
    output.on('data', (chunk: Buffer) => {
      text += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`${what} exited ${code}: ${text}`)));
  });
}
