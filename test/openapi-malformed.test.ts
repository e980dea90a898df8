// Bad input of every kind against a started `eci-events serve`: a few thousand requests generated
// from a fixed seed (mulberry32), sent over bare TCP so that nothing is tidied up on the way.
// Every answer must be a 4xx, never a 5xx or a dropped connection; on the OpenAPI path `/` (GET and
// POST) the body must be the OpenAPI's JSON error with a RequestId and a non-empty Code. Requests
// signed correctly but carrying malformed parameters must reach validation (their Code is not a
// credential error). Afterwards the server must still be healthy, and none of the requests may
// have created a container group or recorded an event.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { $Eci, REGION, queryString, sdkClient, startServer, v1Params, v3Headers, type Server } from './support/eci-sdk.js';
import { pool, rawRequest, requestBytes, type RawRequestSpec, type RawResponse } from './support/raw-http.js';
import { describeGroups, groupEvents } from './support/eci-views.js';
import { TEST_KEY } from './support/signed-fetch.js';

/**
 * What an answer must look like:
 * - rpc:        `/` with GET or POST: 4xx and the OpenAPI error body (RequestId, Code...).
 * - signed:     as rpc, and the Code is not a credential error (the request reached validation).
 * - rpc-method: `/` with a method no route takes (TRACE...): 4xx with a JSON error.
 * - http:       another path: 4xx with the HTTP API's JSON error ({"error":{"code"...}}).
 * - head:       HEAD: 4xx (a HEAD answer has no body).
 * - node:       malformed at the HTTP level, so Node's HTTP parser answers before any route:
 *               any 4xx, body unchecked (Node writes a bare "400 Bad Request").
 * - node431:    headers over Node's 16 KiB limit: Node answers 431 itself.
 */
type Kind = 'rpc' | 'signed' | 'rpc-method' | 'http' | 'head' | 'node' | 'node431';

/** Requests that fail before any handler runs, which once escaped the error bodies (fixed). */
const ODD = {
  /** A Content-Type Fastify cannot parse. */
  unparsableContentType: ';;;',
  /** A body over the 16 MiB limit. */
  oversizedBody: 16 * 1024 * 1024 + 1,
  /** A path that is not valid percent-encoding. */
  badUrlPath: '/%ff',
};

interface Case {
  category: string;
  what: string;
  kind: Kind;
  spec: RawRequestSpec;
  /** Add a Content-Length for the body (default true). */
  contentLength?: boolean;
}

const CREDENTIAL_CODES = new Set([
  'IncompleteSignature',
  'SignatureDoesNotMatch',
  'SignatureNonceUsed',
  'InvalidTimeStamp.Expired',
  'InvalidTimeStamp.Format',
  'InvalidAccessKeyId.NotFound',
  'Throttling',
  'InvalidAction.NotFound',
  'InvalidVersion',
]);

// ---- A deterministic PRNG and helpers -------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  str(length: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  hex(length: number): string {
    return this.str(length, '0123456789abcdef');
  }
  bytes(length: number): Buffer {
    const b = Buffer.alloc(length);
    for (let i = 0; i < length; i++) b[i] = this.int(256);
    return b;
  }
  /** Changes one character of `s` to a different one from `alphabet`. */
  flip(s: string, alphabet: string): string {
    if (s.length === 0) return alphabet[0]!;
    const i = this.int(s.length);
    let c = s[i]!;
    while (c === s[i]) c = this.pick([...alphabet]);
    return s.slice(0, i) + c + s.slice(i + 1);
  }
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Characters a request target may carry literally (no space, no '#', no control bytes). */
const URL_SAFE = ALNUM + "-._~!$'()*+,;:@/?=";
const PRINTABLE = ALNUM + ' -._~!$\'()*+,;:@/?=[]{}<>|\\^`"%&';
const DEL = Symbol('delete');
type Mutation = string | typeof DEL;

