// How a follower forwards, in process (no database): the request goes to the leader as it came
// (the body too, before anything here reads it), the leader's answer comes back naming it; with
// no leader, or one that does not answer, or a TLS listener whose certificate is not the one its
// lease published, the answer is 503 ServiceUnavailable with Retry-After, in each surface's shape.
import { X509Certificate } from 'node:crypto';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplicaView, Role } from '../src/api/replicas/replica-view.js';
import { selfSignedCertificate, type TlsPair } from '../src/tls-certificate.js';
import { testApp, type TestApp } from './support/test-app.js';

const record = (replica: string, more: Partial<Extract<Role, { kind: 'follower' }>['leader']> = {}) => ({
  epoch: 7,
  replica,
  apiUrl: replica,
  since: 0,
  ...more,
});

function view(name: string, role: Role): ReplicaView & { set(r: Role): void } {
  let current = role;
  return { name, role: () => current, retryAfterSeconds: 1, set: (r) => (current = r) };
}

function listenTls(t: TestApp, tls: TlsPair): Promise<{ server: Server; url: string }> {
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => t.app.routing(req, res));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

function httpsGet(url: string, ca: string): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: 'Bearer LTAIx:y' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe("a follower forwarding the emulator's requests", () => {
  let leader: TestApp;
  let leaderUrl: string;
  let leaderTls: { server: Server; url: string };
  let followerTls: { server: Server; url: string };
  let leaderPair: TlsPair;
  let followerPair: TlsPair;
  let follower: TestApp;
  const leaderView = view('leader-1', { kind: 'electing' });
  const followerView = view('follower-1', { kind: 'electing' });

  beforeAll(async () => {
    leaderPair = await selfSignedCertificate(['127.0.0.1']);
    followerPair = await selfSignedCertificate(['127.0.0.1']);
    leader = testApp({ replicas: leaderView });
    leaderUrl = await leader.app.listen({ host: '127.0.0.1', port: 0 });
    leaderTls = await listenTls(leader, leaderPair);
    leaderView.set({ kind: 'leader', record: record('leader-1', { apiUrl: leaderUrl }) });
    follower = testApp({ replicas: followerView });
    await follower.app.ready();
    followerTls = await listenTls(follower, followerPair);
  });
  afterAll(async () => {
    leaderTls.server.close();
    followerTls.server.close();
    await follower.close();
    await leader.close();
  });

  it("answers 503 ServiceUnavailable with Retry-After while a leader is being elected, in each surface's shape", async () => {
    followerView.set({ kind: 'electing' });
    const rpc = await follower.app.inject({ method: 'POST', url: '/?Action=CreateContainerGroup&Version=2018-08-08' });
    expect(rpc.statusCode).toBe(503);
    expect(rpc.headers['retry-after']).toBe('1');
    expect(rpc.headers['x-eci-events-replica']).toBe('follower-1');
    expect(rpc.json()).toMatchObject({
      Code: 'ServiceUnavailable',
      Message: expect.stringContaining('an election of its leader is under way'),
      RequestId: expect.any(String),
      HostId: expect.any(String),
    });
    const v1 = await follower.app.inject({ method: 'POST', url: '/v1/world', payload: {} });
    expect(v1.statusCode).toBe(503);
    expect(v1.json()).toMatchObject({ error: { code: 'ServiceUnavailable' } });
    const kube = await follower.app.inject({ method: 'GET', url: '/api/v1/pods' });
    expect(kube.statusCode).toBe(503);
    expect(kube.json()).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503, details: { retryAfterSeconds: 1 } });
    // What the store answers does not wait for a leader.
    expect((await follower.app.inject('/healthz')).json()).toMatchObject({ replica: 'follower-1', emulator: { role: 'electing' } });
    expect((await follower.app.inject('/v1/events')).statusCode).toBe(401);
    expect((await follower.app.inject('/api/v1/namespaces/default/events')).statusCode).toBe(403);
  });

  it("forwards the request as it came, body included, and passes the leader's answer on", async () => {
    followerView.set({ kind: 'follower', leader: record('leader-1', { apiUrl: leaderUrl }) });
    // The action is only in the form body: a follower that lost it would get MissingParameter back.
    const res = await follower.app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'eci.example:80' },
      payload: 'Action=DescribeRegions&Version=2018-08-08',
    });
    expect(res.headers['x-eci-events-replica']).toBe('leader-1');
    expect(res.headers['x-eci-events-forwarded-by']).toBe('follower-1');
    expect(res.json()).toMatchObject({ Code: 'IncompleteSignature', HostId: 'eci.example:80' });
    expect(res.statusCode).toBe(400);
    expect((await follower.app.inject('/healthz')).json()).toMatchObject({ emulator: { role: 'follower', leader: 'leader-1', epoch: 7 } });
  });

  it('does not forward again what another replica forwarded to it (no loops while views of the leader change)', async () => {
    followerView.set({ kind: 'follower', leader: record('leader-1', { apiUrl: leaderUrl }) });
    const res = await follower.app.inject({ method: 'POST', url: '/?Action=DescribeRegions', headers: { 'x-eci-events-forwarded-by': 'follower-2' } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['x-eci-events-replica']).toBe('follower-1');
    expect(res.json().Message).toContain('forwarded here by follower-2, but this replica does not run the emulator');
  });

  it('answers 503 naming the leader when it does not answer', async () => {
    followerView.set({ kind: 'follower', leader: record('gone-1', { apiUrl: 'http://127.0.0.1:1' }) });
    for (const payload of [undefined, 'Action=DescribeRegions&Version=2018-08-08']) {
      const res = await follower.app.inject({
        method: 'POST',
        url: '/?Action=DescribeRegions',
        ...(payload ? { payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json().Message).toContain("the emulator's leader gone-1 did not answer");
    }
  });

  it("goes over TLS to the leader's Kubernetes listener only when its certificate is the one published", async () => {
    // The wrong pin first: a connection the pool already holds is not checked again (its peer has
    // not changed; a new leader is a new process, whose old connections are gone).
    followerView.set({
      kind: 'follower',
      leader: record('leader-1', { apiUrl: leaderUrl, kubeUrl: leaderTls.url, kubeFingerprint: new X509Certificate(followerPair.cert).fingerprint256 }),
    });
    const wrong = await httpsGet(`${followerTls.url}/api/v1/nodes`, followerPair.cert);
    expect(wrong.status).toBe(503);
    expect(wrong.body.message).toContain("is not the one the emulator's leader published");

    followerView.set({ kind: 'follower', leader: record('leader-1', { apiUrl: leaderUrl }) });
    const none = await httpsGet(`${followerTls.url}/api/v1/pods`, followerPair.cert);
    expect(none.status).toBe(503);
    expect(none.body.message).toContain('has no Kubernetes-style listener');

    const fingerprint = new X509Certificate(leaderPair.cert).fingerprint256;
    followerView.set({ kind: 'follower', leader: record('leader-1', { apiUrl: leaderUrl, kubeUrl: leaderTls.url, kubeFingerprint: fingerprint }) });
    const ok = await httpsGet(`${followerTls.url}/api/v1/pods`, followerPair.cert);
    // The leader's own answer (the token is no key of its): it was reached over TLS.
    expect(ok).toMatchObject({ status: 401, headers: { 'x-eci-events-replica': 'leader-1' }, body: { kind: 'Status', code: 401 } });
  });
});
