// Connections that never finish a request are closed, and one address may hold only so many
// (issue 11, finding 7), on both listeners: the plain one and the TLS one. Against a started
// `eci-events serve` with small limits set by flag, through raw sockets as a hostile client
// opens them. Nothing here measures speed: each test waits for the server to close a socket,
// and asserts only what it closed and what it left open.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signV3 } from '../src/api/core/signature.js';
import { runCli } from './support/cli.js';
import { startServer, type Server } from './support/eci-sdk.js';
import { TEST_KEY } from './support/signed-fetch.js';

const SECOND_ADDRESS = '127.0.0.2';
const TOKEN = `Bearer ${TEST_KEY.id}:${TEST_KEY.secret}`;

interface Endpoint {
  port: number;
  tls: boolean;
}

/** A raw TCP connection from `localAddress`, once connected; `closed` resolves when the server ends it. */
async function openSocket(port: number, localAddress = '127.0.0.1'): Promise<{ socket: Socket; closed: Promise<string> }> {
  const socket = netConnect({ host: '127.0.0.1', port, localAddress });
  let data = '';
  socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(data)));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('close', () => reject(new Error('closed before it connected')));
  });
  return { socket, closed };
}

/** A TLS connection (handshake done) that sends nothing yet; `closed` resolves with what it got when the server ends it. */
async function openTls(port: number): Promise<{ socket: TLSSocket; closed: Promise<string> }> {
  const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false });
  socket.on('error', () => undefined);
  let data = '';
  socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(data)));
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('close', () => reject(new Error('closed before the handshake')));
  });
  return { socket, closed };
}

