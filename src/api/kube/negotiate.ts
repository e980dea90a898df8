// Which representation a client asked for in its Accept header: the object itself (JSON), or the
// server-side Table kubectl prints from. Media types are tried in the client's order.
import { KubeError } from './status.js';

export type Representation = { as: 'object' } | { as: 'table'; apiVersion: string };

export function negotiate(accept: string | undefined): Representation {
  if (accept === undefined || accept.trim() === '') return { as: 'object' };
  for (const part of accept.split(',')) {
    const [type, ...rawParams] = part.split(';').map((s) => s.trim());
    const params = Object.fromEntries(rawParams.map((p) => p.split('=').map((s) => s.trim())).filter((kv) => kv.length === 2));
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    if (params.as === undefined) return { as: 'object' };
    if (params.as === 'Table' && params.g === 'meta.k8s.io' && (params.v === 'v1' || params.v === 'v1beta1')) {
      return { as: 'table', apiVersion: `meta.k8s.io/${params.v}` };
    }
  }
  throw new KubeError(
    'NotAcceptable',
    `only application/json (the object, or as=Table;g=meta.k8s.io;v=v1) is served; the request accepts ${JSON.stringify(accept.slice(0, 200))}`,
  );
}

/** The Content-Type of an answer in this representation. */
export function contentType(r: Representation): string {
  return r.as === 'table' ? `application/json;as=Table;v=${r.apiVersion.split('/')[1]};g=meta.k8s.io` : 'application/json';
}
