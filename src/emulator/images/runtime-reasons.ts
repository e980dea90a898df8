// The reasons containerd's CRI plugin gives kubelet when a pull fails, word for word, as kubelet
// prints them after `Failed to pull image "...": `. The gRPC code is containerd's: NotFound for
// errdefs.ErrNotFound (a tag or platform that does not exist), Unknown for the rest. Texts as
// containerd 1.6/1.7 reports them (seen in kubelet events quoted in containerd/containerd issues
// #3786, #6492, #11103, #7439 and in many projects' bug reports):
//   not found:      failed to resolve reference "R": R: not found
//   no platform:    no match for platform in manifest: not found
//   no credentials: failed to resolve reference "R": pull access denied, repository does not exist
//                   or may require authorization: server message: insufficient_scope: authorization failed
//   bad password:   failed to resolve reference "R": failed to authorize: failed to fetch oauth token:
//                   unexpected status: 401 Unauthorized
//   DNS / network:  failed to resolve reference "R": failed to do request: Head "https://H/v2/P/manifests/T":
//                   dial tcp: lookup H on 100.100.2.136:53: no such host  |  dial tcp A:443: i/o timeout
// 100.100.2.136 is the DNS server of an Alibaba Cloud VPC, where an instance resolves names.
import { createHash } from 'node:crypto';
import { DOCKER_HUB, registryHost, type ImageReference } from './reference.js';

export const VPC_DNS_SERVER = '100.100.2.136:53';

export type PullFailureKind = 'no-such-host' | 'unreachable' | 'unauthorized' | 'bad-credentials' | 'not-found' | 'no-matching-platform';

function unpack(ref: ImageReference, code: 'NotFound' | 'Unknown', why: string): string {
  return `rpc error: code = ${code} desc = failed to pull and unpack image "${ref.canonical}": ${why}`;
}

function resolving(ref: ImageReference, code: 'NotFound' | 'Unknown', why: string): string {
  return unpack(ref, code, `failed to resolve reference "${ref.canonical}": ${why}`);
}

/** The endpoint containerd asks first: Docker Hub's is registry-1.docker.io. */
function manifestUrl(ref: ImageReference): string {
  const endpoint = ref.registry === DOCKER_HUB ? 'registry-1.docker.io' : ref.registry;
  return `https://${endpoint}/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? 'latest'}`;
}

/** A public address for a registry that does not answer: stable per host, in a range of Alibaba Cloud's. */
export function registryAddress(host: string): string {
  const h = createHash('sha256').update(`registry:${host}`).digest();
  return `47.${96 + (h[0]! % 32)}.${h[1]!}.${1 + (h[2]! % 254)}`;
}

/** The runtime's reason for a failure of this kind to pull `ref`. */
export function runtimeReason(kind: PullFailureKind, ref: ImageReference): string {
  switch (kind) {
    case 'not-found':
      return resolving(ref, 'NotFound', `${ref.canonical}: not found`);
    case 'no-matching-platform':
      return unpack(ref, 'NotFound', 'no match for platform in manifest: not found');
    case 'unauthorized':
      return resolving(
        ref,
        'Unknown',
        'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
      );
    case 'bad-credentials':
      return resolving(ref, 'Unknown', 'failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized');
    case 'no-such-host': {
      const host = registryHost(ref.registry === DOCKER_HUB ? 'registry-1.docker.io' : ref.registry);
      return resolving(ref, 'Unknown', `failed to do request: Head "${manifestUrl(ref)}": dial tcp: lookup ${host} on ${VPC_DNS_SERVER}: no such host`);
    }
    case 'unreachable': {
      const port = /:(\d+)$/.exec(ref.registry)?.[1] ?? '443';
      return resolving(
        ref,
        'Unknown',
        `failed to do request: Head "${manifestUrl(ref)}": dial tcp ${registryAddress(registryHost(ref.registry))}:${port}: i/o timeout`,
      );
    }
  }
}
