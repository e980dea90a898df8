import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { fromRfc3339 } from '../../model/time.js';
import { ReportError, type ReportInput } from '../../recorder/index.js';
import type { ApiDeps } from '../deps.js';
import { callerOf } from '../authenticated.js';
import { toApiError } from '../core/domain-errors.js';
import { toEventJson } from '../event-json.js';
import { IngestAnswer, IngestQuery, IngestRequestFieldTypes } from '../../contracts/index.js';

export { INGEST_ANSWERS, MAX_INGEST_BATCH, type IngestAnswerShape } from '../../contracts/index.js';

/** A report as the route let it through: the recorder checks the rest, field by field. */
type UncheckedItem = IngestRequestFieldTypes['reports'][number];

/**
 * The pod a report is about, named as its group is: a producer that knows a group only by its id
 * (the host agent without a map file) names the pod after the id, and `kubectl events --for
 * pod/NAME` would not find the event. A pod named otherwise keeps the name it was given.
 */
function groupPod(item: UncheckedItem, account: string, deps: ApiDeps): UncheckedItem['object'] {
  const object = item.object as Record<string, unknown> | undefined;
  if (!object || (object['kind'] ?? 'Pod') !== 'Pod' || typeof object['name'] !== 'string') return item.object;
  const uid = typeof object['uid'] === 'string' ? object['uid'] : undefined;
  const id = typeof item.containerGroupId === 'string' && item.containerGroupId !== '' ? item.containerGroupId : uid;
  if (id === undefined || object['name'] !== id || (uid !== undefined && uid !== id)) return item.object;
  const group = deps.emulator.get(account, id);
  return group ? { ...object, name: group.name, namespace: group.namespace, uid: group.id } : item.object;
}

function toInput(item: UncheckedItem, account: string, deps: ApiDeps): ReportInput {
  let timestamp: number | undefined;
  if (item.timestamp !== undefined) {
    try {
      timestamp = fromRfc3339(item.timestamp);
    } catch (err) {
      throw new ReportError('InvalidField', 'timestamp', (err as Error).message);
    }
  }
  return {
    object: groupPod(item, account, deps) as ReportInput['object'],
    reason: item.reason as string,
    args: item.args ?? [],
    options: {
      account,
      type: item.type,
      source: item.source,
      containerGroupId: item.containerGroupId,
      reportingComponent: item.reportingComponent,
      reportingInstance: item.reportingInstance,
      timestamp,
      idempotencyKey: item.idempotencyKey,
    },
  };
}

export function ingestRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post<{ Body: IngestRequestFieldTypes; Querystring: Static<typeof IngestQuery> }>(
    '/v1/ingest',
    {
      // Each report's text is checked by the recorder and refused alone (InvalidField, its field).
      // Flow control counts a producer's reports, not its requests (AccountThrottle).
      config: { checksTextItself: true, flowControl: 'reports' },
      schema: {
        querystring: IngestQuery,
        body: IngestRequestFieldTypes,
        response: { 200: IngestAnswer },
      },
    },
    async (req): Promise<IngestAnswer> => {
      const account = callerOf(req).account;
      const whole = req.query.answer === 'event';
      const results = await Promise.all(
        req.body.reports.map(async (item, index) => {
          try {
            const event = await deps.recorder.reportUnchecked(toInput(item, account, deps));
            return whole
              ? { index, ok: true as const, event: toEventJson(event) }
              : { index, ok: true as const, version: event.resourceVersion, count: event.count };
          } catch (err) {
            if (!(err instanceof ReportError)) throw err;
            const e = toApiError(err);
            return { index, ok: false as const, error: { code: e.code, field: err.field, message: e.message } };
          }
        }),
      );
      const accepted = results.filter((r) => r.ok).length;
      return { accepted, rejected: results.length - accepted, results };
    },
  );
}
