import { stringify } from 'yaml';
import type { Io } from '../io.js';
import type { KubeEndpoint } from '../../contracts/index.js';
import { callJson, type ClientOptions } from './client.js';

export interface KubeconfigOptions extends ClientOptions {
  namespace: string;
}

/**
 * A kubeconfig whose one context reaches the service's TLS listener, trusts its certificate, and
 * authenticates as this access key (the bearer token is `<id>:<secret>`).
 */
export async function kubeconfigCommand(options: KubeconfigOptions, io: Io): Promise<void> {
  const { server, certificateAuthority } = await callJson<KubeEndpoint>(options, 'GET', '/v1/kube');
  const name = 'eci-events';
  io.out(
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name, cluster: { server, 'certificate-authority-data': Buffer.from(certificateAuthority).toString('base64') } }],
      users: [{ name, user: { token: `${options.accessKeyId}:${options.accessKeySecret}` } }],
      contexts: [{ name, context: { cluster: name, user: name, namespace: options.namespace } }],
      'current-context': name,
      preferences: {},
    }),
  );
}
