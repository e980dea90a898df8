// The OpenAPI's gatekeeping, with requests made by hand where the official SDK cannot make them
// (replays, stale or malformed dates, unknown versions and actions, partial signatures, tampering),
// and flow control on a server started with a low --throttle-rate/--throttle-burst, driven by the
// SDK. Each case checks the Code and HTTP status, and that a refused request changed nothing.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  $Eci,
  REGION,
  SCHEMES,
  createKey,
  queryString,
  answer,
  sdkClient,
  sdkError,
  startServer,
  until,
  v1Params,
  v1Request,
  v3Headers,
  v3Request,
  type Key,
  type RawAnswer,
  type Server,
} from './support/eci-sdk.js';
import { REQUEST_ID, createRequest, describeGroups, expectError, tag } from './support/eci-views.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

const MINUTE = 60_000;

/** The standard OpenAPI error body with this Code and status. */
function expectRaw(a: RawAnswer, code: string, status: number, mentions?: string): void {
  expect({ status: a.status, code: a.body.Code }, a.text).toEqual({ status, code });
  expect(a.body.RequestId).toMatch(REQUEST_ID);
  expect(typeof a.body.HostId === 'string' && a.body.HostId.length > 0).toBe(true);
  expect(String(a.body.Message).length).toBeGreaterThan(0);
  expect(String(a.body.Recommend)).toContain(encodeURIComponent(code));
  if (mentions !== undefined) expect(String(a.body.Message)).toContain(mentions);
}

function expectOk(a: RawAnswer): void {
  expect(a.status, a.text).toBe(200);
  expect(a.body.RequestId).toMatch(REQUEST_ID);
  expect(a.body.Code).toBeUndefined();
}

/** CreateContainerGroup's query for a one-container group of this name. */
const createParams = (name: string): Record<string, string> => ({
  RegionId: REGION,
  ContainerGroupName: name,
  'Container.1.Name': 'c1',
  'Container.1.Image': 'nginx',
  'Tag.1.Key': 'suite',
  'Tag.1.Value': 'protocol',
});

