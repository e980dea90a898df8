import { eventObjectOf, type EventJsonShape } from '../../store/index.js';

/**
 * An event as DescribeContainerGroupEvents returns it. The SDK reads only the names its models
 * list: PascalCase, except `involvedObject` (reference/eci-api.md §1). Declared once: a store with
 * newestPerGroupJson writes it as JSON itself (store/event-json.ts), and renderEvent makes it from
 * an event in memory for the others.
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

/** The answer's object of one event, from the event in memory. */
export const renderEvent = eventObjectOf(EVENT_JSON_SHAPE);