/** One request on a connection of its own (no pooling), from `localAddress`. */
function send(
  to: Endpoint,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = to.tls ? httpsRequest : httpRequest;
    const req = request(
      {
        host: '127.0.0.1',
        port: to.port,
        path,
        method: opts.method ?? 'GET',
        headers: opts.headers,
        agent: false,
        localAddress: opts.localAddress,
        rejectUnauthorized: false,
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function signed(to: Endpoint, method: 'GET' | 'POST', path: string, body?: string): Record<string, string> {
  const u = new URL(path, `http://127.0.0.1:${to.port}`);
  return signV3(
    {
      method,
      host: u.host,
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      body: body ?? '',
      action: 'Ingest',
      version: '2018-08-08',
      ...(body === undefined ? {} : { contentType: 'application/json' }),
    },
    TEST_KEY.id,
    TEST_KEY.secret,
  );
}

/** A long-lived answer (an event stream or a watch), read as it comes. */
async function openStream(
  to: Endpoint,
  path: string,
  headers: Record<string, string>,
): Promise<{ res: IncomingMessage; received: (text: string) => Promise<void>; closed: () => boolean }> {
  let seen = '';
  let ended = false;
  const waiters: Array<() => void> = [];
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = to.tls ? httpsRequest : httpRequest;
    const req = request({ host: '127.0.0.1', port: to.port, path, headers, agent: false, rejectUnauthorized: false }, resolve);
    req.on('error', reject);
    req.end();
  });
  res.on('data', (c: Buffer) => {
    seen += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  res.on('close', () => {
    ended = true;
    for (const w of waiters.splice(0)) w();
  });
  return {
    res,
    closed: () => ended,
    received: async (text) => {
      while (!seen.includes(text)) {
        if (ended) throw new Error(`the stream ended before ${text} came`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

async function ingest(to: Endpoint, name: string): Promise<void> {
  const body = JSON.stringify({ reports: [{ object: { name, uid: `eci-${name}` }, reason: 'NoStock', args: ['cn-hangzhou-k'] }] });
  const r = await send(to, '/v1/ingest', { method: 'POST', headers: signed(to, 'POST', '/v1/ingest', body), body, localAddress: SECOND_ADDRESS });
  expect(r.status, r.text).toBe(200);
}

describe('a per-address connection cap on both listeners', () => {
  let server: Server;
  let plain: Endpoint;
  let tls: Endpoint;
  const CAP = 4;

  beforeAll(async () => {
    server = await startServer(':memory:', ['--max-connections-per-address', String(CAP), '--kube-port', '0']);
    plain = { port: Number(new URL(server.url).port), tls: false };
    tls = { port: await kubePort(server), tls: true };
  });
  afterAll(async () => server?.stop());

  it.each([
    ['plain', () => plain],
    ['TLS', () => tls],
  ] as const)('on the %s listener, closes connections past the cap from one address at once; others and /healthz stay fine', async (_name, endpoint) => {
    const to = endpoint();
    const sockets = [];
    for (let i = 0; i < CAP + 2; i++) sockets.push(await openSocket(to.port));
    // Exactly the two past the cap are closed, without a byte of answer.
    expect(await Promise.all(sockets.slice(CAP).map((s) => s.closed))).toEqual(['', '']);
    expect(sockets.slice(0, CAP).map((s) => s.socket.destroyed)).toEqual(Array(CAP).fill(false));
    // Another address is not held back by this one's cap.
    expect((await send(to, '/healthz', { localAddress: SECOND_ADDRESS })).status).toBe(200);
    // This address gets a connection again once it holds fewer than the cap.
    await expect(send(to, '/healthz')).rejects.toThrow();
    sockets[0]!.socket.destroy();
    await sockets[0]!.closed;
    await waitFor(async () => (await send(to, '/healthz').catch(() => ({ status: 0 }))).status === 200);
    for (const s of sockets) s.socket.destroy();
  });
});

describe('deadlines on both listeners, and long answers that outlive them', () => {
  let server: Server;
  let plain: Endpoint;
  let tls: Endpoint;

  beforeAll(async () => {
    server = await startServer(':memory:', [
      '--headers-timeout',
      '1s',
      '--request-timeout',
      '1s',
      '--idle-timeout',
      '1s',
      '--max-connections-per-address',
      '3',
      '--kube-port',
      '0',
    ]);
    plain = { port: Number(new URL(server.url).port), tls: false };
    tls = { port: await kubePort(server), tls: true };
  });
  afterAll(async () => server?.stop());

  it('closes a plain connection that never sends a byte', async () => {
    const { closed } = await openSocket(plain.port);
    expect(await closed).toBe('');
  });

  it('closes a plain connection whose headers never end (408), and one kept alive with nothing more to ask', async () => {
    const partial = await openSocket(plain.port);
    partial.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    // Node answers 408 when its header deadline finds it first, or the silence closes it.
    expect(await partial.closed).toMatch(/^(HTTP\/1\.1 408 [^]*)?$/);
    const kept = await openSocket(plain.port);
    kept.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await kept.closed).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('closes a TLS connection that never finishes its handshake, one that never sends a request after it, and one kept alive with nothing more to ask', async () => {
    const raw = await openSocket(tls.port);
    expect(await raw.closed).toBe('');
    const silent = await openTls(tls.port);
    expect(await silent.closed).toBe('');
    const kept = await openTls(tls.port);
    kept.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await kept.closed).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('keeps an event stream (plain) and a watch (TLS) open past the request deadline, each counting against the cap', async () => {
    // A watch answers (headers and all) with its first event: have one to replay.
    await ingest(plain, 'before');
    const stream = await openStream(plain, '/v1/changes/stream', signed(plain, 'GET', '/v1/changes/stream'));
    expect(stream.res.statusCode).toBe(200);
    const watch = await openStream(tls, '/api/v1/events?watch=true', { authorization: TOKEN });
    expect(watch.res.statusCode).toBe(200);
    // Connections begun after the streams, which the same deadlines close: a stream subject to
    // them would have been closed first.
    const partial = await openSocket(plain.port);
    partial.socket.write('GET /healthz HTTP/1.1\r\n');
    const partialTls = await openTls(tls.port);
    expect(await partial.closed).toMatch(/^(HTTP\/1\.1 408 [^]*)?$/);
    await partialTls.closed;
    await ingest(plain, 'after-deadline');
    await stream.received('eci-after-deadline');
    await watch.received('eci-after-deadline');
    expect([stream.closed(), watch.closed()]).toEqual([false, false]);

    // Two more streams on each listener make three from this address: a fourth connection is
    // closed unanswered (another address is still served).
    const more = [];
    for (const to of [plain, plain, tls, tls]) {
      more.push(
        to.tls
          ? await openStream(to, '/api/v1/events?watch=true', { authorization: TOKEN })
          : await openStream(to, '/v1/changes/stream', signed(to, 'GET', '/v1/changes/stream')),
      );
    }
    await expect(send(plain, '/healthz')).rejects.toThrow();
    await expect(send(tls, '/healthz')).rejects.toThrow();
    expect((await send(tls, '/healthz', { localAddress: SECOND_ADDRESS })).status).toBe(200);
    for (const s of [stream, watch, ...more]) s.res.destroy();
  });
});

/** The TLS listener's port, from the line serve prints once it listens. */
async function kubePort(server: Server): Promise<number> {
  const line = () => /Kubernetes API \(kubectl\) on https:\/\/[^:]+:(\d+)/.exec(server.stderr());
  await waitFor(async () => line() !== null);
  return Number(line()![1]);
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}

describe('serve refuses limits that cannot hold', () => {
  it.each([
    [['--headers-timeout', '0s'], /--headers-timeout must be from 1ms to 24h, got "0s"/],
    [['--idle-timeout', 'soon'], /--idle-timeout: not a duration: "soon"/],
    [['--request-timeout', '2d'], /--request-timeout must be from 1ms to 24h/],
    [['--headers-timeout', '30s', '--request-timeout', '10s'], /--request-timeout \(10s\) must be at least --headers-timeout \(30s\)/],
    [['--max-connections-per-address', '-1'], /--max-connections-per-address must be a whole number from 0 to 1000000, got "-1"/],
  ])('serve %j exits 2 naming the flag', (flags, message) => {
    const r = runCli(['serve', '--port', '0', '--db', ':memory:', ...flags]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
