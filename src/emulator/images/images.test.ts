import { describe, expect, it } from 'vitest';
import { normalizeWorld } from '../world/normalize.js';
import { DEFAULT_WORLD } from '../world/defaults.js';
import type { WorldSpec } from '../world/spec.js';
import { parseReference, pullTime, resolveImage } from './index.js';

const world = (extra: Partial<WorldSpec> = {}): WorldSpec => normalizeWorld({ ...DEFAULT_WORLD, ...extra }, DEFAULT_WORLD);

describe('parseReference: as distribution/reference normalises', () => {
  const cases: Array<[string, string]> = [
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['bitnami/redis', 'docker.io/bitnami/redis:latest'],
    ['index.docker.io/library/busybox:1', 'docker.io/library/busybox:1'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/a/b:v1', 'localhost:5000/a/b:v1'],
    ['registry.cn-hangzhou.aliyuncs.com/ns/app:2', 'registry.cn-hangzhou.aliyuncs.com/ns/app:2'],
    [`alpine@sha256:${'a'.repeat(64)}`, `docker.io/library/alpine@sha256:${'a'.repeat(64)}`],
    [`alpine:3@sha256:${'b'.repeat(64)}`, `docker.io/library/alpine:3@sha256:${'b'.repeat(64)}`],
  ];
  it.each(cases)('%s → %s', (input, canonical) => {
    const r = parseReference(input);
    expect(r.ok && r.ref.canonical).toBe(canonical);
  });

  it('refuses what docker refuses, with its words', () => {
    expect(parseReference('Nginx')).toEqual({ ok: false, reason: 'invalid reference format: repository name (library/Nginx) must be lowercase' });
    expect(parseReference('nginx:')).toEqual({ ok: false, reason: 'invalid reference format' });
    expect(parseReference('a//b')).toEqual({ ok: false, reason: 'invalid reference format' });
    expect(parseReference('a'.repeat(64).replace(/a/g, 'f'))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('cannot specify 64-byte hexadecimal strings'),
    });
    expect(parseReference('')).toEqual({ ok: false, reason: 'invalid reference format' });
  });
});

describe('resolveImage', () => {
  const acme = {
    host: 'acme.example.com',
    private: true,
    closed: true,
    credentials: [{ username: 'dev', password: 's3cret' }],
    images: [{ repository: 'team/api', tags: ['1.0'], sizeMB: 500, layers: 10, arches: ['amd64' as const] }],
  };
  const w = world({ registries: [acme], unresolvable: ['corp.internal'] });
  const creds = [{ server: 'acme.example.com', userName: 'dev', password: 's3cret' }];

  it('an open registry has any image, the default size; the default pull takes 800 ms', () => {
    const r = resolveImage(w, 'nginx', { arch: 'amd64' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.image).toMatchObject({ repository: 'library/nginx', tag: 'latest', bytes: 36_000_000, arches: ['amd64', 'arm64'] });
    expect(r.image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.image.layers).toHaveLength(5);
    expect(pullTime(r.image).duration).toBe(800_000);
    expect(pullTime(r.image, new Set(r.image.layers.map((l) => l.digest))).duration).toBe(30_000);
    expect(pullTime(r.image, undefined, 4).duration).toBe(80_000 + 2_880_000);
  });

  it('a private closed registry: the listed image with the right credential, each failure with containerd words', () => {
    const ok = resolveImage(w, 'acme.example.com/team/api:1.0', { arch: 'amd64', credentials: creds });
    expect(ok.ok && ok.image.bytes).toBe(500_000_000);
    const R = 'acme.example.com/team/api:1.0';
    expect(resolveImage(w, R, { arch: 'amd64' })).toMatchObject({
      ok: false,
      failure: {
        kind: 'unauthorized',
        reason: `rpc error: code = Unknown desc = failed to pull and unpack image "${R}": failed to resolve reference "${R}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
      },
    });
    expect(resolveImage(w, R, { arch: 'amd64', credentials: [{ ...creds[0]!, password: 'x' }] })).toMatchObject({
      ok: false,
      failure: { kind: 'bad-credentials' },
    });
    const missing = 'acme.example.com/team/api:2.0';
    expect(resolveImage(w, missing, { arch: 'amd64', credentials: creds })).toMatchObject({
      ok: false,
      failure: {
        kind: 'not-found',
        reason: `rpc error: code = NotFound desc = failed to pull and unpack image "${missing}": failed to resolve reference "${missing}": ${missing}: not found`,
      },
    });
    expect(resolveImage(w, R, { arch: 'arm64', credentials: creds })).toMatchObject({
      ok: false,
      failure: {
        kind: 'no-matching-platform',
        reason: `rpc error: code = NotFound desc = failed to pull and unpack image "${R}": no match for platform in manifest: not found`,
      },
    });
    expect(resolveImage(w, R, { arch: 'amd64', credentials: creds, outage: (h) => h === 'acme.example.com' })).toMatchObject({
      ok: false,
      failure: { kind: 'unreachable', after: 30_001_000, reason: expect.stringMatching(/dial tcp 47\.\d+\.\d+\.\d+:443: i\/o timeout$/) },
    });
  });

  it('.invalid, .test and the names the world declares do not resolve', () => {
    const R = 'registry.example.invalid/nope/app:9.9';
    expect(resolveImage(w, R, { arch: 'amd64' })).toMatchObject({
      ok: false,
      failure: {
        kind: 'no-such-host',
        reason: `rpc error: code = Unknown desc = failed to pull and unpack image "${R}": failed to resolve reference "${R}": failed to do request: Head "https://registry.example.invalid/v2/nope/app/manifests/9.9": dial tcp: lookup registry.example.invalid on 100.100.2.136:53: no such host`,
      },
    });
    expect(resolveImage(w, 'x.test/a', { arch: 'amd64' })).toMatchObject({ ok: false, failure: { kind: 'no-such-host' } });
    expect(resolveImage(w, 'hub.corp.internal:5000/a', { arch: 'amd64' })).toMatchObject({ ok: false, failure: { kind: 'no-such-host' } });
    expect(resolveImage(w, 'registry.example.com/app:1.2', { arch: 'amd64' }).ok).toBe(true);
  });
});
