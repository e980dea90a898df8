// What the ceiling writes: each distinct event of the workload as the row the store would write,
// its dedup key already hashed, and the reports folded into batches. Built before timing.
import { randomUUID } from 'node:crypto';
import { catalog } from '../src/catalog/index.js';
import { dedupKey } from '../src/correlator/index.js';
import { ManualClock } from '../src/model/clock.js';
import type { Micros } from '../src/model/event.js';
import { toOccurrence } from '../src/recorder/validate.js';
import { keyHash } from '../src/store/index.js';
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
  hash: string;
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

/** Each distinct event as a row: rendered and checked by the recorder's own code, its key hashed. */
export function eventRows(workload: Workload): EventRowData[] {
  const clock = new ManualClock(START_MICROS);
  return workload.events.map((e, i) => {
    const { occurrence: o } = toOccurrence(catalog, clock, e.object, e.reason, e.args ?? [], e.options);
    return {
      hash: keyHash(dedupKey(o)),
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
  });
}

/** One transaction's worth of reports with repeats of one event folded together (for multi-row upserts). */
export interface FoldedBatch {
  events: Int32Array;
  counts: Int32Array;
  first: Float64Array;
  last: Float64Array;
}

export function foldBatches(workload: Workload, batchSize: number): FoldedBatch[] {
  const out: FoldedBatch[] = [];
  const { sequence } = workload;
  for (let from = 0; from < sequence.length; from += batchSize) {
    const to = Math.min(from + batchSize, sequence.length);
    const at = new Map<number, number>();
    const events: number[] = [];
    const counts: number[] = [];
    const first: number[] = [];
    const last: number[] = [];
    for (let i = from; i < to; i++) {
      const e = sequence[i]!;
      const j = at.get(e);
      if (j === undefined) {
        at.set(e, events.length);
        events.push(e);
        counts.push(1);
        first.push(reportTime(i));
        last.push(reportTime(i));
      } else {
        counts[j] = counts[j]! + 1;
        last[j] = reportTime(i);
      }
    }
    out.push({ events: Int32Array.from(events), counts: Int32Array.from(counts), first: Float64Array.from(first), last: Float64Array.from(last) });
  }
  return out;
}
