import { describe, expect, it } from 'vitest';
import * as openApiUtil from '@alicloud/openapi-util';

// A CommonJS module: depending on the loader its class is the default export or the default's default.
type Util = typeof openApiUtil.default.default;
const OpenApiUtil: Util = openApiUtil.default.default ?? (openApiUtil.default as unknown as Util);
import { createHmac } from 'node:crypto';
import { acsEncode, canonicalUri, EMPTY_BODY_SHA256, parseV3Authorization, requestPath, signV3, v1StringToSign, verifyV1, verifyV3 } from './signature.js';

const SECRET = 'test-secret';

describe('V3 (ACS3-HMAC-SHA256) verification against the official SDK signer', () => {
  const query = { RegionId: 'cn-hangzhou', ContainerGroupIds: '["eci-a","eci-b"]', 'Tag.1.Key': 'env', 'Tag.1.Value': "a b*c!'()~" };
  const headers: Record<string, string> = {
    host: '127.0.0.1:8080',
    'x-acs-action': 'DescribeContainerGroupEvents',
    'x-acs-version': '2018-08-08',
    'x-acs-date': '2026-11-28T21:42:39Z',
    'x-acs-signature-nonce': '0123456789abcdef0123456789abcdef',
    'x-acs-content-sha256': EMPTY_BODY_SHA256,
    'x-acs-credentials-provider': 'static_ak',
    'user-agent': 'AlibabaCloud (linux; x64) Node.js/v20 Core/1.0.1 TeaDSL/1',
    accept: 'application/json',
  };
  const authorization = OpenApiUtil.getAuthorization(
    { pathname: '/', method: 'POST', query, headers } as never,
    'ACS3-HMAC-SHA256',
    EMPTY_BODY_SHA256,
    'AK1',
    SECRET,
  );
  const req = () => ({
    method: 'POST',
    path: '/',
    query: { ...query },
    headers: { ...headers, authorization } as Record<string, string>,
    body: Buffer.alloc(0),
  });

  it('accepts what the SDK signs, reading the signed headers from the Authorization header', () => {
    const credential = parseV3Authorization(authorization)!;
    expect(credential.accessKeyId).toBe('AK1');
    expect(credential.signedHeaders).toEqual([
      'host',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-credentials-provider',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-version',
    ]);
    expect(verifyV3(req(), credential, SECRET)).toBeUndefined();
  });

  it('refuses a wrong secret, a changed parameter, a changed signed header, and a body that does not match its hash', () => {
    const credential = parseV3Authorization(authorization)!;
    expect(verifyV3(req(), credential, 'other')?.code).toBe('SignatureDoesNotMatch');
    const changed = req();
    changed.query.RegionId = 'cn-beijing';
    expect(verifyV3(changed, credential, SECRET)?.code).toBe('SignatureDoesNotMatch');
    const header = req();
    header.headers['x-acs-action'] = 'DeleteContainerGroup';
    expect(verifyV3(header, credential, SECRET)?.code).toBe('SignatureDoesNotMatch');
    const body = req();
    body.body = Buffer.from('x');
    expect(verifyV3(body, credential, SECRET)?.code).toBe('SignatureDoesNotMatch');
    const unsigned = { ...req(), headers: { ...req().headers } };
    delete unsigned.headers['x-acs-credentials-provider'];
    expect(verifyV3(unsigned, credential, SECRET)?.code).toBe('IncompleteSignature');
  });

  it('signs the path as the SDK signs a pathname, so a signature for one route does not hold on another', () => {
    for (const pathname of ['/v1/clock', '/v1/faults/f-1', '/v1/faults/a*b+c%7Ed%20e']) {
      const sdk = OpenApiUtil.getAuthorization({ pathname, method: 'GET', query, headers } as never, 'ACS3-HMAC-SHA256', EMPTY_BODY_SHA256, 'AK1', SECRET);
      const credential = parseV3Authorization(sdk)!;
      expect(verifyV3({ ...req(), method: 'GET', path: pathname }, credential, SECRET), pathname).toBeUndefined();
      expect(verifyV3({ ...req(), method: 'GET', path: '/v1/world' }, credential, SECRET)?.code, pathname).toBe('SignatureDoesNotMatch');
    }
    // The RPC calls' `/` is a path like any other: a signature for it holds nowhere else.
    expect(verifyV3({ ...req(), path: '/v1/ingest' }, parseV3Authorization(authorization)!, SECRET)?.code).toBe('SignatureDoesNotMatch');
    expect(requestPath('/v1/world?x=1')).toBe('/v1/world');
    expect(requestPath('/')).toBe('/');
    expect(canonicalUri('/a+b*c%7E+*')).toBe('/a%20b%2Ac~+*');
  });

  it("is what signV3 produces for this project's own clients", () => {
    const body = JSON.stringify({ reports: [] });
    const signed = signV3(
      { method: 'POST', host: 'h:1', path: '/v1/ingest', query: { a: 'b c' }, body, action: 'Ingest', version: '2018-08-08', contentType: 'application/json' },
      'AK2',
      SECRET,
    );
    const credential = parseV3Authorization(signed.authorization!)!;
    expect(verifyV3({ method: 'POST', path: '/v1/ingest', query: { a: 'b c' }, headers: signed, body: Buffer.from(body) }, credential, SECRET)).toBeUndefined();
  });
});

describe('v1 (HMAC-SHA1) verification against the official SDK signer', () => {
  const params: Record<string, string> = {
    AccessKeyId: 'AK1',
    Action: 'DescribeContainerGroupEvents',
    Format: 'json',
    RegionId: 'cn-hangzhou',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: 'abc',
    SignatureVersion: '1.0',
    Timestamp: '2026-11-28T21:42:39Z',
    Version: '2018-08-08',
    ContainerGroupIds: '["eci-a"]',
  };
  params.Signature = OpenApiUtil.getRPCSignature(params, 'POST', SECRET);

  it('accepts what the SDK signs and refuses any change', () => {
    expect(verifyV1('POST', '/', params, SECRET)).toBeUndefined();
    expect(verifyV1('POST', '/', { ...params, RegionId: 'x' }, SECRET)?.code).toBe('SignatureDoesNotMatch');
    expect(verifyV1('GET', '/', params, SECRET)?.code).toBe('SignatureDoesNotMatch');
    expect(verifyV1('POST', '/', params, 'other')?.code).toBe('SignatureDoesNotMatch');
    expect(verifyV1('POST', '/', { ...params, SignatureMethod: 'HMAC-SHA256' }, SECRET)?.code).toBe('IncompleteSignature');
  });

  it("signs the path of this service's own routes, which the SDK's RPC calls never use", () => {
    const own = { ...params };
    delete own.Signature;
    own.Signature = createHmac('sha1', SECRET + '&')
      .update(v1StringToSign('GET', '/v1/clock', own))
      .digest('base64');
    expect(verifyV1('GET', '/v1/clock', own, SECRET)).toBeUndefined();
    expect(verifyV1('GET', '/v1/world', own, SECRET)?.code).toBe('SignatureDoesNotMatch');
    expect(verifyV1('GET', '/', own, SECRET)?.code).toBe('SignatureDoesNotMatch');
  });

  it('encodes as openapi-util does', () => {
    expect(acsEncode("a b*c!'()~")).toBe('a%20b%2Ac%21%27%28%29~');
  });
});
