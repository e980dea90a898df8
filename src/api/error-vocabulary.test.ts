// The error vocabulary walked whole: every code renders on every surface (the OpenAPI's body, the
// /v1 body, a Kubernetes Status) with the table's status, and every domain error lands on its code.
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogError } from '../catalog/index.js';
import { EMULATOR_ERROR_KINDS, EmulatorError, WorldError, type EmulatorErrorCode } from '../emulator/index.js';
import { ReportError } from '../recorder/index.js';
import { ChangesExpiredError } from '../store/index.js';
import { INTERNAL_ERROR_MESSAGE, isUnexpected, toApiError } from './core/domain-errors.js';
import { ApiError, ERRORS, KUBE_REASON_STATUS, openApiCode, type ErrorCode } from './core/errors.js';
import { ThrottlingError } from './core/throttle.js';
import { sendError as sendV1Error } from './errors.js';
import { KubeError, sendStatus } from './kube/status.js';
import { sendError as sendOpenApiError } from './rpc/errors.js';

const CODES = Object.keys(ERRORS) as ErrorCode[];

/** One route per surface, each answering the error `?code=` names with that surface's renderer. */
function surfaces(): FastifyInstance {
  const app = Fastify();
  const errorOf = (code: string) => (code === 'Throttling' ? new ThrottlingError(7) : new ApiError(code as ErrorCode, `refused: ${code}`));
  app.get<{ Querystring: { code: string } }>('/openapi', async (req, reply) => sendOpenApiError(reply, 'REQ-1', 'eci.example', errorOf(req.query.code)));
  app.get<{ Querystring: { code: string } }>('/v1', async (req, reply) => sendV1Error(reply, errorOf(req.query.code)));
  app.get<{ Querystring: { code: string } }>('/kube', async (req, reply) => sendStatus(reply, errorOf(req.query.code)));
  return app;
}

describe('the error vocabulary', () => {
  let app: FastifyInstance;
  beforeAll(() => {
    app = surfaces();
  });
  afterAll(() => app.close());

  it.each(CODES)("%s renders on every surface with the table's status", async (code) => {
    const { status, reason } = ERRORS[code];
    const at = (surface: string) => app.inject({ method: 'GET', url: `/${surface}`, query: { code } });

    const rpc = await at('openapi');
    expect(rpc.statusCode).toBe(status);
    expect(rpc.json()).toEqual({
      RequestId: 'REQ-1',
      HostId: 'eci.example',
      Code: openApiCode(code),
      Message: code === 'InternalError' ? 'The request processing has failed due to some unknown error.' : expect.stringMatching(/./),
      Recommend: `https://error-center.aliyun.com/status/search?Keyword=${encodeURIComponent(openApiCode(code))}&source=PopGw`,
    });

    const v1 = await at('v1');
    expect(v1.statusCode).toBe(status);
    expect(v1.json()).toEqual({ error: { code, message: expect.stringMatching(/./) } });

    const kube = await at('kube');
    expect(kube.statusCode).toBe(status);
    expect(kube.json()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code: status });

    // A wait goes out as Retry-After on each surface (and in a Status's details).
    const wait = code === 'Throttling' ? '7' : undefined;
    for (const res of [rpc, v1, kube]) expect(res.headers['retry-after']).toBe(wait);
    if (wait) expect(kube.json().details).toEqual({ retryAfterSeconds: 7 });
  });

  it('gives each code the Kubernetes reason that goes with its status', () => {
    for (const code of CODES) expect([code, KUBE_REASON_STATUS[ERRORS[code].reason]]).toEqual([code, ERRORS[code].status]);
  });

  it("answers flow control 429 on every surface, and the gateway's statuses for credentials", () => {
    expect(ERRORS.Throttling.status).toBe(429);
    for (const code of [
      'IncompleteSignature',
      'SignatureDoesNotMatch',
      'SignatureNonceUsed',
      'InvalidTimeStamp.Expired',
      'InvalidTimeStamp.Format',
      'MissingParameter',
    ] as const) {
      expect([code, ERRORS[code].status]).toEqual([code, 400]);
    }
    expect(ERRORS['InvalidAccessKeyId.NotFound'].status).toBe(404);
    expect(ERRORS['InvalidAction.NotFound'].status).toBe(404);
  });

  it('is written out whole in docs/ERRORS.md, row by row', () => {
    const doc = readFileSync(new URL('../../docs/ERRORS.md', import.meta.url), 'utf8');
    const rows = doc.split('\n').filter((l) => /^\| `[^`]+` \| \d{3} \|/.test(l));
    expect(rows).toEqual(CODES.map((code) => `| \`${code}\` | ${ERRORS[code].status} | \`${openApiCode(code)}\` | \`${ERRORS[code].reason}\` |`));
  });

  it("gives each of the emulator's codes the status of its kind", () => {
    const byKind = { invalid: 400, conflict: 400, notFound: 404, forbidden: 403 } as const;
    for (const [code, kind] of Object.entries(EMULATOR_ERROR_KINDS) as Array<[EmulatorErrorCode, keyof typeof byKind]>) {
      expect([code, ERRORS[code].status]).toEqual([code, byKind[kind]]);
    }
  });
});

