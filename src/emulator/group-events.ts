// The events a group's lifecycle records, with the two sources a real instance shows: the ECI
// platform (EciService) and the Kubernetes agent inside the instance (kubelet on host eci).
// Recording never blocks the state machine: the write is durable later, and a failed write goes
// to onError instead of becoming an unhandled rejection.
import type { ArgsFor, Reason } from '../catalog/index.js';
import type { Clock } from '../model/clock.js';
import type { Recorder } from '../recorder/index.js';
import { podRef, type ContainerGroup } from './container-group.js';
import type { CatalogEvent } from './hooks.js';

export const PLATFORM_SOURCE = { component: 'EciService' } as const;
export const AGENT_SOURCE = { component: 'kubelet', host: 'eci' } as const;

type Source = typeof PLATFORM_SOURCE | typeof AGENT_SOURCE;

export class GroupEvents {
  constructor(
    private readonly recorder: Recorder,
    private readonly clock: Clock,
    private readonly onError: (err: unknown) => void,
  ) {}

  platform<R extends Reason>(group: ContainerGroup, reason: R, args: ArgsFor<R>): void {
    this.catalog(group, { reason, args } as CatalogEvent, PLATFORM_SOURCE);
  }

  agent<R extends Reason>(group: ContainerGroup, reason: R, args: ArgsFor<R>): void {
    this.catalog(group, { reason, args } as CatalogEvent, AGENT_SOURCE);
  }

  /** Any catalog event (the hooks' failure events), from the given source. */
  catalog(group: ContainerGroup, event: CatalogEvent, source: Source = PLATFORM_SOURCE): void {
    let pending: Promise<unknown>;
    try {
      pending = this.recorder.reportUnchecked({
        object: podRef(group),
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
