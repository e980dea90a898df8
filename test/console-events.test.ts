// The console's event reads against a started `eci-events serve` on a virtual clock: GET /v1/events
// with filters and cursor paging, the histogram, the change stream (Server-Sent Events) delivering
// a newly ingested event within a second, and the public catalog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROWS } from '../src/catalog/index.js';
import { startServer, type Server } from './support/eci-sdk.js';
import { cookieFetch, signIn, sse } from './support/session-fetch.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

const START = '2026-04-01T12:00:00Z';

interface EventJson {
  metadata: { name: string; resourceVersion: string };
  reason: string;
  message: string;
  type: string;
  count: number;
  lastTimestamp: string;
  containerGroupId: string;
}

describe('events for the console', () => {
  let server: Server;
  let cookie: string;

  const ingest = async (reports: unknown[]) => {
    const res = await signedFetch(`${server.url}/v1/ingest?answer=event`, { body: JSON.stringify({ reports }) });
    const body = await res.json();
    expect(body.rejected, JSON.stringify(body.results.filter((r: { ok: boolean }) => !r.ok))).toBe(0);
    return body.results.map((r: { event: EventJson }) => r.event) as EventJson[];
  };
  const get = async (path: string) => {
    const res = await cookieFetch(`${server.url}${path}`, cookie);
    return { status: res.status, body: await res.json() };
  };
  const events = async (query: string): Promise<{ items: EventJson[]; next?: string }> => {
    const res = await get(`/v1/events?${query}`);
    expect(res.status, query).toBe(200);
    return res.body;
  };
  const names = (items: EventJson[]) => items.map((e) => e.metadata.name);

  beforeAll(async () => {
    server = await startServer(':memory:', ['--clock', 'virtual', '--clock-start', START, '--throttle-rate', '0']);
    cookie = (await signIn(server.url, TEST_KEY)).cookie!;
  });
  afterAll(async () => server?.stop());

  it('filters by group, type, reasons, text and a time range, newest first', async () => {
    const at = (m: number) => `2026-04-01T11:${String(m).padStart(2, '0')}:00Z`;
    const [noStock, oom, started, other] = await ingest([
      { object: { name: 'f-1', uid: 'eci-filter1' }, reason: 'NoStock', args: ['cn-hangzhou-k'], timestamp: at(10) },
      { object: { name: 'f-1', uid: 'eci-filter1' }, reason: 'OOMKilled', args: ['Out of MEMORY: killed'], timestamp: at(20) },
      { object: { name: 'f-1', uid: 'eci-filter1' }, reason: 'SandboxRebootSucceeded', args: [], timestamp: at(30) },
      { object: { name: 'f-2', uid: 'eci-filter2' }, reason: 'NoStock', args: ['cn-hangzhou-j'], timestamp: at(40) },
    ]);
    const g = 'containerGroupId=eci-filter1';
    expect(names((await events(g)).items)).toEqual(names([started!, oom!, noStock!]));
    expect(names((await events(`${g}&type=Warning`)).items)).toEqual(names([oom!, noStock!]));
    expect(names((await events(`${g}&type=Normal`)).items)).toEqual(names([started!]));
    expect(names((await events('reason=NoStock,%20SandboxRebootSucceeded')).items)).toEqual(names([other!, started!, noStock!]));
    expect(names((await events('q=memory')).items)).toEqual(names([oom!]));
    expect(names((await events('q=NOSTOCK')).items)).toEqual(names([other!, noStock!]));
    expect(names((await events('q=out%20of%20stock&type=Warning')).items)).toEqual(names([other!, noStock!]));
    // from is inclusive, to exclusive.
    expect(names((await events(`from=${at(20)}&to=${at(40)}`)).items)).toEqual(names([started!, oom!]));
    expect(names((await events(`${g}&from=2026-04-01T11:15:00%2B00:00`)).items)).toEqual(names([started!, oom!]));
    const bad = [`from=${at(40)}&to=${at(20)}`, 'from=yesterday', 'type=Error', 'before=not-a-cursor', 'limit=5001', 'sort=x'];
    for (const q of bad) {
      const res = await get(`/v1/events?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe('InvalidParameter');
    }
  });

  it('pages 1,200 events of one group by cursor, without gaps or repeats', async () => {
    // Distinct objects, so that none of them is combined with another by similar-event aggregation.
    const reports = Array.from({ length: 1200 }, (_, i) => ({
      object: { name: `pod-${i}` },
      containerGroupId: 'eci-paged',
      reason: i % 5 ? 'StopCharge' : 'NoStock',
      args: i % 5 ? [] : ['cn-hangzhou-k'],
      timestamp: `2026-04-01T10:${String(Math.floor(i / 30)).padStart(2, '0')}:00Z`,
    }));
    await ingest(reports);
    const whole = await events('containerGroupId=eci-paged&limit=5000');
    expect(whole.items).toHaveLength(1200);
    expect(whole.next).toBeUndefined();

    const seen: EventJson[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await events(`containerGroupId=eci-paged&limit=100${next ? `&before=${next}` : ''}`);
      seen.push(...page.items);
      next = page.next;
      pages++;
    } while (next);
    expect(pages).toBe(12);
    expect(names(seen)).toEqual(names(whole.items));
    expect(new Set(names(seen)).size).toBe(1200);

    // Filters and the cursor together.
    const warnings: EventJson[] = [];
    next = undefined;
    do {
      const page = await events(`containerGroupId=eci-paged&type=Warning&limit=70${next ? `&before=${next}` : ''}`);
      warnings.push(...page.items);
      next = page.next;
    } while (next);
    expect(names(warnings)).toEqual(names(whole.items.filter((e) => e.type === 'Warning')));
    expect(warnings).toHaveLength(240);
  });

  it('counts occurrences over time by type, in buckets from `from`, each event spread over its span', async () => {
    const report = (reason: string, args: string[], timestamp: string) => ({ object: { name: 'h-1', uid: 'eci-histo' }, reason, args, timestamp });
    await ingest([
      report('NoStock', ['a'], '2026-04-01T09:00:00Z'),
      report('NoStock', ['a'], '2026-04-01T09:00:20Z'), // the same event again: count 2, last at :20
      report('StopCharge', [], '2026-04-01T09:00:10Z'),
      report('OOMKilled', ['oom'], '2026-04-01T09:00:45Z'),
      report('StopCharge', [], '2026-04-01T09:01:00Z'), // count 2 of the StopCharge event, now last at 09:01:00: that one outside
    ]);
    const q = 'containerGroupId=eci-histo&from=2026-04-01T09:00:00Z&to=2026-04-01T09:01:00Z&buckets=3';
    const { status, body } = await get(`/v1/events/histogram?${q}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      from: '2026-04-01T09:00:00Z',
      to: '2026-04-01T09:01:00Z',
      bucketSeconds: 20,
      // Each occurrence where it happened: NoStock at :00 and :20, StopCharge at :10 (its second
      // at 09:01:00 is past `to`), OOMKilled at :45.
      buckets: [
        { start: '2026-04-01T09:00:00Z', Normal: 1, Warning: 1 },
        { start: '2026-04-01T09:00:20Z', Normal: 0, Warning: 1 },
        { start: '2026-04-01T09:00:40Z', Normal: 0, Warning: 1 },
      ],
    });
    const normal = await get(`/v1/events/histogram?${q.replace('to=2026-04-01T09:01:00Z', 'to=2026-04-01T09:02:00Z')}&type=Normal`);
    expect(normal.body.bucketSeconds).toBe(40);
    expect(normal.body.buckets.map((b: { Normal: number }) => b.Normal)).toEqual([1, 1, 0]);
    // Without a range: fitted to the events, up to the end of the service clock's current second
    // (an event at the clock's very time is in it), 60 buckets by default. The account's earliest
    // occurrence (09:00) is 3 hours back: the last 6 hours.
    const recent = await get('/v1/events/histogram');
    expect(recent.body).toMatchObject({ from: '2026-04-01T06:00:01Z', to: '2026-04-01T12:00:01Z', bucketSeconds: 360 });
    expect(recent.body.buckets).toHaveLength(60);
    // One group's, from 11:10: the last hour; the filter test's NoStock and OOMKilled.
    const group = await get('/v1/events/histogram?containerGroupId=eci-filter1');
    expect(group.body).toMatchObject({ from: '2026-04-01T11:00:01Z', to: '2026-04-01T12:00:01Z', bucketSeconds: 60 });
    expect(group.body.buckets.reduce((n: number, b: { Warning: number }) => n + b.Warning, 0)).toBe(2);
    // Nothing matches: the last hour.
    expect((await get('/v1/events/histogram?containerGroupId=eci-none')).body).toMatchObject({ from: '2026-04-01T11:00:01Z', bucketSeconds: 60 });
    for (const bad of ['buckets=0', 'buckets=501', 'from=2026-04-01T10:00:00Z&to=2026-04-01T09:00:00Z']) {
      expect((await get(`/v1/events/histogram?${bad}`)).status, bad).toBe(400);
    }
  });

  it('streams a newly ingested event live, and resumes after Last-Event-ID', async () => {
    const controller = new AbortController();
    const res = await cookieFetch(`${server.url}/v1/changes/stream`, cookie, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const messages = sse(res);
    try {
      // The stream's position (the latest version) is fixed before its 200 answer, so an event
      // reported now is after it: no pause needed. How fast it arrives is the watchers bench's
      // business; a loaded machine can take seconds.
      const [sent] = await ingest([{ object: { name: 'live-1', uid: 'eci-live' }, reason: 'OOMKilled', args: ['live'] }]);
      const { value } = await messages.next();
      expect(value).toMatchObject({ id: sent!.metadata.resourceVersion, event: 'change' });
      const event = JSON.parse(value!.data!);
      expect(event).toEqual(sent);
      expect(event.metadata.resourceVersion).toBe(sent!.metadata.resourceVersion);
    } finally {
      controller.abort();
    }

    // A reconnecting EventSource sends Last-Event-ID, which beats the ?after it first opened with.
    const [a, b] = await ingest([
      { object: { name: 'live-2', uid: 'eci-live' }, reason: 'StopCharge', args: [] },
      { object: { name: 'live-3', uid: 'eci-live' }, reason: 'StopCharge', args: [] },
    ]);
    const resumedAbort = new AbortController();
    const resumed = await cookieFetch(`${server.url}/v1/changes/stream?after=0`, cookie, {
      headers: { 'last-event-id': a!.metadata.resourceVersion },
      signal: resumedAbort.signal,
    });
    const { value } = await sse(resumed).next();
    resumedAbort.abort();
    expect(value!.id).toBe(b!.metadata.resourceVersion);
  });

  it('serves the catalog without credentials: the seed rows in order, the agent rows apart', async () => {
    const res = await fetch(`${server.url}/v1/catalog`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rows).toHaveLength(94);
    expect(body.rows).toEqual(
      ROWS.map((r) => ({
        group: r.group,
        ...('resource' in r && r.resource ? { resource: r.resource } : {}),
        reason: r.reason,
        type: r.type,
        message: r.message,
        description: r.description,
      })),
    );
    expect(body.agentRows.map((r: { reason: string }) => r.reason)).toContain('Started');
    expect(body.agentRows.every((r: { group: string }) => r.group === 'K8sAgent')).toBe(true);
  });
});
