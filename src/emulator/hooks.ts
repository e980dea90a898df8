// Extension points for modelled failures (stock, quotas, network, spot reclaim, host faults).
// The happy path runs without any; a check added here can refuse a create before anything
// changes, fail a group at its scheduling step, or (through Emulator.fail) fail it later, each
// with the catalog events that explain why.
import type { ArgsFor, Reason } from '../catalog/index.js';
import type { ContainerGroup } from './container-group.js';
import type { CreatePlan } from './plan-create.js';
import type { CreateRequest } from './requests.js';

/** One catalog event, its arguments typed by its reason. */
export type CatalogEvent = { [R in Reason]: { reason: R; args: ArgsFor<R> } }[Reason];

export interface CreationContext {
  request: Readonly<CreateRequest>;
  /** Where and how big the group would be. */
  plan: Readonly<CreatePlan>;
  /** The groups that exist now (every account's; filter by plan.account), for quota-like checks. */
  groups(): Iterable<Readonly<ContainerGroup>>;
}

/**
 * Runs at create after the emulator's own checks, before any change. Throw an EmulatorError to
 * refuse the create (nothing is created, no event is recorded).
 */
export type CreationCheck = (ctx: CreationContext) => void;

export type SchedulingVerdict =
  | { ok: true }
  /** The group ends ScheduleFailed (or the given status) with these platform events, in order. */
  | { ok: false; events: CatalogEvent[]; status?: 'ScheduleFailed' | 'Failed' };

/** Runs when a group's scheduling step comes due; the first failing verdict wins. */
export type SchedulingCheck = (group: Readonly<ContainerGroup>) => SchedulingVerdict | undefined;

/** A fault that ends a group that was created (spot reclaim, host failure...). */
export interface FailureCause {
  /** Platform events recorded, in order, when the group fails. */
  events: CatalogEvent[];
  /** Default Failed. */
  status?: 'Failed' | 'ScheduleFailed' | 'Expired';
  /** The exit code given to containers that were running (default 137: killed). */
  exitCode?: number;
  /** The Terminated reason of those containers (default Error). */
  reason?: string;
}

export interface Hooks {
  creationChecks?: CreationCheck[];
  schedulingChecks?: SchedulingCheck[];
}
