// GET /v1/kube: where the Kubernetes-style API listens over TLS and the certificate to trust, so
// that `eci-events kubeconfig` can write a kubeconfig for the caller's key.
import type { FastifyInstance } from 'fastify';
import { ErrorBody, KubeEndpoint } from '../../contracts/index.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';

export function kubeEndpointRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/v1/kube', { schema: { response: { 200: KubeEndpoint, 404: ErrorBody } } }, async (): Promise<KubeEndpoint> => {
    const endpoint = deps.kubeEndpoint;
    if (!endpoint?.url || !endpoint.ca) {
      throw new ApiError('NotFound', 'this service has no TLS listener for kubectl: start it with --kube-port (e.g. eci-events serve --kube-port 6443)');
    }
    return { server: endpoint.url, certificateAuthority: endpoint.ca };
  });
}
