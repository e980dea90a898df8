// The shapes modelled causes hand to the lifecycle: catalog events typed by their reason, and a
// cause that ends a group (world/ and incidents.ts produce them).
import type { ArgsFor, Reason } from '../catalog/index.js';

/** One catalog event, its arguments typed by its reason. */
export type CatalogEvent = { [R in Reason]: { reason: R; args: ArgsFor<R> } }[Reason];

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
