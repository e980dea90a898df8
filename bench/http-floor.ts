// The floor of the ingest part: a bare `node:http` server, a process of its own, that reads each
// POST body, parses it as JSON and answers a fixed acknowledgement of its reports, nothing else:
// no signature, no store, no framework. Driven by the same generator as `serve` and etcd in the
// same run, it shows what any Node.js HTTP service can reach on this machine, so that a ratio goal
// the floor itself misses is read as the machine's limit rather than the code's.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { listeningOrigin } from './listening.js';

const SELF = fileURLToPath(import.meta.url);

function serveFloor(): void {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let accepted: number;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { reports?: unknown[] };
        accepted = Array.isArray(body.reports) ? body.reports.length : 0;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"code":"InvalidJson"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"accepted":${accepted},"rejected":0,"results":[]}`);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object') process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

/** Starts the floor server; resolves with the process and its origin. */
export function startFloor(): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, [SELF, '--serve-floor'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return listeningOrigin(child, child.stdout!, 'the floor server').then((origin) => ({ child, origin }));
}

if (process.argv[1] === SELF && process.argv.includes('--serve-floor')) serveFloor();
