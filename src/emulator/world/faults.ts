// Faults of the infrastructure itself, injected as what they are (a host fails, the ENI service
// errs, the platform is overloaded), never as "record reason X". Each kind says what it can hit;
// the causes that read them (provision.ts, incidents.ts) decide which events follow.
import type { Clock } from '../../model/clock.js';
import type { Micros } from '../../model/event.js';

export const FAULT_KINDS = {
  'host-failure': { target: 'host', about: 'the host goes down: instances on it are moved (SystemFailureReboot) or, still starting, fail (SYSTEM_FAILURE)' },
  'host-reboot': { target: 'host', about: 'the host reboots: instances on it restart in place (SystemFailureReboot)' },
  'host-maintenance': {
    target: 'host',
    about: 'maintenance is planned: instances on it get SystemReboot and are restarted elsewhere at the deadline (--in, default 48h)',
  },
  'runtime-error': { target: 'host', about: 'the container runtime of the host is broken: instances starting there fail (StartingFailed)' },
  'eni-attach-error': { target: 'host', about: 'ENIs cannot be attached to instances on the host (AttachENIFailed)' },
  'scheduler-error': { target: 'zone', about: 'the scheduler of the zone fails without a reason (FailedScheduling: Unknown error occurred.)' },
  'service-overload': { target: 'region', about: 'the ECI service of the region is overloaded (UnknownError: heavy load)' },
  'internal-error': { target: 'region', about: 'creating an instance hits an internal error (UnknownError: An unknown error occurred for ...)' },
  'eni-service-error': { target: 'region', about: 'the ENI service of the region fails to create ENIs (CreateENIFailed)' },
  'eip-service-error': { target: 'region', about: 'the EIP service of the region fails to allocate EIPs (CreateEipFailed)' },
  'sls-service-error': { target: 'region', about: 'the log service of the region fails (AliyunSlsError); instances run without log collection' },
  'registry-outage': {
    target: 'registry',
    about: 'the image registry does not answer: pulls from it time out after 30 s (Failed to pull image: ... i/o timeout, then ImagePullBackOff)',
  },
  'registry-slow': {
    target: 'registry',
    about: 'the image registry serves pulls --factor times slower (default 10): the Pulled message shows the longer pull',
  },
  'image-cache-service-error': { target: 'region', about: 'the image cache service of the region fails: a cache being built fails (ImageCacheUnknownError)' },
  'snapshot-service-error': {
    target: 'region',
    about:
      'the snapshot service of the region fails: the next snapshots of image caches fail (ImageCacheFlashCreatedFailed, ImageCacheFlashReplacedFailed, ImageCacheCopyFailed)',
  },
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;
export type FaultTarget = (typeof FAULT_KINDS)[FaultKind]['target'];

export interface FaultRequest {
  kind: FaultKind;
  /** A host id, zone id or region id, as the kind's target says. */
  target: string;
  /** Hits only this many operations, then the fault is over (default: until cleared or `until`). */
  count?: number;
  /** How long the fault lasts, microseconds (default: until cleared). */
  duration?: Micros;
  /** host-maintenance: how long until the forced restart (default 48 h). */
  deadline?: Micros;
  /** Words of the fault, kept in messages where the event shows them (e.g. the maintenance reason). */
  detail?: string;
  /** registry-slow: how many times slower pulls are. */
  factor?: number;
}

export interface Fault extends FaultRequest {
  id: string;
  injectedAt: Micros;
  /** Operations it has hit so far. */
  hits: number;
}

export function isFaultKind(kind: string): kind is FaultKind {
  return Object.hasOwn(FAULT_KINDS, kind);
}

export interface FaultsDoc {
  list: Fault[];
  seq: number;
}

export class Faults {
  private list: Fault[] = [];
  private seq = 0;
  /** Moves with every change of toDoc() (World.revision): a fault added, hit, over or removed. */
  private changes = 0;

  constructor(private readonly clock: Clock) {}

  get revision(): number {
    return this.changes;
  }

  toDoc(): FaultsDoc {
    return { list: structuredClone(this.list), seq: this.seq };
  }

  restore(doc: FaultsDoc): void {
    this.list = structuredClone(doc.list);
    this.seq = doc.seq;
    this.changes += 1;
  }

  add(req: FaultRequest): Fault {
    this.seq += 1;
    const fault: Fault = { ...req, id: `fault-${this.seq}`, injectedAt: this.clock.now(), hits: 0 };
    this.list.push(fault);
    this.changes += 1;
    return fault;
  }

  /** Faults still in force, oldest first. */
  all(): Fault[] {
    const now = this.clock.now();
    for (let i = this.list.length - 1; i >= 0; i--) {
      const f = this.list[i]!;
      const timedOut = f.duration !== undefined && now >= f.injectedAt + f.duration;
      const usedUp = f.count !== undefined && f.hits >= f.count;
      if (timedOut || usedUp) {
        // Read or not, a fault that is over leaves the document.
        this.list.splice(i, 1);
        this.changes += 1;
      }
    }
    return [...this.list];
  }

  get(id: string): Fault | undefined {
    return this.all().find((f) => f.id === id);
  }

  remove(id: string): Fault | undefined {
    const at = this.list.findIndex((f) => f.id === id);
    if (at < 0) return undefined;
    this.changes += 1;
    return this.list.splice(at, 1)[0];
  }

  /** The oldest fault of the kind on one of these targets, counted as a hit. */
  hit(kind: FaultKind, ...targets: Array<string | undefined>): Fault | undefined {
    const f = this.all().find((x) => x.kind === kind && targets.includes(x.target));
    if (f) {
      f.hits += 1;
      this.changes += 1;
    }
    return f;
  }

  /** A fault that acts once, when injected, on what its target runs: each instance it acted on is a hit. */
  actedOn(fault: Fault, instances: number): void {
    if (instances === 0) return;
    fault.hits += instances;
    this.changes += 1;
  }

  /** Whether a fault of the kind is on one of these targets (not counted as a hit). */
  on(kind: FaultKind, ...targets: Array<string | undefined>): Fault | undefined {
    return this.all().find((x) => x.kind === kind && targets.includes(x.target));
  }
}
