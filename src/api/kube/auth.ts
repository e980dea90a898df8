// Who a Kubernetes-style request comes from: `Authorization: Bearer <AccessKeyId>:<AccessKeySecret>`,
// a pair of the account's access keys (what `eci-events kubeconfig` writes as the user's token).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { KeyStore } from '../../store/key-store.js';
import { KubeError } from './status.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The account a bearer token stands for; a KubeError 401 when it stands for none. */
export async function bearerAccount(authorization: string | undefined, keys: KeyStore): Promise<{ account: string; accessKeyId: string }> {
  const m = /^Bearer\s+([^:\s]+):(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) {
    throw new KubeError(401, authorization ? 'the bearer token is not <AccessKeyId>:<AccessKeySecret>' : 'Unauthorized: send Authorization: Bearer <AccessKeyId>:<AccessKeySecret> (eci-events kubeconfig writes a kubeconfig that does)');
  }
  const key = await keys.find(m[1]!);
  // Compared as digests, in constant time: how much of a secret matched must not show in timing.
  if (!key || !timingSafeEqual(digest(key.accessKeySecret), digest(m[2]!))) throw new KubeError(401, 'Unauthorized: the token is not a valid access key pair');
  return { account: key.account, accessKeyId: key.accessKeyId };
}
