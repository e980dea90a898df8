// The console's files served by the app (buildApp + listen, real HTTP): assets cached for long,
// index.html uncached at / and for the console's own paths, the OpenAPI at / untouched for
// everything that is not a browser opening a page, and a hint to build when console/dist is missing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteEventStore } from '../src/store/sqlite/store.js';
import { testApp } from './support/test-app.js';

const INDEX = '<!doctype html><title>console</title><script type="module" src="/assets/app-1a2b3c.js"></script>';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

async function serve(consoleDir: string | undefined): Promise<{ app: FastifyInstance; url: string; store: SqliteEventStore }> {
  const { app, store } = testApp({ consoleDir });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url, store };
}

describe('the console files', () => {
  let dir: string;
  let built: Awaited<ReturnType<typeof serve>>;
  let missing: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-console-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-1a2b3c.js'), 'console.log("console")\n');
    built = await serve(dir);
    missing = await serve(join(dir, 'not-built'));
  });
  afterAll(async () => {
    for (const s of [built, missing]) {
      await s?.app.close();
      await s?.store.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / to a browser, uncached', async () => {
    const res = await fetch(`${built.url}/`, { headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
  });

  it('serves assets with a long, immutable cache, and 404 for one that is not there', async () => {
    const res = await fetch(`${built.url}/assets/app-1a2b3c.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('console.log("console")\n');
    const gone = await fetch(`${built.url}/assets/nope.js`, { headers: HTML });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: 'NotFound' } });
    // Nothing outside assets/ is reachable through it.
    for (const path of ['/assets/..%2findex.html', '/assets/%2e%2e/index.html']) {
      const res = await fetch(`${built.url}${path}`);
      expect([403, 404], path).toContain(res.status);
      expect(await res.text(), path).not.toContain('console</title>');
    }
  });

  it("answers the console's own paths with index.html (the app routes in the browser), not /v1 or non-page requests", async () => {
    for (const path of ['/groups', '/groups/eci-abc?tab=events', '/catalog']) {
      const res = await fetch(`${built.url}${path}`, { headers: HTML });
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe(INDEX);
    }
    const api = await fetch(`${built.url}/v1/nothing`, { headers: HTML });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'NotFound' } });
    const script = await fetch(`${built.url}/groups`, { headers: { accept: 'application/json' } });
    expect(script.status).toBe(404);
    expect((await fetch(`${built.url}/groups`, { method: 'POST', headers: HTML })).status).toBe(404);
  });

  it('leaves / to the OpenAPI for anything but a page request without an action or signature', async () => {
    const cases: Array<[string, RequestInit]> = [
      ['/', {}],
      ['/', { headers: { accept: '*/*' } }],
      ['/?Action=DescribeRegions&Version=2018-08-08', { headers: HTML }],
      ['/', { headers: { ...HTML, 'x-acs-action': 'DescribeRegions', 'x-acs-version': '2018-08-08' } }],
      ['/', { headers: { ...HTML, authorization: 'ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host,Signature=00' } }],
      ['/?AccessKeyId=x&Signature=y', { headers: HTML }],
      ['/', { method: 'POST', headers: HTML }],
    ];
    for (const [path, init] of cases) {
      const res = await fetch(`${built.url}${path}`, init);
      const what = `${init.method ?? 'GET'} ${path} ${JSON.stringify(init.headers ?? {})}`;
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      const body = await res.json();
      expect(body.RequestId, what).toBeTruthy();
      expect(body.Code, what).toBeTruthy();
    }
  });

  it('says how to build the console when console/dist is missing', async () => {
    for (const path of ['/', '/groups/eci-abc']) {
      const res = await fetch(`${missing.url}${path}`, { headers: HTML });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text(), path).toContain('npm run build');
    }
    expect((await fetch(`${missing.url}/assets/app-1a2b3c.js`)).status).toBe(404);
  });
});
