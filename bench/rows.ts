// What the anchor writes: each distinct event of the workload as the row the store would write,
// its dedup key already hashed.
import { randomUUID } from 'node:crypto';
import { catalog } from '../src/catalog/index.js';
import { dedupKey } from '../src/correlator/index.js';
import { ManualClock } from '../src/model/clock.js';
import type { Micros } from '../src/model/event.js';
import { toOccurrence } from '../src/recorder/validate.js';
import type { ReportInput } from '../src/recorder/index.js';
import { dedupKey64 } from '../src/store/index.js';
import type { Workload } from './workload.js';

/** Virtual time of the first report; the recorder's clock starts here too. */
export const START_MICROS: Micros = Date.UTC(2026, 10, 28) * 1000;
/** Virtual time between two reports (1 ms): a million reports span about 17 minutes. */
export const STEP_MICROS: Micros = 1000;

/** When report `i` (from 0) happens. */
export function reportTime(i: number): Micros {
  return START_MICROS + (i + 1) * STEP_MICROS;
}

/** The columns of one event that do not change between its reports. */
export interface EventRowData {
  /** The store's 64-bit dedup key, the anchor's key. */
  key: bigint;
  account: string;
  name: string;
  namespace: string;
  uid: string;
  containerGroupId: string;
  apiVersion: string;
  kind: string;
  objName: string;
  objNamespace: string;
  objUid: string;
  fieldPath: string;
  reason: string;
  message: string;
  type: string;
  sourceComponent: string;
  sourceHost: string;
  reportingComponent: string;
  reportingInstance: string;
}

/** The anchor's payload: the bytes of the event's columns the anchor has no column for (PostgreSQL's text takes no NUL). */
export function payloadOf(e: EventRowData): string {
  return [
    e.account,
    e.name,
    e.namespace,
    e.uid,
    e.containerGroupId,
    e.apiVersion,
    e.kind,
    e.objName,
    e.objNamespace,
    e.objUid,
    e.fieldPath,
    e.reason,
    e.message,
    e.type,
    e.sourceComponent,
    e.sourceHost,
    e.reportingComponent,
    e.reportingInstance,
  ].join('\u001f');
}

/** One event as a row: rendered and checked by the recorder's own code, its key hashed. */
export function eventRow(clock: ManualClock, e: ReportInput, i: number): EventRowData {
  const { occurrence: o } = toOccurrence(catalog, clock, e.object, e.reason, e.args ?? [], e.options);
  return {
    key: dedupKey64(dedupKey(o)),
    account: o.account,
    name: `${o.involvedObject.name}.${(START_MICROS * 1000 + i).toString(16)}`,
    namespace: o.involvedObject.namespace,
    uid: randomUUID(),
    containerGroupId: o.containerGroupId,
    apiVersion: o.involvedObject.apiVersion,
    kind: o.involvedObject.kind,
    objName: o.involvedObject.name,
    objNamespace: o.involvedObject.namespace,
    objUid: o.involvedObject.uid,
    fieldPath: o.involvedObject.fieldPath ?? '',
    reason: o.reason,
    message: o.message,
    type: o.type,
    sourceComponent: o.source.component,
    sourceHost: o.source.host,
    reportingComponent: o.reportingComponent,
    reportingInstance: o.reportingInstance,
  };
}

/** Each distinct event of the workload as a row. */
export function eventRows(workload: Workload): EventRowData[] {
  const clock = new ManualClock(START_MICROS);
  return workload.events.map((e, i) => eventRow(clock, e, i));
}
