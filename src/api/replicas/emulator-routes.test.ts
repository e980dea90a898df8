// Which requests a follower forwards to the emulator's leader, and where: a table of named cases.
import { describe, expect, it } from 'vitest';
import { emulatorTarget, surfaceOf, type RequestShape } from './emulator-routes.js';

const plain = (method: string, path: string, more: Partial<RequestShape> = {}): RequestShape => ({ method, path, overTls: false, isPage: false, ...more });

describe('emulatorTarget', () => {
  const cases: Array<[string, RequestShape, 'api' | 'kube' | undefined]> = [
    ['an OpenAPI call (POST /)', plain('POST', '/'), 'api'],
    ['an OpenAPI call by GET', plain('GET', '/'), 'api'],
    ["DescribeContainerGroupEvents too (it reads the emulator's groups)", plain('POST', '/'), 'api'],
    ['an OpenAPI call on the TLS listener', plain('POST', '/', { overTls: true }), 'kube'],
    ['the console page at /', plain('GET', '/', { isPage: true }), undefined],
    ['PUT / (refused locally)', plain('PUT', '/'), undefined],
    ['the world', plain('POST', '/v1/world'), 'api'],
    ['a fault', plain('DELETE', '/v1/faults/f-1'), 'api'],
    ['fault kinds', plain('GET', '/v1/faults/kinds'), 'api'],
    ['a spot reclaim', plain('POST', '/v1/spot/reclaim'), 'api'],
    ['the clock', plain('POST', '/v1/clock'), 'api'],
    ["the console's groups", plain('GET', '/v1/groups/eci-1'), 'api'],
    ['image caches', plain('GET', '/v1/image-caches'), 'api'],
    ['data caches', plain('GET', '/v1/data-caches/edc-1'), 'api'],
    ['virtual nodes', plain('GET', '/v1/virtual-nodes'), 'api'],
    ['pods', plain('GET', '/api/v1/pods', { overTls: true }), 'kube'],
    ["a namespace's pods", plain('GET', '/api/v1/namespaces/default/pods', { overTls: true }), 'kube'],
    ["a pod's log", plain('GET', '/api/v1/namespaces/default/pods/web/log', { overTls: true }), 'kube'],
    ['nodes', plain('GET', '/api/v1/nodes/vk-1', { overTls: true }), 'kube'],
    ['namespaces', plain('GET', '/api/v1/namespaces', { overTls: true }), 'kube'],
    ['one namespace', plain('GET', '/api/v1/namespaces/default', { overTls: true }), 'kube'],
    ['pods asked on the plain listener (the leader refuses them there too)', plain('GET', '/api/v1/pods'), 'api'],
    ['events stay local', plain('GET', '/api/v1/namespaces/default/events', { overTls: true }), undefined],
    ['events.k8s.io stays local', plain('GET', '/apis/events.k8s.io/v1/events', { overTls: true }), undefined],
    ['discovery stays local', plain('GET', '/api/v1', { overTls: true }), undefined],
    ['ingest stays local', plain('POST', '/v1/ingest'), undefined],
    ['the event queries stay local', plain('GET', '/v1/events'), undefined],
    ['the change feed and its stream stay local', plain('GET', '/v1/changes/stream'), undefined],
    ['sessions stay local', plain('POST', '/v1/session'), undefined],
    ['the kube endpoint stays local', plain('GET', '/v1/kube'), undefined],
    ['the catalog stays local', plain('GET', '/v1/catalog'), undefined],
    ['a look-alike prefix is not the world', plain('GET', '/v1/worldwide'), undefined],
    ['health stays local', plain('GET', '/healthz'), undefined],
  ];
  it.each(cases)('%s', (_name, req, expected) => {
    expect(emulatorTarget(req)).toBe(expected);
  });
});

describe('surfaceOf', () => {
  it('names the error shape each surface answers with', () => {
    expect(surfaceOf('/')).toBe('rpc');
    expect(surfaceOf('/api/v1/pods')).toBe('kube');
    expect(surfaceOf('/v1/world')).toBe('v1');
  });
});
