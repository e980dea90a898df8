// The events a group's lifecycle records, with the two sources a real instance shows: the ECI
// platform (EciService, no host) and the Kubernetes agent that runs the pod (kubelet, on the host
// that is the pod's node, as kubelet's recorder names its own node: the virtual node's name).
// Recording never blocks the state machine: the write is durable later, and a failed write goes
// to onError instead of becoming an unhandled rejection.
import type { ArgsFor, Reason } from '../catalog/index.js';
import type { Clock } from '../model/clock.js';
import type { Reporter } from './turn-writes.js';
import { podRef, type ContainerGroup } from './container-group.js';
import type { CatalogEvent } from './hooks.js';

export const PLATFORM_SOURCE = { component: 'EciService' } as const;
/** The agent inside an instance that is no pod of a cluster (an image cache's builder): host eci, as ECI's OpenAPI shows it. */
export const AGENT_SOURCE = { component: 'kubelet', host: 'eci' } as const;

type Source = { readonly component: string; readonly host?: string };

/**
 * The node a group's pod is on: the account's virtual node it was placed on, else the name ACK's
 * virtual kubelet registers for the zone (virtual-kubelet-<zone>).
 */
export const podNodeName = (g: Pick<ContainerGroup, 'nodeName' | 'zoneId'>): string => g.nodeName ?? `virtual-kubelet-${g.zoneId}`;

/**
 * The field of the pod an event about one container names, as kubelet sets involvedObject.fieldPath
 * (pkg/kubelet/container/ref.go GenerateContainerRef: fieldpath.ExtractContainerFieldPath gives
 * spec.containers{NAME}, or spec.initContainers{NAME} for an init container).
 */
export const containerFieldPath = (name: string, init = false): string => (init ? `spec.initContainers{${name}}` : `spec.containers{${name}}`);

export class GroupEvents {
  constructor(
    private readonly recorder: Reporter,
    private readonly clock: Clock,
    private readonly onError: (err: unknown) => void,
    /** Told of the group of each event recorded (the pod feed looks at it again). */
    private readonly touched: (group: ContainerGroup) => void = () => {},
  ) {}

  platform<R extends Reason>(group: ContainerGroup, reason: R, args: ArgsFor<R>): void {
    this.catalog(group, { reason, args } as CatalogEvent, PLATFORM_SOURCE);
  }

  /** The pod's kubelet; `container` names the container the event is about (its fieldPath). */
  agent<R extends Reason>(group: ContainerGroup, reason: R, args: ArgsFor<R>, container?: string): void {
    this.catalog(group, { reason, args } as CatalogEvent, { component: AGENT_SOURCE.component, host: podNodeName(group) }, container);
  }

  /** Any catalog event (the hooks' failure events), from the given source. */
  catalog(group: ContainerGroup, event: CatalogEvent, source: Source = PLATFORM_SOURCE, container?: string): void {
    this.touched(group);
    let pending: Promise<unknown>;
    try {
      pending = this.recorder.reportUnchecked({
        object:
          container === undefined
            ? podRef(group)
            : {
                ...podRef(group),
                fieldPath: containerFieldPath(
                  container,
                  group.initContainers.some((c) => c.name === container),
                ),
              },
        reason: event.reason,
        args: [...event.args],
        options: {
          account: group.account,
          containerGroupId: group.id,
          source: { ...source },
          timestamp: this.clock.now(),
        },
      });
    } catch (err) {
      this.onError(err);
      return;
    }
    pending.catch(this.onError);
  }
}
