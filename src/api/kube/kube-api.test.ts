// The Kubernetes-style API through HTTP (injected as over the TLS listener): what kubectl relies on, and the errors it
// prints. test/kubectl.test.ts drives the same API with kubectl itself over TLS.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { inject as injectRequest, type InjectOptions } from 'light-my-request';
import { TEST_KEY } from '../../../test/support/signed-fetch.js';
import type { ManualClock } from '../../model/clock.js';
import type { Recorder } from '../../recorder/index.js';
import type { SqliteEventStore } from '../../store/sqlite/store.js';
import { testApp, type TestApp } from '../../../test/support/test-app.js';

const NOW = Date.UTC(2026, 10, 28, 7, 51, 6) * 1000;
const OTHER = { id: 'LTAIotherkey000000001', secret: 'other-secret' };
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/**
 * How long the watches below stay open: what a test reports after opening one must reach it before
 * then, on a loaded machine too.
 */
const WATCH_S = 5;

describe('Kubernetes-style API', () => {
  let app: FastifyInstance;
  let store: SqliteEventStore;
  let recorder: Recorder;
  let clock: ManualClock;
  let t: TestApp;

  beforeEach(async () => {
    t = testApp({ now: NOW });
    ({ app, store, recorder, clock } = t);
    await t.addKey(TEST_KEY);
    await t.addKey(OTHER, 'other');
  });
  afterEach(() => t.close());

  /**
   * A request as it comes in on the TLS listener (kubectl sends its token only over TLS): Fastify's
   * inject() has no TLS socket, so this injects into the app's router with the socket marked so.
   */
  const inject = async (options: InjectOptions) => {
    await app.ready();
    return injectRequest((req, res) => {
      Object.defineProperty(req.socket, 'encrypted', { value: true });
      app.routing(req, res);
    }, options);
  };

  const get = (url: string, key: { id: string; secret: string } | null = TEST_KEY, accept?: string) =>
    inject({ method: 'GET', url, headers: { ...(key ? { authorization: `Bearer ${key.id}:${key.secret}` } : {}), ...(accept ? { accept } : {}) } });
  /**
   * Opens a watch and resolves once its answer has begun: the watch's position is fixed by then, so
   * what the test does next is after it, however slow the machine. `ended` is its whole body, once
   * `timeoutSeconds` ends it.
   */
  const watch = async (url: string) => {
    const res = await inject({ method: 'GET', url, headers: { authorization: `Bearer ${TEST_KEY.id}:${TEST_KEY.secret}` }, payloadAsStream: true });
    expect(res.statusCode).toBe(200);
    const stream = res.stream();
    let body = '';
    stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
    const ended = new Promise<string>((resolve, reject) => {
      stream.once('end', () => resolve(body));
      stream.once('error', reject);
    });
    return { ended };
  };
  const json = async (url: string, key = TEST_KEY) => {
    const res = await get(url, key);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** Three NoStock repeats on cg-1, one Pulled on cg-2 in prod, one event of the other account. */
  async function seed() {
    for (let i = 0; i < 3; i++) await recorder.report({ name: 'cg-1', uid: 'eci-1' }, 'NoStock', ['cn-hangzhou-k']);
    clock.set(NOW + 5_000_000);
    await recorder.report({ name: 'cg-2', namespace: 'prod', uid: 'eci-2' }, 'AttachDiskFailed', ['d-1']);
    await recorder.report({ name: 'cg-9', uid: 'eci-9' }, 'NoStock', ['k'], { account: 'other' });
  }

  it('answers discovery as an API server does, core v1 and events.k8s.io/v1', async () => {
    expect(await json('/api')).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    expect((await json('/api/v1')).resources).toEqual([
      expect.objectContaining({ name: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'], verbs: ['get', 'list', 'watch'] }),
      expect.objectContaining({ name: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], verbs: ['get', 'list'] }),
      expect.objectContaining({ name: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], verbs: ['get', 'list', 'watch'] }),
      expect.objectContaining({ name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] }),
      expect.objectContaining({ name: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], verbs: ['get', 'list'] }),
    ]);
    expect((await json('/apis')).groups[0]).toMatchObject({ name: 'events.k8s.io', preferredVersion: { groupVersion: 'events.k8s.io/v1' } });
    expect((await json('/apis/events.k8s.io/v1')).resources[0]).toMatchObject({ name: 'events', kind: 'Event' });
    expect((await get('/version', null)).json()).toMatchObject({ major: '1', gitVersion: expect.stringMatching(/eci-events/) });
  });

  it("lists an account's events with exact counts, in all namespaces or one, oldest change first", async () => {
    await seed();
    const all = await json('/api/v1/events');
    expect(all).toMatchObject({ kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: '5' } }); // versions are the service's, across accounts
    expect(all.items.map((e: { involvedObject: { name: string }; count: number }) => [e.involvedObject.name, e.count])).toEqual([
      ['cg-1', 3],
      ['cg-2', 1],
    ]);
    expect(all.items[0]).toMatchObject({
      kind: 'Event',
      metadata: { namespace: 'default', annotations: { 'k8s.aliyun.com/eci-instance-id': 'eci-1' } },
      reason: 'NoStock',
      type: 'Warning',
      firstTimestamp: '2026-11-28T07:51:06Z',
      lastTimestamp: '2026-11-28T07:51:06Z',
      source: { component: 'EciService' },
    });
    const prod = await json('/api/v1/namespaces/prod/events');
    expect(prod.items.map((e: { reason: string }) => e.reason)).toEqual(['AttachDiskFailed']);
    expect((await json('/api/v1/events', OTHER)).items.map((e: { involvedObject: { name: string } }) => e.involvedObject.name)).toEqual(['cg-9']);
  });

  it('serves events.k8s.io/v1: note, regarding, a series for repeats, its field names in selectors', async () => {
    await seed();
    const list = await json('/apis/events.k8s.io/v1/events?fieldSelector=regarding.name%3Dcg-1');
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      eventTime: '2026-11-28T07:51:06.000000Z',
      series: { count: 3, lastObservedTime: '2026-11-28T07:51:06.000000Z' },
      reportingController: 'EciService',
      regarding: { kind: 'Pod', name: 'cg-1' },
      note: expect.stringContaining('out of stock'),
      deprecatedCount: 3,
    });
  });

  it('filters by field selector and pages with limit and continue, every event once', async () => {
    await seed();
    for (let i = 0; i < 5; i++) await recorder.report({ name: `cg-p${i}`, uid: `eci-p${i}` }, 'NoStock', ['k']);
    expect((await json('/api/v1/events?fieldSelector=involvedObject.name%3Dcg-1%2Creason%3DNoStock')).items).toHaveLength(1);
    expect((await json('/api/v1/events?fieldSelector=reason!%3DNoStock')).items.map((e: { reason: string }) => e.reason)).toEqual(['AttachDiskFailed']);
    expect((await json('/api/v1/events?labelSelector=app%3Dweb')).items).toEqual([]);
    expect((await json('/api/v1/events?labelSelector=!app')).items).toHaveLength(7);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await json(`/api/v1/events?limit=3${token ? `&continue=${token}` : ''}`);
      expect(page.metadata.resourceVersion).toBe('10');
      seen.push(...page.items.map((e: { metadata: { name: string } }) => e.metadata.name));
      token = page.metadata.continue;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
  });

  it("gets one event by name, and not another account's", async () => {
    await seed();
    const [first] = (await json('/api/v1/events')).items as Array<{ metadata: { name: string } }>;
    expect((await json(`/api/v1/namespaces/default/events/${first!.metadata.name}`)).count).toBe(3);
    const res = await get(`/api/v1/namespaces/default/events/${first!.metadata.name}`, OTHER);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: `events "${first!.metadata.name}" not found`, code: 404 });
  });

  it("answers kubectl's Table request with the API server's event columns", async () => {
    await seed();
    clock.set(NOW + 125_000_000);
    const res = await get('/api/v1/events', TEST_KEY, TABLE);
    // Fastify quotes the parameters; Go's mime parser, kubectl's, reads both forms.
    expect(res.headers['content-type']).toMatch(/^application\/json; as="Table"; v="v1"; g="meta.k8s.io"/);
    const t = res.json();
    expect(t.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Subobject',
      'Source',
      'Message',
      'First Seen',
      'Count',
      'Name',
    ]);
    expect(t.rows[0].cells.slice(0, 9)).toEqual([
      '2m5s',
      'Warning',
      'NoStock',
      'pod/cg-1',
      '',
      'EciService',
      expect.stringContaining('out of stock'),
      '2m5s',
      3,
    ]);
    expect(t.rows[1].cells[0]).toBe('2m');
    expect(t.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { namespace: 'default' } });
    expect((await get('/api/v1/events?includeObject=Object', TEST_KEY, TABLE)).json().rows[0].object.kind).toBe('Event');
  });

  it('watches: the current state as ADDED without a resourceVersion, only later changes after one', async () => {
    await seed();
    const lines = (body: string) =>
      body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; object: { count?: number; metadata: { resourceVersion: string; annotations?: Record<string, string> } } });
    const fromNow = await watch(`/api/v1/events?watch=1&timeoutSeconds=${WATCH_S}`);
    const fromThree = await watch(`/api/v1/events?watch=true&resourceVersion=3&timeoutSeconds=${WATCH_S}&allowWatchBookmarks=true&sendInitialEvents=false`);
    await recorder.report({ name: 'cg-1', uid: 'eci-1' }, 'NoStock', ['cn-hangzhou-k']);
    await recorder.report({ name: 'cg-3', uid: 'eci-3' }, 'NoStock', ['k']);
    const now = lines(await fromNow.ended);
    expect(now.map((l) => [l.type, l.object.metadata.resourceVersion, l.object.count])).toEqual([
      ['ADDED', '3', 3],
      ['ADDED', '4', 1],
      ['MODIFIED', '6', 4],
      ['ADDED', '7', 1],
    ]);
    expect(lines(await fromThree.ended).map((l) => [l.type, l.object.metadata.resourceVersion])).toEqual([
      ['ADDED', '4'],
      ['MODIFIED', '6'],
      ['ADDED', '7'],
    ]);
    // A label selector no event can meet: an empty watch, open until its time is up.
    expect((await get('/api/v1/events?watch=1&labelSelector=app%3Dweb&timeoutSeconds=1')).body).toBe('');
    const initial = lines(
      await (
        await watch(`/api/v1/events?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=${WATCH_S}`)
      ).ended,
    );
    expect(initial.at(-1)).toMatchObject({
      type: 'BOOKMARK',
      object: { metadata: { resourceVersion: '7', annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
  });

  it('lists pods with their versions in chunks, and watches them change from a version, each account its own', async () => {
    const create = (name: string, account = 'default') =>
      t.emulator.create({ account, regionId: 'cn-hangzhou', containerGroupName: name, containers: [{ name: 'c', image: 'nginx' }] });
    create('a');
    await t.scheduler.advanceInSteps(1_000_000);
    create('b');
    create('x', 'other');
    await t.scheduler.advanceInSteps(10_000_000);
    const first = await json('/api/v1/pods?limit=1');
    expect(first.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['a']);
    const rest = await json(`/api/v1/pods?limit=1&continue=${first.metadata.continue}`);
    expect(rest.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['b']);
    expect(rest.metadata).toEqual({ resourceVersion: first.metadata.resourceVersion });
    const rv = Number(first.metadata.resourceVersion);
    expect(Number(rest.items[0].metadata.resourceVersion)).toBeLessThanOrEqual(rv);

    const podWatch = await watch(`/api/v1/namespaces/default/pods?watch=1&resourceVersion=${rv}&fieldSelector=metadata.name%3Db&timeoutSeconds=${WATCH_S}`);
    create('b2');
    t.emulator.delete('default', t.emulator.list('default', 'cn-hangzhou', {}, { limit: 100 }).groups.find((g) => g.name === 'b')!.id);
    await t.scheduler.advanceInSteps(60_000_000);
    const body = await podWatch.ended;
    const lines = body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string; resourceVersion: string }; status: { phase: string } } });
    expect(lines.map((l) => [l.type, l.object.metadata.name])).toEqual([
      ['MODIFIED', 'b'],
      ['DELETED', 'b'],
    ]);
    expect(Number(lines[1]!.object.metadata.resourceVersion)).toBeGreaterThan(Number(lines[0]!.object.metadata.resourceVersion));

    // Too old for the feed's ring: 410 Expired, as for a compacted resourceVersion.
    for (let i = 0; i < 400; i++) create(`n${i}`);
    await t.scheduler.advanceInSteps(10_000_000); // each: ADDED, Pending, Running
    expect(t.emulator.podChanges.oldestResumable).toBeGreaterThan(1);
    const expired = (await get('/api/v1/pods?watch=1&resourceVersion=1&timeoutSeconds=1')).body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(expired).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired', message: expect.stringMatching(/too old resource version: 1/) }),
      },
    ]);
    expect((await json('/api/v1/pods', OTHER)).items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['x']);
  });

  it('lists the namespaces an account has pods or events in, and default', async () => {
    await seed();
    t.emulator.create({ account: 'other', regionId: 'cn-hangzhou', containerGroupName: 'o', containers: [{ name: 'c', image: 'nginx' }] });
    const names = (l: { items: Array<{ metadata: { name: string }; status: { phase: string } }> }) => l.items.map((n) => [n.metadata.name, n.status.phase]);
    expect(names(await json('/api/v1/namespaces'))).toEqual([
      ['default', 'Active'],
      ['prod', 'Active'],
    ]);
    expect(names(await json('/api/v1/namespaces', OTHER))).toEqual([['default', 'Active']]);
    expect(await json('/api/v1/namespaces/prod')).toMatchObject({ kind: 'Namespace', metadata: { name: 'prod' }, status: { phase: 'Active' } });
    expect(names(await json('/api/v1/namespaces?fieldSelector=metadata.name%21%3Ddefault'))).toEqual([['prod', 'Active']]);
    expect((await get('/api/v1/namespaces/prod', OTHER)).statusCode).toBe(404);
  });

  it('tells a new event from a repeat by the version that created it, whatever its count', async () => {
    await seed(); // versions 1-5; cg-1's event was created at 1 and is at 3
    const fromFive = await watch(`/api/v1/events?watch=1&resourceVersion=5&timeoutSeconds=${WATCH_S}`);
    // Three occurrences at once (a producer's batch): a new event all the same.
    const batch = Array.from({ length: 3 }, () => ({ object: { name: 'cg-7', uid: 'eci-7' }, reason: 'NoStock', args: ['k'] }));
    await recorder.reportMany(batch);
    await recorder.report({ name: 'cg-1', uid: 'eci-1' }, 'NoStock', ['cn-hangzhou-k']);
    const lines = (await fromFive.ended)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { involvedObject: { name: string }; count: number } });
    expect(lines.map((l) => [l.type, l.object.involvedObject.name, l.object.count])).toEqual([
      ['ADDED', 'cg-7', 3],
      ['MODIFIED', 'cg-1', 4],
    ]);
  });

  it('refuses the bearer token on the plain-HTTP listener, whatever X-Forwarded-Proto says', async () => {
    await seed();
    for (const headers of [{}, { 'x-forwarded-proto': 'https' }]) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/events',
        headers: { authorization: `Bearer ${TEST_KEY.id}:${TEST_KEY.secret}`, ...headers },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403 });
      expect(res.json().message).toMatch(/bearer token .* only over TLS.*--kube-port/);
    }
    // The same token on the TLS listener is taken; /version is public on both.
    expect((await get('/api/v1/events')).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/version' })).statusCode).toBe(200);
  });

  it('refuses what it cannot do with a Status that says why, and changes nothing', async () => {
    await seed();
    const cases: Array<[string, number, RegExp, { id: string; secret: string } | null, string?]> = [
      ['/api/v1/events', 401, /Bearer <AccessKeyId>:<AccessKeySecret>/, null],
      ['/api/v1/events', 401, /not a valid access key pair/, { id: TEST_KEY.id, secret: 'wrong' }],
      ['/api/v1/events?fieldSelector=message%3Dx', 400, /field label not supported: message/, TEST_KEY],
      ['/api/v1/events?limit=-1', 400, /limit: "-1" is not a whole number/, TEST_KEY],
      ['/api/v1/events?continue=garbage', 400, /continue: the token is not one this server handed out/, TEST_KEY],
      ['/api/v1/events?watch=maybe', 400, /watch: "maybe" is not a boolean/, TEST_KEY],
      ['/api/v1/events?resourceVersion=abc', 400, /resourceVersion: "abc"/, TEST_KEY],
      ['/api/v1/namespaces/Bad_NS/events', 400, /namespace "Bad_NS" is not a valid name/, TEST_KEY],
      ['/api/v1/services', 404, /could not find the requested resource/, TEST_KEY],
      ['/api/v1/nodes/no-such-node', 404, /nodes "no-such-node" not found/, TEST_KEY],
      ['/api/v1/nodes?fieldSelector=spec.unschedulable%3Dtrue', 400, /field label not supported: spec.unschedulable/, TEST_KEY],
      ['/api/v1/nodes?watch=1', 405, /nodes cannot be watched here/, TEST_KEY],
      ['/api/v1/pods?fieldSelector=reason%3Dx', 400, /field label not supported: reason/, TEST_KEY],
      ['/api/v1/pods?watch=1&resourceVersion=x1', 400, /resourceVersion: "x1"/, TEST_KEY],
      ['/api/v1/pods?limit=2&continue=garbage', 400, /continue: the token is not one this server handed out/, TEST_KEY],
      ['/api/v1/namespaces?watch=1', 405, /namespaces cannot be watched here/, TEST_KEY],
      ['/api/v1/namespaces?fieldSelector=spec.x%3D1', 400, /field label not supported: spec.x/, TEST_KEY],
      ['/api/v1/namespaces/no-such-ns', 404, /namespaces "no-such-ns" not found/, TEST_KEY],
      ['/api/v1/events', 406, /only application\/json/, TEST_KEY, 'application/vnd.kubernetes.protobuf'],
    ];
    for (const [url, code, message, key, accept] of cases) {
      const res = await get(url, key, accept);
      expect(res.statusCode, url).toBe(code);
      expect(res.json(), url).toMatchObject({ kind: 'Status', status: 'Failure', code });
      expect(res.json().message, url).toMatch(message);
    }
    const post = await inject({
      method: 'POST',
      url: '/api/v1/namespaces/default/events',
      headers: { authorization: `Bearer ${TEST_KEY.id}:${TEST_KEY.secret}` },
      payload: { kind: 'Event' },
    });
    expect(post.statusCode).toBe(405);
    expect(post.json().message).toMatch(/read-only to this API/);
    expect(await store.latestVersion()).toBe(5);
  });

  it('sends a refused write to routes that exist', async () => {
    const auth = { authorization: `Bearer ${TEST_KEY.id}:${TEST_KEY.secret}` };
    const paths = ['/api/v1/namespaces/default/events', '/apis/events.k8s.io/v1/events', '/api/v1/pods', '/api/v1/namespaces/default', '/api/v1/nodes/n'];
    const named: string[] = [];
    for (const url of paths) {
      const res = await inject({ method: 'DELETE', url, headers: auth });
      expect(res.statusCode, url).toBe(405);
      expect(res.json(), url).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
      for (const m of (res.json().message as string).matchAll(/\b(GET|POST|PUT|PATCH|DELETE) (\/[\w/:.-]+)/g)) named.push(`${m[1]} ${m[2]}`);
    }
    expect(named).toContain('POST /v1/ingest');
    for (const route of named) {
      const [method, url] = route.split(' ') as [string, string];
      expect(app.hasRoute({ method: method as 'GET', url }), route).toBe(true);
    }
  });
});
