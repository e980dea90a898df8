// GET /v1/kube: where the Kubernetes-style API listens and the certificate to trust.
import { Type, type Static } from '@sinclair/typebox';

export const KubeEndpoint = Type.Object({
  /** https://host:port */
  server: Type.String(),
  /** The listener's CA certificate, PEM. */
  certificateAuthority: Type.String(),
});
export type KubeEndpoint = Static<typeof KubeEndpoint>;