describe('OpenAPI signatures, replays, dates, versions and actions (hand-made requests)', () => {
  let dir: string;
  let server: Server;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-openapi-protocol-'));
    server = await startServer(join(dir, 'events.db'), ['--throttle-rate', '0']);
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The names of the groups this file's requests created, whatever ran before. */
  const created = async (prefix: string) => {
    const body = await describeGroups(sdkClient(server.host, 'v3'), { tag: [new $Eci.DescribeContainerGroupsRequestTag({ key: 'suite', value: 'protocol' })] });
    return (body.containerGroups ?? [])
      .map((g) => g.containerGroupName!)
      .filter((n) => n.startsWith(prefix))
      .sort();
  };

  test('hand-made requests signed either way are accepted, as the SDK’s are', async () => {
    const v3 = await v3Request(server, { action: 'DescribeRegions', params: { RegionId: REGION } });
    expectOk(v3);
    expect((v3.body.Regions as unknown[]).length).toBe(5);
    const v1 = await v1Request(server, v1Params('DescribeRegions', { RegionId: REGION }));
    expectOk(v1);
    expect(v1.body.Regions).toEqual(v3.body.Regions);
    // v1 is the query, whatever the method; GET works too.
    expectOk(await v1Request(server, v1Params('DescribeRegions', { RegionId: REGION }, { method: 'GET' }), 'GET'));
    // Characters the two encodings treat specially survive the round trip.
    const odd = await v1Request(server, v1Params('DescribeContainerGroups', { RegionId: REGION, ContainerGroupName: "a b*c'(d)!~é" }));
    expectOk(odd);
    expect(odd.body.TotalCount).toBe(0);
    const odd3 = await v3Request(server, { action: 'DescribeContainerGroups', params: { RegionId: REGION, ContainerGroupName: "a b*c'(d)!~é" } });
    expectOk(odd3);
  });

  test('a replayed request is SignatureNonceUsed (400) and does nothing again', async () => {
    // V3: the very same headers twice.
    const headers = v3Headers(server.host, { action: 'CreateContainerGroup', params: createParams('replay-v3') });
    const url = `${server.url}/?${queryString(createParams('replay-v3'))}`;
    expectOk(await answer(await fetch(url, { method: 'POST', headers })));
    expectRaw(await answer(await fetch(url, { method: 'POST', headers })), 'SignatureNonceUsed', 400);
    // v1: the very same query twice.
    const params = v1Params('CreateContainerGroup', createParams('replay-v1'));
    expectOk(await v1Request(server, params));
    expectRaw(await v1Request(server, params), 'SignatureNonceUsed', 400);
    // A nonce is spent for the key whatever the request: a different request with a used nonce is refused too.
    const nonce = randomBytes(16).toString('hex');
    expectOk(await v1Request(server, v1Params('DescribeRegions', {}, { nonce })));
    expectRaw(await v1Request(server, v1Params('CreateContainerGroup', createParams('replay-v1-other'), { nonce })), 'SignatureNonceUsed', 400);
    const nonce3 = randomBytes(16).toString('hex');
    expectOk(await v3Request(server, { action: 'DescribeRegions', nonce: nonce3 }));
    expectRaw(await v3Request(server, { action: 'CreateContainerGroup', params: createParams('replay-v3-other'), nonce: nonce3 }), 'SignatureNonceUsed', 400);
    expect(await created('replay-')).toEqual(['replay-v1', 'replay-v3']);
  });

  test('a forged request does not burn the nonce of a genuine one', async () => {
    const nonce = randomBytes(16).toString('hex');
    const forged = v1Params('DescribeRegions', {}, { nonce, key: { id: TEST_KEY.id, secret: 'forged' } });
    expectRaw(await v1Request(server, forged), 'SignatureDoesNotMatch', 400);
    expectOk(await v1Request(server, v1Params('DescribeRegions', {}, { nonce })));
    const nonce3 = randomBytes(16).toString('hex');
    expectRaw(await v3Request(server, { action: 'DescribeRegions', nonce: nonce3, key: { id: TEST_KEY.id, secret: 'forged' } }), 'SignatureDoesNotMatch', 400);
    expectOk(await v3Request(server, { action: 'DescribeRegions', nonce: nonce3 }));
  });

  test('a timestamp more than 15 minutes off is InvalidTimeStamp.Expired (400); a malformed one InvalidTimeStamp.Format', async () => {
    const now = Date.now();
    for (const [offset, ok] of [
      [-16 * MINUTE, false],
      [16 * MINUTE, false],
      [-24 * 60 * MINUTE, false],
      [-14 * MINUTE, true],
      [14 * MINUTE, true],
    ] as const) {
      const date = new Date(now + offset);
      const v3 = await v3Request(server, {
        action: 'CreateContainerGroup',
        params: createParams(`dated-v3-${offset < 0 ? 'm' : 'p'}${Math.abs(offset / MINUTE)}`),
        date,
      });
      const v1 = await v1Request(
        server,
        v1Params('CreateContainerGroup', createParams(`dated-v1-${offset < 0 ? 'm' : 'p'}${Math.abs(offset / MINUTE)}`), { date }),
      );
      for (const a of [v3, v1]) {
        if (ok) expectOk(a);
        else expectRaw(a, 'InvalidTimeStamp.Expired', 400);
      }
    }
    for (const bad of ['2024-01-01 00:00:00', 'yesterday', '2024-13-45T99:99:99Z', '']) {
      const v3 = await v3Request(server, { action: 'DescribeRegions', date: bad });
      if (bad === '') expectRaw(v3, 'MissingParameter', 400, 'x-acs-date');
      else expectRaw(v3, 'InvalidTimeStamp.Format', 400);
      const v1 = await v1Request(server, v1Params('DescribeRegions', {}, { overrides: { Timestamp: bad } }));
      if (bad === '') expectRaw(v1, 'MissingParameter', 400, 'Timestamp');
      else expectRaw(v1, 'InvalidTimeStamp.Format', 400);
    }
    expect(await created('dated-')).toEqual(['dated-v1-m14', 'dated-v1-p14', 'dated-v3-m14', 'dated-v3-p14']);
  });

  test('an unknown Version is InvalidVersion (400); an unknown Action InvalidAction.NotFound (404); none is MissingParameter', async () => {
    for (const version of ['2019-01-01', '2018-08-09', '', 'latest']) {
      expectRaw(await v3Request(server, { action: 'DescribeRegions', version }), 'InvalidVersion', 400);
      expectRaw(await v1Request(server, v1Params('DescribeRegions', {}, { version })), 'InvalidVersion', 400);
    }
    expectRaw(await v1Request(server, v1Params('DescribeRegions', {}, { overrides: { Version: null } })), 'InvalidVersion', 400);
    for (const action of [
      'DescribeNothing',
      'describeRegions',
      'DescribeContainerGroupEvent',
      'toString',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'Ingest',
    ]) {
      expectRaw(await v3Request(server, { action }), 'InvalidAction.NotFound', 404);
      expectRaw(await v1Request(server, v1Params(action, {})), 'InvalidAction.NotFound', 404);
    }
    expectRaw(await v3Request(server, { action: '' }), 'MissingParameter', 400, 'Action');
    expectRaw(await v1Request(server, v1Params('DescribeRegions', {}, { overrides: { Action: null } })), 'MissingParameter', 400, 'Action');
  });

  test('partial or malformed signatures are IncompleteSignature or MissingParameter (400)', async () => {
    const p = createParams('partial');
    const url = `${server.url}/?${queryString(p)}`;
    const send = async (headers: Record<string, string>) => answer(await fetch(url, { method: 'POST', headers }));
    // No credentials at all.
    expectRaw(await send({ 'x-acs-action': 'CreateContainerGroup', 'x-acs-version': '2018-08-08' }), 'IncompleteSignature', 400);
    // An Authorization header that is not ACS3.
    expectRaw(await send({ 'x-acs-action': 'CreateContainerGroup', 'x-acs-version': '2018-08-08', authorization: 'Bearer abc' }), 'IncompleteSignature', 400);
    // ACS3 but malformed.
    const good = v3Headers(server.host, { action: 'CreateContainerGroup', params: p });
    for (const auth of [
      'ACS3-HMAC-SHA256 garbage',
      good.authorization!.replace(/Signature=[0-9a-f]+/, 'Signature=xyz'),
      good.authorization!.replace('Credential=', 'Cred='),
      good.authorization!.replace(/,SignedHeaders=[^,]+/, ''),
      good.authorization!.replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3'),
    ]) {
      expectRaw(await send({ ...good, authorization: auth }), 'IncompleteSignature', 400);
    }
    // Required headers left out of SignedHeaders.
    for (const left of ['x-acs-date', 'x-acs-signature-nonce', 'x-acs-action', 'x-acs-version', 'host']) {
      const names = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'].filter((h) => h !== left);
      expectRaw(await v3Request(server, { action: 'CreateContainerGroup', params: p, signedHeaders: names }), 'IncompleteSignature', 400, left);
    }
    // A signed header that is not sent.
    expectRaw(
      await v3Request(server, { action: 'CreateContainerGroup', params: p, signed: { 'x-acs-extra': 'x' }, headers: { 'x-acs-extra': null } }),
      'IncompleteSignature',
      400,
      'x-acs-extra',
    );
    // v1 without one of its protocol parameters, or with another method or version.
    for (const dropped of ['Signature', 'SignatureNonce', 'SignatureMethod', 'SignatureVersion', 'Timestamp']) {
      const params = v1Params('CreateContainerGroup', p);
      delete params[dropped];
      expectRaw(await v1Request(server, params), 'MissingParameter', 400, dropped);
    }
    expectRaw(
      await v1Request(server, v1Params('CreateContainerGroup', p, { overrides: { SignatureMethod: 'HMAC-SHA256' } })),
      'IncompleteSignature',
      400,
      'SignatureMethod',
    );
    expectRaw(
      await v1Request(server, v1Params('CreateContainerGroup', p, { overrides: { SignatureVersion: '2.0' } })),
      'IncompleteSignature',
      400,
      'SignatureVersion',
    );
    expect(await created('partial')).toEqual([]);
  });

  test('tampering after signing is SignatureDoesNotMatch (400); an unknown key InvalidAccessKeyId.NotFound (404)', async () => {
    const p = createParams('tampered');
    // V3: another query value, another action header, another body, a body that does not match its hash.
    const good = v3Headers(server.host, { action: 'CreateContainerGroup', params: p });
    const tampered = async (query: Record<string, string>, headers: Record<string, string>, body?: string) =>
      answer(await fetch(`${server.url}/?${queryString(query)}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) }));
    expectRaw(await tampered({ ...p, ContainerGroupName: 'tampered-2' }, good), 'SignatureDoesNotMatch', 400);
    expectRaw(await tampered({ ...p, 'Container.1.Command.1': 'sleep' }, good), 'SignatureDoesNotMatch', 400);
    expectRaw(await tampered(p, { ...good, 'x-acs-action': 'DeleteContainerGroup' }), 'SignatureDoesNotMatch', 400);
    const earlier = new Date(Date.parse(good['x-acs-date']!) - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expectRaw(await tampered(p, { ...good, 'x-acs-date': earlier }), 'SignatureDoesNotMatch', 400);
    expectRaw(await tampered(p, good, 'a body the signature did not cover'), 'SignatureDoesNotMatch', 400);
    const declared = v3Headers(server.host, { action: 'CreateContainerGroup', params: p, body: '{"a":1}', contentType: 'application/json' });
    expectRaw(await tampered(p, declared, '{"a":2}'), 'SignatureDoesNotMatch', 400);
    // v1: a parameter changed, added or removed after signing.
    const params = v1Params('CreateContainerGroup', p);
    expectRaw(await v1Request(server, { ...params, ContainerGroupName: 'tampered-3' }), 'SignatureDoesNotMatch', 400);
    expectRaw(await v1Request(server, { ...params, 'Tag.2.Key': 'extra' }), 'SignatureDoesNotMatch', 400);
    const { RegionId: _dropped, ...withoutRegion } = params;
    expectRaw(await v1Request(server, withoutRegion), 'SignatureDoesNotMatch', 400);
    // Unknown keys.
    const stranger = { id: 'LTAIunknown00000000000', secret: 'x' };
    expectRaw(await v3Request(server, { action: 'CreateContainerGroup', params: p, key: stranger }), 'InvalidAccessKeyId.NotFound', 404);
    expectRaw(await v1Request(server, v1Params('CreateContainerGroup', p, { key: stranger })), 'InvalidAccessKeyId.NotFound', 404);
    expect(await created('tampered')).toEqual([]);
  });

  test('the ingest endpoint takes the same credentials: unsigned, forged or replayed reports store nothing', async () => {
    const report = JSON.stringify({ reports: [{ object: { name: 'ingested', uid: 'eci-ingestcheck' }, reason: 'NoStock', args: ['z'] }] });
    const unsigned = await fetch(`${server.url}/v1/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: report });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect(unsigned.status).toBeLessThan(500);
    const forged = await signedFetch(`${server.url}/v1/ingest`, { body: report }, { id: TEST_KEY.id, secret: 'forged' });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('SignatureDoesNotMatch');
    const events = await v3Request(server, { action: 'DescribeContainerGroupEvents', params: { RegionId: REGION, ContainerGroupIds: '["eci-ingestcheck"]' } });
    expectOk(events);
    expect(events.body.Data).toEqual([]);
    // Replaying a genuine ingest request is refused, and the event counted once.
    const headers = v3Headers(server.host, { action: 'Ingest', path: '/v1/ingest', body: report, contentType: 'application/json' });
    const first = await fetch(`${server.url}/v1/ingest`, { method: 'POST', headers, body: report });
    expect(first.status).toBe(200);
    const again = await fetch(`${server.url}/v1/ingest`, { method: 'POST', headers, body: report });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('SignatureNonceUsed');
    const after = await v3Request(server, { action: 'DescribeContainerGroupEvents', params: { RegionId: REGION, ContainerGroupIds: '["eci-ingestcheck"]' } });
    const data = after.body.Data as Array<{ Events: Array<{ Count: number; Reason: string }> }>;
    expect(data.map((d) => d.Events.map((e) => [e.Reason, e.Count]))).toEqual([[['NoStock', 1]]]);
  });
});

