// A self-signed certificate for the Kubernetes-style API's TLS listener: kubectl sends bearer
// tokens only over TLS (kubernetes/kubectl#744), so a local service needs a certificate, and a
// kubeconfig that trusts it. Made at start-up; a deployment gives its own with --tls-cert/--tls-key.
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface TlsPair {
  cert: string;
  key: string;
}

/** A certificate for these host names and addresses, valid for a year, that is its own CA. */
export async function selfSignedCertificate(hosts: readonly string[]): Promise<TlsPair> {
  const altNames = [...new Set(hosts)].map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h }));
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'eci-events' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
