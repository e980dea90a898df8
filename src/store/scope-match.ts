// A change-feed scope tested in memory against an event: what changesAfter's WHERE clauses
// (sql/filters.ts) select, for readers that take their changes from memory rather than from the
// store (the API's change hub). Every column is NOT NULL, and a
// field never stored (involvedObject.resourceVersion) reads as '', as FIELD_COLUMNS says.
import type { StoredEvent } from '../model/event.js';
import type { ChangeScope, EventField } from './event-store.js';

const FIELD_VALUES: Readonly<Record<EventField, (e: StoredEvent) => string>> = {
  'metadata.name': (e) => e.name,
  'metadata.namespace': (e) => e.namespace,
  'involvedObject.apiVersion': (e) => e.involvedObject.apiVersion,
  'involvedObject.kind': (e) => e.involvedObject.kind,
  'involvedObject.name': (e) => e.involvedObject.name,
  'involvedObject.namespace': (e) => e.involvedObject.namespace,
  'involvedObject.uid': (e) => e.involvedObject.uid,
  'involvedObject.fieldPath': (e) => e.involvedObject.fieldPath ?? '',
  'involvedObject.resourceVersion': () => '',
  reason: (e) => e.reason,
  type: (e) => e.type,
  source: (e) => e.source.component,
  reportingComponent: (e) => e.reportingComponent,
};

/** Whether a change-feed read of `scope` returns `e` (its version aside). */
export function scopeMatcher(scope: ChangeScope): (e: StoredEvent) => boolean {
  const { account, namespace } = scope;
  const fields = (scope.fields ?? []).map((c) => ({ value: FIELD_VALUES[c.field], equals: c.equals, wanted: c.value }));
  return (e) =>
    (account === undefined || e.account === account) &&
    (namespace === undefined || e.namespace === namespace) &&
    fields.every((f) => (f.value(e) === f.wanted) === f.equals);
}
