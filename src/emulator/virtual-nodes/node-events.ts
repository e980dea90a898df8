// Records a virtual node's events. The involved object is the node (kind Node, name its name in
// the cluster, uid its id), so the Kubernetes-style API serves them as a node's events
// (`kubectl describe node`); the container group is the node's instance, by whose id
// DescribeVirtualNodes reads them. Recording never blocks the node; failures go to onError.
import type { ArgsFor, Reason } from '../../catalog/index.js';
import type { Clock } from '../../model/clock.js';
import type { Reporter } from '../turn-writes.js';
import { PLATFORM_SOURCE } from '../group-events.js';
import type { VirtualNode } from './virtual-node.js';

/** A Node is cluster-scoped: no namespace of its own (its events are stored in default). */
export function nodeRef(node: Pick<VirtualNode, 'id' | 'name'>) {
  return { kind: 'Node', apiVersion: 'v1', name: node.name, namespace: '', uid: node.id };
}

export class NodeEvents {
  constructor(
    private readonly recorder: Reporter,
    private readonly clock: Clock,
    private readonly onError: (err: unknown) => void,
  ) {}

  platform<R extends Reason>(node: VirtualNode, reason: R, args: ArgsFor<R>): void {
    let pending: Promise<unknown>;
    try {
      pending = this.recorder.reportUnchecked({
        object: nodeRef(node),
        reason,
        args: [...args],
        options: { account: node.account, containerGroupId: node.eciInstanceId, source: { ...PLATFORM_SOURCE }, timestamp: this.clock.now() },
      });
    } catch (err) {
      this.onError(err);
      return;
    }
    pending.catch(this.onError);
  }
}
