import type { Occurrence } from './occurrence.js';

// Unit separator between fields, and a backslash escape for fields that contain it, so that no two
// different field lists join to one key (client-go joins with "", and ("ab","c") collides with ("a","bc")).
const SEPARATOR = '\u001f';

/** A field holding the separator or the escape character; most hold neither and are taken as they are. */
const NEEDS_ESCAPE = /[\\\u001f]/;

export function joinKey(fields: readonly string[]): string {
  return fields.map((f) => (NEEDS_ESCAPE.test(f) ? f.replace(/\\/g, '\\\\').replace(/\u001f/g, '\\u') : f)).join(SEPARATOR);
}

/** Same object, source, type, reason and message: repeats of one event (client-go getEventKey). */
export function dedupKey(o: Occurrence): string {
  const obj = o.involvedObject;
  return joinKey([
    'event',
    o.account,
    o.source.component,
    o.source.host,
    obj.kind,
    obj.namespace,
    obj.name,
    obj.fieldPath ?? '',
    obj.uid,
    obj.apiVersion,
    o.type,
    o.reason,
    o.message,
  ]);
}

/** Events that differ only in message are "similar" (client-go EventAggregatorByReasonFunc). */
export function aggregateKey(o: Occurrence): string {
  const obj = o.involvedObject;
  return joinKey([
    'aggregate',
    o.account,
    o.source.component,
    o.source.host,
    obj.kind,
    obj.namespace,
    obj.name,
    obj.uid,
    obj.apiVersion,
    o.type,
    o.reason,
    o.reportingComponent,
    o.reportingInstance,
  ]);
}