const ACTIONS = [
  'DescribeRegions',
  'CreateContainerGroup',
  'DescribeContainerGroups',
  'DescribeContainerGroupStatus',
  'DeleteContainerGroup',
  'RestartContainerGroup',
  'UpdateContainerGroup',
  'DescribeContainerGroupEvents',
];
const PARAM_NAMES = [
  'RegionId',
  'Limit',
  'NextToken',
  'ContainerGroupIds',
  'ContainerGroupName',
  'WithEvent',
  'Cpu',
  'Memory',
  'Container.1.Name',
  'Container.1.Image',
  'Tag.1.Key',
  'SinceSecond',
  'EventSource',
  'Action',
  'Version',
  'AccessKeyId',
  'Signature',
];
const BAD_PERCENT = ['%', '%z', '%zz', '%E0%A4', '%FF', '%C0%AF', '%u0041', '%%', '%2', '%F0%9F%98', '%ED%A0%80', '%80'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const MALFORMED_IDS = [
  'not json',
  '[',
  '{"a":1}',
  '[1,2]',
  '"eci-a"',
  'null',
  '[null]',
  '[[]]',
  'true',
  '[eci-a]',
  "['eci-a']",
  JSON.stringify(Array.from({ length: 21 }, (_, i) => `eci-x${i}`)),
  JSON.stringify(Array.from({ length: 400 }, (_, i) => `eci-${i}`)),
];
const long = (n: number, c = 'x') => c.repeat(n);

/** Per action: a valid base and, per parameter, values that are each invalid on their own. */
const SIGNED_TABLE: Record<string, { base: Record<string, string>; bad: Record<string, Mutation[]> }> = {
  DescribeRegions: { base: {}, bad: { RegionId: [long(65)] } },
  DescribeContainerGroups: {
    base: { RegionId: REGION },
    bad: {
      RegionId: [DEL, 'mars-1', 'CN-HANGZHOU', long(65)],
      Limit: ['abc', '-1', '0', '21', '1.5', '1e3', ' 5', '99999999999999999999999', '0x10', 'NaN'],
      WithEvent: ['maybe', 'TRUE', '1', 'yes', 'truee', 'null'],
      Status: ['running', 'Sleeping', '*', 'Pending,Running'],
      ContainerGroupIds: MALFORMED_IDS,
      NextToken: ['garbage', '!!', 'v1:1:1', 'dJE6YTpi', long(257)],
      'Tag.1.Value': ['only-value'],
      'Tag.0.Key': ['k'],
      'Tag.x.Key': ['k'],
      ContainerGroupName: [long(129)],
      ZoneId: [long(65)],
      VSwitchId: [long(65)],
      ResourceGroupId: [long(65)],
    },
  },
  CreateContainerGroup: {
    base: { RegionId: REGION, ContainerGroupName: 'fuzz-ok', 'Container.1.Name': 'c1', 'Container.1.Image': 'nginx' },
    bad: {
      RegionId: [DEL, 'mars-1', ''],
      ContainerGroupName: [DEL, 'a', 'A-b', '-ab', 'ab-', 'a_b', 'a b', long(129, 'a'), '日本', 'a..b'],
      'Container.1.Name': [DEL, 'C1', 'c_1', '-c', ''],
      'Container.1.Image': [DEL, long(1025), ''],
      'Container.0.Name': ['c0'],
      'Container.99999.Name': ['c'],
      'Container.1.Cpu': ['-1', 'abc', '1e2', '300', '.5'],
      'Container.1.Memory': ['-1', 'x', '9999'],
      'Container.1.Gpu': ['x', '-1', '17', '1.5'],
      'Container.1.ImagePullPolicy': ['Sometimes', 'always'],
      'Container.1.Command.1': [long(4097)],
      Cpu: ['-1', 'abc', '0', '1000', 'Infinity', 'NaN', '1,5', '2 '],
      Memory: ['-2', 'x', '0', '5000'],
      RestartPolicy: ['always', 'Sometimes', 'never'],
      SpotStrategy: ['Cheap', 'nospot'],
      SpotPriceLimit: ['x', '-1'],
      DryRun: ['maybe', '1', 'yes'],
      ZoneId: ['cn-hangzhou-z', long(65)],
      VSwitchId: ['vsw-nope', 'vsw-a,vsw-b'],
      SecurityGroupId: ['sg-nope', long(65)],
      InstanceType: ['ecs.nope', ',,,', 'a,b,c,d,e,f'],
      'Tag.1.Value': ['v'],
      ClientToken: [long(65)],
      ResourceGroupId: [long(65)],
    },
  },
  DescribeContainerGroupStatus: {
    base: { RegionId: REGION },
    bad: {
      RegionId: [DEL, 'nowhere'],
      Limit: ['abc', '0', '21', '-1'],
      SinceSecond: ['0', '-1', 'abc', '1.5', '999999999999'],
      ContainerGroupIds: MALFORMED_IDS,
      NextToken: ['garbage', '!!'],
    },
  },
  DescribeContainerGroupEvents: {
    base: { RegionId: REGION },
    bad: {
      RegionId: [DEL, 'nowhere', long(65)],
      Limit: ['0', '-3', 'abc', '1001', '2.5'],
      SinceSecond: ['0', '-1', 'abc', '1.5', '999999999999'],
      EventSource: ['kubelet', 'All', 'eciservice', 'K8sAgent,EciService'],
      ContainerGroupIds: MALFORMED_IDS,
      NextToken: ['!!', 'eci-UPPER', long(257)],
      'Tag.1.Value': ['v'],
      ZoneId: [long(65)],
      VSwitchId: [long(65)],
      ResourceGroupId: [long(65)],
    },
  },
  // The base names a group that does not exist (404); every mutation is a 400 or still that 404.
  DeleteContainerGroup: {
    base: { RegionId: REGION, ContainerGroupId: 'eci-fuzz0000000000000000' },
    bad: { ContainerGroupId: [DEL, 'abc', 'eci-UPPER', 'eci-', long(65)], ClientToken: [long(65)], RegionId: [DEL, 'x'] },
  },
  RestartContainerGroup: {
    base: { RegionId: REGION, ContainerGroupId: 'eci-fuzz0000000000000000' },
    bad: { ContainerGroupId: [DEL, 'abc', 'eci-a b'], ClientToken: [long(65)] },
  },
  UpdateContainerGroup: {
    base: { RegionId: REGION, ContainerGroupId: 'eci-fuzz0000000000000000' },
    bad: {
      ContainerGroupId: [DEL, 'eci-UPPER'],
      'Tag.1.Key': [''],
      'Tag.1.Value': ['v'],
      'Container.1.Image': ['busybox'],
      RestartPolicy: ['Sometimes'],
      'Tag.0.Key': ['k'],
    },
  },
};

// ---- The generator ---------------------------------------------------------------------------

function generate(seed: number, host: string): Case[] {
  const g = new Gen(seed);
  const cases: Case[] = [];
  const hostHeader: [string, string] = ['Host', host];

  const signedV3 = (action: string, params: Record<string, string>, o: { method?: string; body?: string; contentType?: string } = {}): RawRequestSpec => {
    const method = o.method ?? 'POST';
    const headers = v3Headers(host, {
      action,
      params,
      nonce: g.hex(32),
      method,
      ...(o.body !== undefined ? { body: o.body } : {}),
      ...(o.contentType ? { contentType: o.contentType } : {}),
    });
    const qs = queryString(params);
    return { method, target: `/${qs ? '?' + qs : ''}`, headers: Object.entries(headers), ...(o.body !== undefined ? { body: Buffer.from(o.body) } : {}) };
  };
  const signedV1 = (action: string, params: Record<string, string>, method = 'POST'): RawRequestSpec => {
    const all = v1Params(action, params, { nonce: g.hex(32), method });
    return { method, target: `/?${queryString(all)}`, headers: [hostHeader, ['x-acs-version', '2018-08-08'], ['x-acs-action', action]] };
  };
  /** A valid request (that the corruption categories then break). */
  const validRequest = () => {
    const action = g.pick(['DescribeRegions', 'DescribeContainerGroups', 'CreateContainerGroup', 'DescribeContainerGroupEvents', 'DeleteContainerGroup']);
    const params: Record<string, string> =
      action === 'DescribeRegions'
        ? { RegionId: REGION }
        : action === 'DescribeContainerGroups'
          ? { RegionId: REGION, Limit: '5' }
          : { ...SIGNED_TABLE[action]!.base };
    return { action, params };
  };

  // A. Garbage query strings (unsigned).
  const randKey = () =>
    g.pick([
      () => g.str(1 + g.int(12), URL_SAFE.replace(/[=&?]/g, '')),
      () => g.pick(PARAM_NAMES),
      () => g.pick(PROTO_KEYS),
      () => `${g.pick(['Tag', 'Container'])}.${g.pick(['0', '1', '-1', 'x', '99999', ''])}.${g.pick(['Key', 'Name', 'Image', ''])}`,
      () => [...g.bytes(1 + g.int(6))].map((b) => '%' + b.toString(16).padStart(2, '0')).join(''),
    ])();
  const randValue = () =>
    g.pick([
      () => g.str(g.int(20), URL_SAFE.replace(/[&]/g, '')),
      () => g.pick(BAD_PERCENT),
      () => [...g.bytes(1 + g.int(8))].map((b) => '%' + b.toString(16).padStart(2, '0')).join(''),
      () => g.pick(['', '=', '==', '+', '%20', '%00', '%0A', 'null', 'undefined', '[]', '{}', '-1', '1e309'] as const),
      () => long(500 + g.int(7000), g.pick(['x', '%41', '+'])),
    ])();
  for (let i = 0; i < 700; i++) {
    const parts: string[] = [];
    const n = 1 + g.int(10);
    for (let j = 0; j < n; j++) {
      const form = g.int(9);
      if (form === 0) parts.push(`${randKey()}=${randValue()}`);
      else if (form === 1) parts.push(randKey());
      else if (form === 2) parts.push('');
      else if (form === 3) parts.push(g.chance(0.5) ? `${g.pick(BAD_PERCENT)}=${randValue()}` : `${randKey()}=${g.pick(BAD_PERCENT)}`);
      else if (form === 4) {
        const k = g.pick(PARAM_NAMES);
        parts.push(`${k}=${randValue()}`, `${k}=${randValue()}`);
      } else if (form === 5) parts.push(`${g.pick(PARAM_NAMES)}=${randValue()}`);
      else if (form === 6) parts.push(`${g.pick(PROTO_KEYS)}=${randValue()}`);
      else if (form === 7) parts.push(`Action=${g.chance(0.5) ? g.pick(ACTIONS) : randValue()}`, `Version=${g.pick(['2018-08-08', '', randValue()])}`);
      else parts.push(`AccessKeyId=${g.pick([TEST_KEY.id, randValue()])}`, `Signature=${randValue()}`);
    }
    let query = parts.join('&');
    if (query.length > 12_000) query = query.slice(0, 12_000);
    const method = g.pick(['POST', 'GET']);
    const headers: Array<[string, string]> = [hostHeader];
    if (g.chance(0.3)) headers.push(['x-acs-action', g.pick(ACTIONS)], ['x-acs-version', '2018-08-08']);
    cases.push({ category: 'garbage query', what: `${method} /?${query.slice(0, 120)}`, kind: 'rpc', spec: { method, target: `/?${query}`, headers } });
  }

  // B. Correctly signed requests with malformed parameters (both schemes).
  for (let i = 0; i < 700; i++) {
    const action = g.pick(Object.keys(SIGNED_TABLE));
    const { base, bad } = SIGNED_TABLE[action]!;
    const params = { ...base };
    const names = Object.keys(bad);
    const chosen = new Set<string>();
    const count = 1 + g.int(Math.min(3, names.length));
    while (chosen.size < count) chosen.add(g.pick(names));
    const applied: string[] = [];
    for (const name of chosen) {
      const value = g.pick(bad[name]!);
      if (value === DEL) delete params[name];
      else params[name] = value;
      applied.push(`${name}=${value === DEL ? '(none)' : value.slice(0, 40)}`);
    }
    const scheme = g.pick(['v3', 'v1'] as const);
    const method = g.chance(0.85) ? 'POST' : 'GET';
    const spec = scheme === 'v3' ? signedV3(action, params, { method }) : signedV1(action, params, method);
    cases.push({ category: 'signed, malformed parameters', what: `${scheme} ${method} ${action} ${applied.join(' ')}`, kind: 'signed', spec });
  }

  // C. Missing or garbled Authorization and x-acs-* headers on a V3 request.
  const headerMutations: Array<[string, (h: Record<string, string>) => Array<[string, string]> | 'node']> = [];
  const mutate = (name: string, f: (h: Record<string, string>) => void) =>
    headerMutations.push([
      name,
      (h) => {
        f(h);
        return Object.entries(h);
      },
    ]);
  mutate('no Authorization', (h) => delete h.authorization);
  mutate('random Authorization', (h) => (h.authorization = g.str(g.int(300), PRINTABLE).trim()));
  mutate('ACS3 prefix, random rest', (h) => (h.authorization = 'ACS3-HMAC-SHA256 ' + g.str(g.int(200), PRINTABLE).trim()));
  mutate(
    'a flipped signature digit',
    (h) => (h.authorization = h.authorization!.replace(/Signature=([0-9a-f]+)/, (_, s: string) => `Signature=${g.flip(s, '0123456789abcdef')}`)),
  );
  mutate('a truncated signature', (h) => (h.authorization = h.authorization!.slice(0, h.authorization!.length - 1 - g.int(60))));
  mutate('an unknown Credential', (h) => (h.authorization = h.authorization!.replace(/Credential=[^,]+/, `Credential=${g.str(1 + g.int(30), ALNUM)}`)));
  mutate('an empty Credential', (h) => (h.authorization = h.authorization!.replace(/Credential=[^,]+/, 'Credential=')));
  mutate('no x-acs-date', (h) => delete h['x-acs-date']);
  mutate('a garbage x-acs-date', (h) => (h['x-acs-date'] = g.str(g.int(40), PRINTABLE).trim() || 'x'));
  mutate(
    'a far x-acs-date',
    (h) => (h['x-acs-date'] = new Date(Date.now() + (g.chance(0.5) ? 1 : -1) * (16 + g.int(100000)) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')),
  );
  mutate('no nonce', (h) => delete h['x-acs-signature-nonce']);
  mutate('a 200-character nonce', (h) => (h['x-acs-signature-nonce'] = g.hex(200)));
  mutate('no x-acs-action', (h) => delete h['x-acs-action']);
  mutate('a random x-acs-action', (h) => (h['x-acs-action'] = g.str(1 + g.int(60), ALNUM + '._-')));
  mutate('another valid x-acs-action', (h) => (h['x-acs-action'] = g.pick(ACTIONS.filter((a) => a !== h['x-acs-action']))));
  mutate('no x-acs-version', (h) => delete h['x-acs-version']);
  mutate('a garbage x-acs-version', (h) => (h['x-acs-version'] = g.str(g.int(20), ALNUM + '-')));
  mutate('a garbage x-acs-content-sha256', (h) => (h['x-acs-content-sha256'] = g.str(1 + g.int(64), ALNUM)));
  mutate('latin-1 bytes in x-acs-action', (h) => (h['x-acs-action'] = 'Describe\u00e9\u00ffRegions'));
  headerMutations.push(['x-acs-action twice', (h) => [...Object.entries(h), ['x-acs-action', g.pick(ACTIONS)]]]);
  headerMutations.push([
    'Authorization twice',
    (h) => [['authorization', 'ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host,Signature=' + g.hex(64)], ...Object.entries(h)],
  ]);
  headerMutations.push(['a space before the colon', () => 'node']);
  headerMutations.push(['a control byte in a header value', () => 'node']);
  for (let i = 0; i < 350; i++) {
    const { action, params } = validRequest();
    const spec = signedV3(action, params);
    const headers = Object.fromEntries(spec.headers);
    const [what, apply] = g.pick(headerMutations);
    const out = apply(headers);
    if (out === 'node') {
      const bad: [string, string] = what === 'a space before the colon' ? ['x-acs-action ', action] : ['x-acs-note', `a\u0001b`];
      cases.push({ category: 'garbled headers', what, kind: 'node', spec: { ...spec, headers: [...spec.headers, bad] } });
    } else {
      cases.push({ category: 'garbled headers', what: `${action}: ${what}`, kind: 'rpc', spec: { ...spec, headers: out } });
    }
  }

  // D. Wrong methods and paths.
  const methods = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'GET', 'POST', 'TRACE', 'PROPFIND', 'SEARCH', 'FOO', 'get', 'P0ST'];
  const paths = [
    '/',
    '/?Action=DescribeRegions',
    '/foo',
    '//',
    '/v1',
    '/v1/ingest',
    '/v1/events',
    '/v1/changes',
    '/healthz/x',
    '/%ff',
    '/..%2f..%2fetc%2fpasswd',
    '/index.html',
    '/v1/ingest?x=%zz',
    '/?%zz',
    '/v2/',
    '/HealthZ',
  ];
  for (let i = 0; i < 300; i++) {
    const method = g.pick(methods);
    let target = g.chance(0.15) ? `/${g.str(1 + g.int(30), URL_SAFE)}` : g.pick(paths);
    if (g.chance(0.3)) target += (target.includes('?') ? '&' : '?') + `${g.pick(PARAM_NAMES)}=${g.str(g.int(10), ALNUM)}`;
    const path = target.split('?')[0]!;
    let kind: Kind;
    if (!['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'GET', 'POST', 'TRACE', 'PROPFIND', 'SEARCH'].includes(method)) kind = 'node';
    else if (method === 'HEAD') kind = 'head';
    else if (path === '/') kind = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].includes(method) ? 'rpc' : 'rpc-method';
    else kind = 'http';
    const headers: Array<[string, string]> = [hostHeader];
    const body = ['POST', 'PUT', 'PATCH'].includes(method) && g.chance(0.5) ? Buffer.from(JSON.stringify({ reports: g.int(3) ? [] : 'x' })) : undefined;
    if (body) headers.push(['content-type', 'application/json']);
    cases.push({ category: 'methods and paths', what: `${method} ${target}`, kind, spec: { method, target, headers, ...(body ? { body } : {}) } });
  }

  // E. Bodies of random bytes with odd content types.
  const contentTypes = [
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    'text/xml;charset=utf-8',
    'application/octet-stream',
    'garbage/type',
    'application/json; charset=utf-16',
    '*/*',
    ';;;',
    'text/plain',
  ];
  for (let i = 0; i < 400; i++) {
    const contentType = g.pick(contentTypes);
    const size = g.pick([0, 1, 10, 100, 1000, 10_000, 60_000]) + g.int(50);
    const body = g.pick([
      () => g.bytes(size),
      () => Buffer.from(g.str(size, PRINTABLE)),
      () => Buffer.from(`{"Action":"CreateContainerGroup","RegionId":"${REGION}",${g.str(Math.min(size, 500), PRINTABLE)}`),
      () => Buffer.from(`ContainerGroupName=x&${g.pick(BAD_PERCENT)}=${g.str(Math.min(size, 200), ALNUM)}&Action=CreateContainerGroup`),
      () => Buffer.from('<?xml version="1.0"?><Error><Code>x</Code></Error>'),
    ])();
    const form = g.int(5);
    if (form === 0) {
      // Signed over the body, with a malformed parameter: must reach validation, unless the
      // body is form-encoded (its fields join the signed parameters, so the signature fails).
      const action = g.pick(['CreateContainerGroup', 'DescribeContainerGroups', 'DescribeContainerGroupEvents']);
      const params: Record<string, string> =
        action === 'CreateContainerGroup' ? { ...SIGNED_TABLE.CreateContainerGroup!.base, Cpu: 'abc' } : { RegionId: REGION, Limit: 'abc' };
      const text = body.toString('latin1');
      const spec = signedV3(action, params, { body: text, contentType });
      spec.body = Buffer.from(text, 'utf8'); // the bytes the signature covered
      const kind: Kind = contentType.startsWith('application/x-www-form-urlencoded') ? 'rpc' : 'signed';
      cases.push({ category: 'odd bodies', what: `signed ${action} with a ${size}-byte ${contentType} body`, kind, spec });
    } else if (form === 1) {
      // A chunked body whose chunk sizes are wrong: Node's parser answers.
      cases.push({
        category: 'odd bodies',
        what: `bad chunked ${contentType}`,
        kind: 'node',
        spec: {
          method: 'POST',
          target: '/',
          headers: [hostHeader, ['content-type', contentType], ['transfer-encoding', 'chunked']],
          body: Buffer.concat([Buffer.from('zz\r\n'), body.subarray(0, 100), Buffer.from('\r\n0\r\n\r\n')]),
        },
        contentLength: false,
      });
    } else if (form === 2 && body.length > 10) {
      // A Content-Length shorter than the body: the rest is parsed as a second (garbage) request,
      // and Fastify's clientError handler answers the connection with a bare 400 "Client Error"
      // before the first request's answer is written: the HTTP layer answers first.
      cases.push({
        category: 'odd bodies',
        what: `short Content-Length, ${contentType}`,
        kind: 'node',
        spec: {
          method: 'POST',
          target: `/?Action=${g.pick(ACTIONS)}`,
          headers: [hostHeader, ['content-type', contentType], ['content-length', String(g.int(body.length))]],
          body,
        },
      });
    } else {
      const headers: Array<[string, string]> = [hostHeader, ['content-type', contentType]];
      if (g.chance(0.5))
        headers.push(
          ['x-acs-action', g.pick(ACTIONS)],
          ['x-acs-version', '2018-08-08'],
          ['authorization', `ACS3-HMAC-SHA256 Credential=${TEST_KEY.id},SignedHeaders=host,Signature=${g.hex(64)}`],
        );
      cases.push({
        category: 'odd bodies',
        what: `${body.length}-byte ${contentType}`,
        kind: 'rpc',
        spec: { method: 'POST', target: g.pick(['/', '/?', `/?RegionId=${REGION}`]), headers, body },
      });
    }
  }

  // F. Huge headers: within Node's 16 KiB limit they reach the service; past it Node answers 431.
  for (let i = 0; i < 250; i++) {
    const { action, params } = validRequest();
    const spec = signedV3(action, params);
    const within = g.chance(0.75);
    const size = within ? 2000 + g.int(10_000) : 17_000 + g.int(40_000);
    const form = g.int(4);
    let headers: Array<[string, string]>;
    let what: string;
    if (form === 0) {
      headers = spec.headers.map(([k, v]) => (k === 'x-acs-action' ? [k, long(size, 'A')] : [k, v]));
      what = `a ${size}-byte x-acs-action`;
    } else if (form === 1) {
      headers = spec.headers.map(([k, v]) => (k === 'authorization' ? [k, v + long(size, 'f')] : [k, v]));
      what = `a ${size}-byte Authorization`;
    } else if (form === 2) {
      // Unsigned, with one big unrelated header.
      headers = [...spec.headers.filter(([k]) => k !== 'authorization'), ['x-padding', long(size, 'p')]];
      what = `an unsigned request with a ${size}-byte header`;
    } else {
      const n = Math.floor(size / 64);
      headers = [
        ...spec.headers.filter(([k]) => k !== 'x-acs-signature-nonce'),
        ...Array.from({ length: n }, (_, j): [string, string] => [`x-acs-pad-${j}`, long(48, 'q')]),
      ];
      what = `${n} extra x-acs-* headers, no nonce`;
    }
    cases.push({ category: 'huge headers', what, kind: within ? 'rpc' : 'node431', spec: { ...spec, headers } });
  }

  // G. Both signature schemes, validly signed, then corrupted at random.
  for (let i = 0; i < 600; i++) {
    const { action, params } = validRequest();
    if (g.chance(0.5)) {
      const corruptions = ['signature', 'value', 'extra', 'drop', 'method', 'date', 'nonce', 'host', 'key'];
      const c = g.pick(corruptions);
      let p = { ...params };
      if (c === 'value') p = Object.fromEntries(Object.entries(p).map(([k, v], j) => [k, j === 0 ? g.flip(v, ALNUM) : v]));
      const spec = signedV3(action, params);
      const h = Object.fromEntries(spec.headers);
      let method = spec.method;
      if (c === 'signature')
        h.authorization = h.authorization!.replace(/Signature=([0-9a-f]+)/, (_, s: string) => `Signature=${g.flip(s, '0123456789abcdef')}`);
      if (c === 'extra') p[g.pick(PARAM_NAMES.filter((n) => !(n in p)))] = g.str(1 + g.int(8), ALNUM);
      if (c === 'drop' && Object.keys(p).length) delete p[g.pick(Object.keys(p))];
      if (c === 'drop' && !Object.keys(params).length) p.RegionId = REGION;
      if (c === 'method') method = 'GET';
      if (c === 'date')
        h['x-acs-date'] = new Date(Date.parse(h['x-acs-date']!) + (1 + g.int(600)) * 1000 * (g.chance(0.5) ? 1 : -1)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (c === 'nonce') h['x-acs-signature-nonce'] = g.flip(h['x-acs-signature-nonce']!, '0123456789abcdef');
      if (c === 'host') h.host = `127.0.0.1:${1 + g.int(60000)}`;
      if (c === 'key') h.authorization = h.authorization!.replace(/Credential=[^,]+/, `Credential=${g.flip(TEST_KEY.id, ALNUM)}`);
      const qs = queryString(p);
      cases.push({
        category: 'corrupted signatures',
        what: `v3 ${action}: ${c}`,
        kind: 'rpc',
        spec: { method, target: `/${qs ? '?' + qs : ''}`, headers: Object.entries(h) },
      });
    } else {
      const all = v1Params(action, params, { nonce: g.hex(32) });
      const c = g.pick(['signature', 'value', 'extra', 'drop', 'method', 'timestamp', 'nonce', 'key', 'format']);
      let method = 'POST';
      if (c === 'signature') all.Signature = g.flip(all.Signature!, ALNUM + '+/=');
      if (c === 'value') {
        const k = g.pick(Object.keys(all).filter((x) => x !== 'Signature'));
        all[k] = g.flip(all[k]!, ALNUM);
      }
      if (c === 'extra') all[g.pick(PARAM_NAMES.filter((n) => !(n in all)))] = g.str(1 + g.int(8), ALNUM);
      if (c === 'drop') delete all[g.pick(Object.keys(all).filter((x) => !['Signature', 'Action', 'Version', 'AccessKeyId'].includes(x)))];
      if (c === 'method') method = 'GET';
      if (c === 'timestamp')
        all.Timestamp = new Date(Date.parse(all.Timestamp!) + (1 + g.int(600)) * 1000 * (g.chance(0.5) ? 1 : -1)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (c === 'nonce') all.SignatureNonce = g.flip(all.SignatureNonce!, '0123456789abcdef');
      if (c === 'key') all.AccessKeyId = g.flip(all.AccessKeyId!, ALNUM);
      if (c === 'format') all.Format = g.pick(['xml', 'JSON', '']);
      cases.push({
        category: 'corrupted signatures',
        what: `v1 ${action}: ${c}`,
        kind: 'rpc',
        spec: { method, target: `/?${queryString(all)}`, headers: [hostHeader, ['x-acs-version', '2018-08-08'], ['x-acs-action', action]] },
      });
    }
  }
  return cases;
}

// ---- Checking one answer -----------------------------------------------------------------------

function json(r: RawResponse): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(r.body.toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Why an answer breaks its case's rule, or undefined when it keeps it. */
function problem(c: Case, r: RawResponse): string | undefined {
  if (r.status === 0) return `no HTTP answer (${r.error ?? 'closed'})`;
  if (r.status >= 500) return `a ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`;
  if (r.status < 400) return `a ${r.status} success: ${r.body.toString('utf8').slice(0, 300)}`;
  if (c.kind === 'node431') return r.status === 431 ? undefined : `expected Node's 431, got ${r.status}`;
  if (c.kind === 'node' || c.kind === 'head') return undefined;
  const body = json(r);
  if (!body) return `a ${r.status} without a JSON object body: ${r.body.toString('utf8').slice(0, 200)}`;
  if (c.kind === 'http' || c.kind === 'rpc-method') {
    const code = (body.error as { code?: unknown } | undefined)?.code ?? body.Code;
    return typeof code === 'string' && code.length > 0 ? undefined : `no error code in ${JSON.stringify(body).slice(0, 200)}`;
  }
  if (typeof body.RequestId !== 'string' || body.RequestId.length === 0) return `no RequestId in ${JSON.stringify(body).slice(0, 200)}`;
  if (typeof body.Code !== 'string' || body.Code.length === 0) return `no Code in ${JSON.stringify(body).slice(0, 200)}`;
  if (typeof body.Message !== 'string' || typeof body.HostId !== 'string' || typeof body.Recommend !== 'string')
    return `an incomplete error body ${JSON.stringify(body).slice(0, 200)}`;
  if (c.kind === 'signed' && CREDENTIAL_CODES.has(body.Code)) return `did not reach validation: ${body.Code}: ${String(body.Message).slice(0, 200)}`;
  return undefined;
}

describe('thousands of malformed requests', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    // No flow control here: thousands of validly signed requests must reach validation.
    server = await startServer(':memory:', ['--throttle-rate', '0']);
    port = Number(new URL(server.url).port);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('every answer is a 4xx with a clear code; the server stays healthy and nothing was created', async () => {
    const before = await describeGroups(sdkClient(server.host, 'v3'));
    const cases = generate(0x0ec1e7e5, server.host);
    expect(cases.length).toBeGreaterThanOrEqual(3000);
    const answers = await pool(cases, 8, (c) => rawRequest(port, requestBytes(c.spec, { contentLength: c.contentLength ?? true })));

    const failures: string[] = [];
    const byCategory = new Map<string, Map<string, number>>();
    cases.forEach((c, i) => {
      const r = answers[i]!;
      const why = problem(c, r);
      if (why) failures.push(`#${i} [${c.category}] ${c.what.slice(0, 160)} → ${why}`);
      const tally = byCategory.get(c.category) ?? new Map<string, number>();
      const label = `${r.status} ${(json(r)?.Code as string | undefined) ?? (json(r)?.error as { code?: string } | undefined)?.code ?? ''}`.trim();
      tally.set(label, (tally.get(label) ?? 0) + 1);
      byCategory.set(c.category, tally);
    });
    if (failures.length) console.log(failures.join('\n'));
    expect(failures.slice(0, 25), `${failures.length} of ${cases.length} answers broke the rules`).toEqual([]);

    // The validly signed cases really did reach validation, with parameter codes.
    const signed = byCategory.get('signed, malformed parameters')!;
    const signedCodes = [...signed.keys()].map((l) => l.split(' ')[1]);
    expect(signedCodes).toContain('InvalidParameter');
    expect(signedCodes).toContain('MissingParameter');
    // Node answered the oversized headers itself, with 431.
    expect(byCategory.get('huge headers')!.get('431')).toBeGreaterThan(0);

    // Still healthy, still answering the SDK, and nothing was created or recorded.
    expect(server.child.exitCode).toBeNull();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    for (const scheme of ['v3', 'v1'] as const) {
      const c = sdkClient(server.host, scheme);
      const regions = await c.describeRegions(new $Eci.DescribeRegionsRequest({ regionId: REGION }));
      expect(regions.statusCode).toBe(200);
      const groups = await describeGroups(c);
      expect(groups.totalCount).toBe(before.totalCount);
      expect(groups.totalCount).toBe(0);
      const events = await groupEvents(c);
      expect(events.totalCount).toBe(0);
      expect(events.data ?? []).toEqual([]);
    }
  }, 120_000);

  test('an unparsable Content-Type on `/` is answered with the OpenAPI error body (RequestId, Code)', async () => {
    const r = await rawRequest(
      port,
      requestBytes({
        method: 'POST',
        target: '/',
        headers: [
          ['Host', server.host],
          ['content-type', ODD.unparsableContentType],
          ['x-acs-action', 'DescribeRegions'],
        ],
        body: Buffer.from('x'),
      }),
    );
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    const body = json(r)!;
    expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(typeof body.Code).toBe('string');
  });

  test('a body over the size limit on `/` is answered with the OpenAPI error body (RequestId, Code)', async () => {
    const r = await rawRequest(
      port,
      // The declared length is over the limit, so the server answers before reading the body; the
      // client sends only a little of it, so no reset can race the answer.
      requestBytes({
        method: 'POST',
        target: '/',
        headers: [
          ['Host', server.host],
          ['content-type', 'application/octet-stream'],
          ['x-acs-action', 'DescribeRegions'],
          ['content-length', String(ODD.oversizedBody)],
        ],
        body: Buffer.alloc(1024),
      }),
    );
    expect(r.status).toBe(413);
    const body = json(r)!;
    expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(typeof body.Code).toBe('string');
  });

  test('a path that is not valid percent-encoding gets the HTTP API’s error body {"error":{"code"}}', async () => {
    const r = await rawRequest(port, requestBytes({ method: 'GET', target: ODD.badUrlPath, headers: [['Host', server.host]] }));
    expect(r.status).toBe(400);
    const body = json(r)!;
    expect(typeof (body.error as { code?: unknown }).code).toBe('string');
  });

  test('PUT, DELETE, PATCH and OPTIONS on / are answered UnsupportedHTTPMethod with the OpenAPI error body', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const r = await rawRequest(port, requestBytes({ method, target: '/?Action=DescribeRegions', headers: [['Host', server.host]] }));
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      const body = json(r)!;
      expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
      expect(typeof body.Code).toBe('string');
    }
  });
});
