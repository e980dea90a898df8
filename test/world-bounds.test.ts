// A world change cannot exhaust memory (issue 11, finding 1), against a started `serve --clock
// virtual --world FILE`: every size in a control request has a bound, a request past one is a
// 400 naming the field (or a 413 for a body past the size bound) and GET /v1/world stays byte
// for byte what it was; a world file past a bound stops `serve` with the path of the field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { startServer, type Server } from './support/eci-sdk.js';
import { rawRequest, requestBytes } from './support/raw-http.js';
import { signV3 } from '../src/api/core/signature.js';
import { signedJson, TEST_KEY } from './support/signed-fetch.js';

const ZONE = 'cn-hangzhou-k';
const WORLD = `
regions:
  - regionId: cn-hangzhou
    zones:
      - zoneId: ${ZONE}
        hosts: 2
`;

describe('world bounds through the control API and serve --world', () => {
  let dir: string;
  let server: Server;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-world-bounds-'));
    writeFileSync(join(dir, 'world.yaml'), WORLD);
    server = await startServer(join(dir, 'events.db'), ['--clock', 'virtual', '--world', join(dir, 'world.yaml')]);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (method: 'GET' | 'POST', path: string, body?: unknown) => signedJson(server.url, method, path, body);

  it('refuses a zone of 30,000,000 hosts with a 400 naming zones[0].hosts, at once, and changes nothing', async () => {
    const before = (await api('GET', '/v1/world')).text;
    const r = await api('POST', '/v1/world', { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: ZONE, hosts: 30_000_000 }] }] });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'InvalidWorld',
      message: 'the world change is not valid; nothing was changed',
      problems: ['regions[0].zones[0].hosts: more than 10000, the bound of this field (got 30000000)'],
    });
    expect((await api('GET', '/v1/world')).text).toBe(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses hosts over every zone, lists past their bound, and numbers past theirs, each by its path', async () => {
    const before = (await api('GET', '/v1/world')).text;
    const cases: Array<[unknown, string]> = [
      [
        {
          regions: [
            {
              regionId: 'cn-hangzhou',
              zones: [
                { zoneId: 'z-a', hosts: 6000 },
                { zoneId: 'z-b', hosts: 4000 },
              ],
            },
          ],
        },
        'regions: 10002 hosts in all; the bound is 10000 hosts over every zone',
      ],
      [{ accounts: Array.from({ length: 10_001 }, (_, i) => ({ id: `a${i}` })) }, 'accounts: a list of 10001 items; the bound is 10000'],
      [{ accounts: [{ id: 'default', balance: 1e300 }] }, 'accounts[0].balance: more than 1000000000000, the bound of this field (got 1e+300)'],
      [
        { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: ZONE, stock: 1e15 }] }] },
        'regions[0].zones[0].stock: more than 1000000000, the bound of this field (got 1000000000000000)',
      ],
      [{ spot: { protectionMinutes: 1e9 } }, 'spot.protectionMinutes: more than 525600, the bound of this field (got 1000000000)'],
    ];
    for (const [patch, problem] of cases) {
      const r = await api('POST', '/v1/world', patch);
      expect([r.status, r.body.error.code, r.body.error.problems], problem).toEqual([400, 'InvalidWorld', [problem]]);
    }
    expect((await api('GET', '/v1/world')).text).toBe(before);
  });

  /**
   * A signed POST whose headers declare `body` but which sends none of it: the service must refuse
   * it by its Content-Length alone. (Sending the body races the early 413 and its close: the
   * client may see EPIPE instead of the answer.)
   */
  async function declaredOnly(path: string, body: string): Promise<{ status: number; code?: string }> {
    const { host, port } = new URL(server.url);
    const signed = signV3(
      { method: 'POST', host, path, query: {}, body, action: 'Ingest', version: '2018-08-08', contentType: 'application/json' },
      TEST_KEY.id,
      TEST_KEY.secret,
    );
    const headers: Array<[string, string]> = [...Object.entries(signed), ['content-length', String(Buffer.byteLength(body))]];
    const r = await rawRequest(Number(port), requestBytes({ method: 'POST', target: path, headers }));
    return { status: r.status, code: r.body.length ? (JSON.parse(r.body.toString()) as { error?: { code?: string } }).error?.code : undefined };
  }

  it('refuses bodies past the size bounds: 4 MiB for a world change, 16 KiB for the other control requests', async () => {
    const before = (await api('GET', '/v1/world')).text;
    expect(await declaredOnly('/v1/world', JSON.stringify({ $schema: 'x'.repeat(4 * 1024 * 1024) }))).toEqual({ status: 413, code: 'PayloadTooLarge' });
    for (const path of ['/v1/faults', '/v1/clock', '/v1/spot/reclaim']) {
      expect(await declaredOnly(path, JSON.stringify({ detail: 'x'.repeat(17 * 1024) })), path).toEqual({ status: 413, code: 'PayloadTooLarge' });
    }
    expect((await api('GET', '/v1/world')).text).toBe(before);
  });

  it('bounds the counts and times of faults and reclaims', async () => {
    const before = (await api('GET', '/v1/world')).text;
    const count = await api('POST', '/v1/faults', { kind: 'scheduler-error', target: ZONE, count: 1e12 });
    expect([count.status, count.body.error.message]).toEqual([400, 'count: must be <= 1000000000']);
    const duration = await api('POST', '/v1/faults', { kind: 'scheduler-error', target: ZONE, duration: '500d' });
    expect([duration.status, duration.body.error.message]).toEqual([400, 'duration: "500d" is longer than 400d, the bound of a fault\'s times']);
    const reclaim = await api('POST', '/v1/spot/reclaim', { zoneId: ZONE, count: 1e12 });
    expect([reclaim.status, reclaim.body.error.message]).toEqual([400, 'count: must be <= 1000000000']);
    expect((await api('GET', '/v1/world')).text).toBe(before);
  });

  it('stops serve --world at start when the file passes a bound, naming the field', () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, WORLD.replace('hosts: 2', 'hosts: 30000000'));
    const r = runCli(['serve', '--port', '0', '--db', ':memory:', '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret, '--world', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `--world: ${file} is not a valid world:\n  - regions[0].zones[0].hosts: more than 10000, the bound of this field (got 30000000)`,
    );
  });

  it('stops serve --world at start, without reading it, when the file is over 4 MiB', () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, `${WORLD}# ${'x'.repeat(4 * 1024 * 1024)}\n`);
    const r = runCli(['serve', '--port', '0', '--db', ':memory:', '--world', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`--world: ${file} is \\d+ bytes; the bound of a world file is 4194304 bytes`));
  });
});
