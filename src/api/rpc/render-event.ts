import type { EventView } from '../../model/event.js';
import { toRfc3339Seconds } from '../../model/time.js';
import type { EventJsonShape } from '../../store/index.js';

/**
 * An event as DescribeContainerGroupEvents returns it. The SDK reads only the names its models
 * list: PascalCase, except `involvedObject` (reference/eci-api.md §1).
 */
export function renderEvent(e: EventView) {
  return {
    Count: e.count,
    Type: e.type,
    Reason: e.reason,
    Message: e.message,
    FirstTimestamp: toRfc3339Seconds(e.firstTimestamp),
    LastTimestamp: toRfc3339Seconds(e.lastTimestamp),
    Metadata: { Name: e.name, Namespace: e.namespace },
    involvedObject: {
      ApiVersion: e.involvedObject.apiVersion,
      Kind: e.involvedObject.kind,
      Name: e.involvedObject.name,
      Namespace: e.involvedObject.namespace,
      Uid: e.involvedObject.uid,
    },
    Source: { Component: e.source.component, Host: e.source.host },
    ReportingComponent: e.reportingComponent,
    ReportingInstance: e.reportingInstance,
  };
}

/**
 * renderEvent's answer as a shape the store writes as JSON itself (store/event-json.ts), key for
 * key in the same order: DescribeContainerGroupEvents sends events as the store's text.
 */
export const EVENT_JSON_SHAPE: EventJsonShape = [
  ['Count', 'count'],
  ['Type', 'type'],
  ['Reason', 'reason'],
  ['Message', 'message'],
  ['FirstTimestamp', { rfc3339Seconds: 'firstTimestamp' }],
  ['LastTimestamp', { rfc3339Seconds: 'lastTimestamp' }],
  [
    'Metadata',
    [
      ['Name', 'name'],
      ['Namespace', 'namespace'],
    ],
  ],
  [
    'involvedObject',
    [
      ['ApiVersion', 'involvedObject.apiVersion'],
      ['Kind', 'involvedObject.kind'],
      ['Name', 'involvedObject.name'],
      ['Namespace', 'involvedObject.namespace'],
      ['Uid', 'involvedObject.uid'],
    ],
  ],
  [
    'Source',
    [
      ['Component', 'source.component'],
      ['Host', 'source.host'],
    ],
  ],
  ['ReportingComponent', 'reportingComponent'],
  ['ReportingInstance', 'reportingInstance'],
];
