import type { ArgsFor, Reason } from '../../../catalog/index.js';
import type { CatalogEvent } from '../../hooks.js';

/** A catalog event with its arguments checked against the reason's template at compile time. */
export function ev<R extends Reason>(reason: R, ...args: ArgsFor<R>): CatalogEvent {
  return { reason, args } as unknown as CatalogEvent;
}