describe('flow control per account (--throttle-rate 1 --throttle-burst 3, --ingest-rate 1 --ingest-burst 1)', () => {
  let dir: string;
  let server: Server;
  let other: Key;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-openapi-throttle-'));
    const db = join(dir, 'events.db');
    server = await startServer(db, ['--throttle-rate', '1', '--throttle-burst', '3', '--ingest-rate', '1', '--ingest-burst', '1']);
    other = await createKey(db, 'other');
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Retries while throttled (each try spends a token once one is there). */
  const unthrottled = <T>(call: () => Promise<T>) =>
    until(
      'a request past the throttle',
      async () => {
        try {
          return await call();
        } catch (err) {
          if ((err as { code?: string }).code === 'Throttling') return undefined;
          throw err;
        }
      },
      30_000,
      300,
    );

  test('past the burst, requests get Throttling (429) and throttled creates create nothing; other accounts are unaffected', async () => {
    const clients = SCHEMES.map((s) => sdkClient(server.host, s));
    const started = Date.now();
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => clients[i % 2]!.createContainerGroup(createRequest(`burst-${i}`, { tag: [tag('suite', 'throttle')] }))),
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    const succeeded = attempts.flatMap((a, i) => (a.status === 'fulfilled' ? [`burst-${i}`] : []));
    const refused = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason as unknown] : []));
    // The burst of 3, plus what refilled while the 8 were answered.
    expect(succeeded.length).toBeGreaterThanOrEqual(3);
    expect(succeeded.length).toBeLessThanOrEqual(3 + Math.ceil(elapsedSeconds));
    expect(refused.length).toBe(8 - succeeded.length);
    for (const err of refused) {
      const e = err as { code: string; statusCode: number; data: Record<string, unknown> };
      expectError({ code: e.code, statusCode: e.statusCode, message: '', data: e.data }, 'Throttling', 429);
    }

    // Another account has a bucket of its own.
    const b = sdkClient(server.host, 'v1', other);
    const theirs = await b.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION }));
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body!.totalCount).toBe(0);

    // Exactly the creates that were answered with success exist.
    const listed = await unthrottled(() => clients[0]!.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, limit: 20 })));
    expect(listed.body!.totalCount).toBe(succeeded.length);
    expect((listed.body!.containerGroups ?? []).map((g) => g.containerGroupName).sort()).toEqual([...succeeded].sort());
  });

  test('the tokens refill at the rate: after a second, one more request passes, the next is throttled', async () => {
    const c = sdkClient(server.host, 'v3');
    // Drain the bucket.
    for (let i = 0; i < 10; i++) {
      try {
        await c.describeRegions(new $Eci.DescribeRegionsRequest({}));
      } catch (err) {
        expect((err as { code: string }).code).toBe('Throttling');
      }
    }
    expectError(await sdkError(c.describeRegions(new $Eci.DescribeRegionsRequest({}))), 'Throttling', 429);
    const refilled = await unthrottled(() => c.describeRegions(new $Eci.DescribeRegionsRequest({})));
    expect(refilled.statusCode).toBe(200);
    expectError(await sdkError(c.createContainerGroup(createRequest('after-refill', { tag: [tag('suite', 'throttle')] }))), 'Throttling', 429);
    // Throttled ingest (the JSON API answers 429) stores nothing either. Ingest has a budget of
    // reports of its own, untouched by the requests above: its one report is spent first.
    const spent = await signedFetch(`${server.url}/v1/ingest`, {
      body: JSON.stringify({ reports: [{ object: { name: 'y', uid: 'eci-spent' }, reason: 'NoStock', args: ['z'] }] }),
    });
    expect(spent.status).toBe(200);
    const ingest = await signedFetch(`${server.url}/v1/ingest`, {
      body: JSON.stringify({ reports: [{ object: { name: 'x', uid: 'eci-throttled' }, reason: 'NoStock', args: ['z'] }] }),
    });
    expect(ingest.status).toBe(429);
    expect(((await ingest.json()) as { error: { code: string } }).error.code).toBe('Throttling');
    const names = await unthrottled(() =>
      c.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupName: 'after-refill' })),
    );
    expect(names.body!.totalCount).toBe(0);
    const events = await unthrottled(() =>
      c.describeContainerGroupEvents(new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: '["eci-throttled"]' })),
    );
    expect(events.body!.data ?? []).toEqual([]);
  });
});
