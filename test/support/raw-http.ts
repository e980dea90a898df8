// HTTP/1.1 over a bare TCP socket, for requests no HTTP client would send: invalid request
// lines, percent-encoding and header bytes, duplicated headers, wrong lengths. One connection per
// request (Connection: close); the answer is whatever the server wrote before closing.
import { connect } from 'node:net';

export interface RawResponse {
  /** 0 when the server closed without a parsable status line. */
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** A socket error seen while talking (EPIPE, ECONNRESET...), if any. */
  error?: string;
}

export interface RawRequestSpec {
  method: string;
  /** The request target exactly as it goes on the wire. */
  target: string;
  /** Header lines in order, sent as given (duplicates allowed). */
  headers: Array<[string, string]>;
  body?: Buffer;
}

/** The bytes of a request: request line, headers (plus Connection: close) and body. */
export function requestBytes(spec: RawRequestSpec, opts: { contentLength?: boolean } = {}): Buffer {
  const body = spec.body ?? Buffer.alloc(0);
  const lines = [`${spec.method} ${spec.target} HTTP/1.1`];
  for (const [k, v] of spec.headers) lines.push(`${k}: ${v}`);
  const named = (n: string) => spec.headers.some(([k]) => k.toLowerCase() === n);
  if (!named('connection')) lines.push('Connection: close');
  if ((opts.contentLength ?? true) && !named('content-length') && !named('transfer-encoding') && body.length > 0) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

function parse(data: Buffer, error?: string): RawResponse {
  const end = data.indexOf('\r\n\r\n');
  const head = (end < 0 ? data : data.subarray(0, end)).toString('latin1');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!m) return { status: 0, headers: {}, body: data, ...(error ? { error } : {}) };
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = end < 0 ? Buffer.alloc(0) : data.subarray(end + 4);
  const length = headers['content-length'];
  // Only the first answer counts (a wrong Content-Length can make the rest a second request).
  if (length !== undefined && /^\d+$/.test(length)) body = body.subarray(0, Number(length));
  return { status: Number(m[1]), headers, body, ...(error ? { error } : {}) };
}

/** Sends raw bytes to host:port and resolves with the parsed answer once the server closes. */
export function rawRequest(port: number, bytes: Buffer, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let settled = false;
    const socket = connect({ host: '127.0.0.1', port });
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks), error));
    };
    const timer = setTimeout(() => {
      error = `no answer within ${timeoutMs} ms`;
      finish();
    }, timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
      finish();
    });
    socket.on('close', finish);
    socket.on('end', finish);
    socket.write(bytes);
  });
}

/** Runs tasks with at most `width` in flight, keeping results in order. */
export async function pool<T, R>(items: readonly T[], width: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await run(items[i]!, i);
      }
    }),
  );
  return out;
}
