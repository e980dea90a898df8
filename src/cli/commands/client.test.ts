// The CLI's client against a real HTTP server that answers as a replica set electing its leader
// (503 with Retry-After) or flow control (429) does: the request is sent again, signed afresh.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { callAction, callJson, ServiceError } from './client.js';

interface Seen {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server | undefined;

/** A server whose n-th answer (from 0) is `answers[n]` (the last one repeats), recording each request. */
async function serve(answers: Array<{ status: number; headers?: Record<string, string>; body: unknown }>): Promise<{ endpoint: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, headers: req.headers, body });
      const a = answers[Math.min(seen.length - 1, answers.length - 1)]!;
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  await new Promise((r) => server?.close(r));
  server = undefined;
});

const key = { accessKeyId: 'LTAIaaaaaaaaaaaaaaaaaaaa', accessKeySecret: 'secret' };
const electing = { status: 503, headers: { 'retry-after': '0' }, body: { error: { code: 'ServiceUnavailable', message: 'an election is under way' } } };

describe('the CLI client', () => {
  it('sends a /v1 request again after a 503 with Retry-After, signed afresh, body and all', async () => {
    const { endpoint, seen } = await serve([electing, electing, { status: 200, body: { ok: true } }]);
    await expect(callJson({ endpoint, ...key }, 'POST', '/v1/ingest', { a: 1 })).resolves.toEqual({ ok: true });
    expect(seen).toHaveLength(3);
    expect(seen.map((s) => s.body)).toEqual(Array(3).fill('{"a":1}'));
    expect(new Set(seen.map((s) => s.headers['x-acs-signature-nonce'])).size).toBe(3);
  });

  it('sends an OpenAPI action again after a 429 with Retry-After', async () => {
    const throttled = { status: 429, headers: { 'retry-after': '0' }, body: { Code: 'Throttling', Message: 'slow down' } };
    const { endpoint, seen } = await serve([throttled, { status: 200, body: { RequestId: 'x' } }]);
    await expect(callAction({ endpoint, ...key }, 'DescribeRegions', {})).resolves.toEqual({ RequestId: 'x' });
    expect(seen).toHaveLength(2);
  });

  it('gives up after five more tries and says what the service said', async () => {
    const { endpoint, seen } = await serve([electing]);
    const err = await callJson({ endpoint, ...key }, 'GET', '/v1/groups').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).message).toBe('503 ServiceUnavailable: an election is under way');
    expect(seen).toHaveLength(6);
  });

  it('returns at once a 503 without Retry-After, and any other refusal', async () => {
    const { endpoint, seen } = await serve([{ status: 503, body: { error: { code: 'ServiceUnavailable', message: 'down' } } }]);
    await expect(callJson({ endpoint, ...key }, 'GET', '/v1/groups')).rejects.toThrow('503 ServiceUnavailable: down');
    expect(seen).toHaveLength(1);
  });
});
