// Who a Kubernetes-style request comes from: `Authorization: Bearer <AccessKeyId>:<AccessKeySecret>`,
// a pair of the account's access keys (what `eci-events kubeconfig` writes as the user's token).
// The token is the secret itself, so it is taken only over TLS.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import type { KeyStore } from '../../store/key-store.js';
import type { AccountThrottle } from '../core/throttle.js';
import { KubeError } from './status.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether the request came in on the TLS listener. The socket decides, not X-Forwarded-Proto:
 * anyone can send that header, and the token would already have crossed the wire in clear.
 */
export function overTls(req: FastifyRequest): boolean {
  return (req.raw.socket as Partial<TLSSocket> | undefined)?.encrypted === true;
}

export const PLAIN_HTTP_MESSAGE =
  'the Kubernetes-style API takes its bearer token (an access key pair) only over TLS, and this is the plain-HTTP listener: use the TLS one (serve --kube-port; eci-events kubeconfig writes a kubeconfig for it)';

/**
 * The account a bearer token stands for; a KubeError 401 when it stands for none. A known key id
 * takes a token from its account's flow control whether the secret holds or not (429 once the
 * bucket is empty), so secrets cannot be guessed faster than the account may ask.
 */
export async function bearerAccount(
  authorization: string | undefined,
  keys: KeyStore,
  throttle: AccountThrottle,
): Promise<{ account: string; accessKeyId: string }> {
  const m = /^Bearer\s+([^:\s]+):(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) {
    throw new KubeError(
      'Unauthenticated',
      authorization
        ? 'the bearer token is not <AccessKeyId>:<AccessKeySecret>'
        : 'Unauthorized: send Authorization: Bearer <AccessKeyId>:<AccessKeySecret> (eci-events kubeconfig writes a kubeconfig that does)',
    );
  }
  const key = await keys.find(m[1]!);
  if (key && !throttle.tryTake(key.account)) throw throttled(throttle.retryAfterSeconds(key.account));
  // Compared as digests, in constant time: how much of a secret matched must not show in timing.
  if (!key || !timingSafeEqual(digest(key.accessKeySecret), digest(m[2]!)))
    throw new KubeError('Unauthenticated', 'Unauthorized: the token is not a valid access key pair');
  return { account: key.account, accessKeyId: key.accessKeyId };
}

/** As the API server answers flow control: 429 TooManyRequests, the wait in details and Retry-After. */
export function throttled(retryAfterSeconds: number): KubeError {
  return new KubeError('Throttling', 'Too many requests, please try again later.', { retryAfterSeconds });
}