describe('toApiError: every domain error on its code, in one place', () => {
  it("takes the emulator's code, status and parameter as they are", () => {
    const e = toApiError(new EmulatorError('InvalidContainerGroupId.NotFound', 'The specified ContainerGroupId "x" does not exist.', 'ContainerGroupId'));
    expect([e.code, e.status, e.parameter, e.message]).toEqual([
      'InvalidContainerGroupId.NotFound',
      404,
      'ContainerGroupId',
      'The specified ContainerGroupId "x" does not exist.',
    ]);
    expect(toApiError(new EmulatorError('IncorrectStatusDetail', 'no')).status).toBe(403);
  });

  it("lists a world's problems, names a report's field, keeps a catalog refusal's code", () => {
    expect(toApiError(new WorldError(['zones[0].id: required']))).toMatchObject({
      code: 'InvalidWorld',
      status: 400,
      details: { problems: ['zones[0].id: required'] },
    });
    expect(toApiError(new ReportError('TooLong', 'message', 'too long'))).toMatchObject({
      code: 'TooLong',
      status: 400,
      message: 'too long',
      details: { field: 'message' },
    });
    expect(toApiError(new CatalogError('UnknownReason', 'unknown reason "X"'))).toMatchObject({ code: 'UnknownReason', status: 400 });
  });

  it('answers a position behind retention ChangesExpired (410), with where the feed is complete again', () => {
    expect(toApiError(new ChangesExpiredError(3, 9))).toMatchObject({ code: 'ChangesExpired', status: 410, details: { after: 3, purgedUpTo: 9 } });
  });

  it("takes the web framework's refusals by their status, and anything else as an InternalError to log", () => {
    expect(toApiError(Object.assign(new Error('body/x must be string'), { validation: [{}] }))).toMatchObject({ code: 'InvalidParameter', status: 400 });
    expect(toApiError(Object.assign(new Error('too big'), { statusCode: 413 }))).toMatchObject({ code: 'PayloadTooLarge', status: 413 });
    expect(toApiError(Object.assign(new Error('type'), { statusCode: 415 }))).toMatchObject({ code: 'UnsupportedMediaType', status: 415 });
    expect(toApiError(Object.assign(new Error('climbs out'), { statusCode: 403 }))).toMatchObject({ code: 'Forbidden', status: 403 });
    expect(toApiError(Object.assign(new Error('odd'), { statusCode: 418 }))).toMatchObject({ code: 'InvalidRequest', status: 400 });
    const bug = new TypeError('x is undefined');
    const e = toApiError(bug);
    expect([e.code, e.status, e.message, e.cause, isUnexpected(e)]).toEqual(['InternalError', 500, INTERNAL_ERROR_MESSAGE, bug, true]);
    // Errors already in the vocabulary pass as they are, and are not logged as bugs.
    const known = new KubeError('NotFound', 'pods "x" not found', { name: 'x', kind: 'pods' });
    expect(toApiError(known)).toBe(known);
    expect(isUnexpected(new ApiError('InternalError', 'said so'))).toBe(false);
  });
});
