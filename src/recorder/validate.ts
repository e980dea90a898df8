import { CatalogError, type Catalog, type CatalogRow } from '../catalog/index.js';
import type { Clock } from '../model/clock.js';
import { DEFAULT_ACCOUNT, EVENT_TYPES, type EventType } from '../model/event.js';
import { LAST_RENDERABLE_MICROS, renderable, toRfc3339 } from '../model/time.js';
import { MAX_IDEMPOTENCY_KEY_LENGTH, MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH, MAX_REASON_LENGTH } from '../model/limits.js';
import { unstorableText } from '../model/text.js';
import type { Occurrence } from '../correlator/index.js';
import { ReportError } from './report-error.js';

/** The object a report is about; what is left out takes the Kubernetes defaults. */
export interface ObjectInput {
  name: string;
  kind?: string;
  apiVersion?: string;
  namespace?: string;
  uid?: string;
  fieldPath?: string;
}

export interface ReportOptions {
  /** The account that owns the event (default: the default account). */
  account?: string;
  /** Defaults to the catalog row's type; SystemOM rows may be reported as either. */
  type?: EventType;
  /** Defaults to component EciService with no host. */
  source?: { component: string; host?: string };
  /** The container group the event belongs to; defaults to the object's uid when it is an ECI id. */
  containerGroupId?: string;
  reportingComponent?: string;
  reportingInstance?: string;
  /** When it happened; defaults to the recorder's clock. */
  timestamp?: number;
  /**
   * The producer's key for this occurrence: a report repeating a key the account used (within the
   * store's idempotency window) is not counted again. Agents resend with the same key.
   */
  idempotencyKey?: string;
}

export const DEFAULT_SOURCE_COMPONENT = 'EciService';

function storable(value: string, field: string): void {
  const problem = unstorableText(value);
  if (problem) throw new ReportError('InvalidField', field, `${field} ${problem}`);
}

function text(value: unknown, field: string, { required = false, max = MAX_NAME_LENGTH } = {}): string {
  if (value === undefined || value === null) {
    if (required) throw new ReportError('InvalidField', field, `${field} is required`);
    return '';
  }
  if (typeof value !== 'string') throw new ReportError('InvalidField', field, `${field} must be a string, got ${typeof value}`);
  if (required && value.trim() === '') throw new ReportError('InvalidField', field, `${field} must not be empty`);
  if (value.length > max) throw new ReportError('TooLong', field, `${field} is ${value.length} characters long; the limit is ${max}`);
  storable(value, field);
  return value;
}

/** Checks a report against the catalog and the field limits and renders it; throws ReportError. */
/** Kinds without a namespace, whose events' involvedObject.namespace stays empty. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set(['Node']);

export function toOccurrence(
  catalog: Catalog,
  clock: Clock,
  object: ObjectInput,
  reason: string,
  args: readonly unknown[],
  options: ReportOptions = {},
): { occurrence: Occurrence; row: CatalogRow } {
  if (typeof object !== 'object' || object === null) throw new ReportError('InvalidField', 'object', 'object is required');
  const name = text(object.name, 'object.name', { required: true });
  const kind = text(object.kind ?? 'Pod', 'object.kind', { required: true });
  const apiVersion = text(object.apiVersion ?? 'v1', 'object.apiVersion', { required: true });
  // A Node is cluster-scoped: its events name no namespace for it (kubectl describe node selects
  // involvedObject.namespace=""), while the event itself lives in default, as the kubelet's do.
  const namespace = text(object.namespace, 'object.namespace') || (CLUSTER_SCOPED.has(kind) ? '' : 'default');
  const uid = text(object.uid, 'object.uid');
  const fieldPath = text(object.fieldPath, 'object.fieldPath');

  text(reason, 'reason', { required: true, max: MAX_REASON_LENGTH });
  if (!Array.isArray(args)) throw new ReportError('InvalidField', 'args', 'args must be an array of strings');
  args.forEach((arg, i) => {
    if (typeof arg === 'string') storable(arg, `args[${i}]`);
  });
  let row: CatalogRow;
  try {
    row = catalog.resolve(reason, args);
  } catch (err) {
    if (err instanceof CatalogError) throw new ReportError(err.code, err.code === 'UnknownReason' ? 'reason' : 'args', err.message);
    throw err;
  }
  const message = catalog.renderRow(row, args as string[]);
  storable(message, 'message');
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw new ReportError('TooLong', 'message', `the rendered message is ${message.length} characters long; the limit is ${MAX_MESSAGE_LENGTH}`);
  }

  const type = options.type ?? row.type;
  if (!EVENT_TYPES.includes(type)) {
    throw new ReportError('InvalidField', 'type', `type must be Normal or Warning, got ${JSON.stringify(type)}`);
  }
  if (type !== row.type && !row.exampleMessage) {
    throw new ReportError('TypeMismatch', 'type', `${reason} is a ${row.type} event in the catalog, not ${type}`);
  }

  const source = options.source ?? { component: DEFAULT_SOURCE_COMPONENT };
  const component = text(source.component, 'source.component', { required: true });
  const host = text(source.host, 'source.host');
  const timestamp = options.timestamp ?? clock.now();
  // A time RFC 3339 cannot write would be stored and then fail every read of the account.
  if (typeof timestamp !== 'number' || !renderable(timestamp)) {
    throw new ReportError(
      'InvalidField',
      'timestamp',
      `timestamp must be a time from 1970-01-01T00:00:00Z to ${toRfc3339(LAST_RENDERABLE_MICROS)}, got ${String(timestamp)} microseconds since the epoch`,
    );
  }
  const containerGroupId = text(options.containerGroupId, 'containerGroupId') || (kind === 'Pod' && uid.startsWith('eci-') ? uid : '');

  return {
    row,
    occurrence: {
      account: text(options.account, 'account') || DEFAULT_ACCOUNT,
      involvedObject: { apiVersion, kind, name, namespace, uid, ...(fieldPath ? { fieldPath } : {}) },
      containerGroupId,
      reason,
      message,
      type,
      source: { component, host },
      reportingComponent: text(options.reportingComponent, 'reportingComponent') || component,
      reportingInstance: text(options.reportingInstance, 'reportingInstance') || host,
      timestamp: Math.round(timestamp),
    },
  };
}

/** The report's idempotency key, checked (undefined when it has none); throws ReportError. */
export function idempotencyKeyOf(options: ReportOptions = {}): string | undefined {
  if (options.idempotencyKey === undefined) return undefined;
  return text(options.idempotencyKey, 'idempotencyKey', { required: true, max: MAX_IDEMPOTENCY_KEY_LENGTH });
}
