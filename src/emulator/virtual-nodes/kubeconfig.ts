// What the virtual kubelet reads of the kubeconfig it is given: the current context's cluster and
// its server. A kubeconfig that is not YAML, names no cluster, or gives the cluster no server
// cannot be connected with; the node then fails to register (CreateVnodeFailed), as the kubelet
// finds it only when it starts (client-go's clientcmd reports the same three problems).
import { parse } from 'yaml';

export type KubeconfigCheck = { ok: true; server: string } | { ok: false; why: string };

interface Named<T> {
  name?: unknown;
  cluster?: T;
  context?: T;
}

export function readKubeconfig(text: string): KubeconfigCheck {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { ok: false, why: `the kubeconfig is not YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  if (!doc || typeof doc !== 'object') return { ok: false, why: 'the kubeconfig is empty' };
  const cfg = doc as { clusters?: unknown; contexts?: unknown; 'current-context'?: unknown };
  const clusters = Array.isArray(cfg.clusters) ? (cfg.clusters as Array<Named<{ server?: unknown }>>) : [];
  if (!clusters.length) return { ok: false, why: 'the kubeconfig names no cluster' };
  const contexts = Array.isArray(cfg.contexts) ? (cfg.contexts as Array<Named<{ cluster?: unknown }>>) : [];
  const current = contexts.find((c) => c.name === cfg['current-context']);
  const wanted = current?.context?.cluster;
  const cluster = wanted === undefined ? clusters[0] : clusters.find((c) => c.name === wanted);
  if (!cluster) return { ok: false, why: `the kubeconfig's context names the cluster ${JSON.stringify(wanted)}, which it does not define` };
  const server = cluster.cluster?.server;
  if (typeof server !== 'string' || !/^https?:\/\/[^\s/]+/.test(server))
    return { ok: false, why: `the cluster ${JSON.stringify(cluster.name ?? '')} has no server URL` };
  return { ok: true, server };
}
