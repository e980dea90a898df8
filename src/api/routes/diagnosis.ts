// Why a container group is not running: GET /v1/groups/:id/diagnosis (one group, reasoned from
// its events, the emulator's view of it and the world) and GET /v1/diagnoses (the account's
// unhealthy groups by root cause). The rules are read once, when the app is built: a bad rule
// file stops start-up. Shapes: src/diagnosis/shape.ts, docs/DIAGNOSIS.md.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { catalog } from '../../catalog/index.js';
import {
  AccountDiagnosesSchema,
  DiagnosisSchema,
  diagnose,
  groupByRootCause,
  loadDiagnosisRules,
  type Diagnosis,
  type DiagnosisEvent,
  type DiagnosisRules,
} from '../../diagnosis/index.js';
import { groupView, worldFacts } from '../../diagnosis/emulator-facts.js';
import type { ContainerGroup } from '../../emulator/index.js';
import { callerOf } from '../authenticated.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { ErrorBody } from '../../contracts/index.js';

/** Events of one group read for its diagnosis: far above what a group gathers (repeats are counted, not stored again). */
export const MAX_DIAGNOSIS_EVENTS = 1000;
/** Newest events per group in the account-wide view: enough for every cause a group shows at once. */
export const ACCOUNT_EVENTS_PER_GROUP = 200;
/** Groups one account-wide answer examines at most (the emulator's first, then those only events know). */
export const MAX_DIAGNOSED_GROUPS = 1000;

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 253 }) });
const AccountQuery = Type.Object(
  {
    regionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    limit: Type.Integer({ minimum: 1, maximum: MAX_DIAGNOSED_GROUPS, default: 500, description: 'groups examined at most' }),
  },
  { additionalProperties: false },
);

function diagnoseOne(rules: DiagnosisRules, deps: ApiDeps, id: string, events: readonly DiagnosisEvent[], group: ContainerGroup | undefined): Diagnosis {
  return diagnose(rules, {
    containerGroupId: id,
    events,
    ...(group ? { group: groupView(group), world: worldFacts(deps.emulator) } : {}),
    now: deps.clock.now(),
  });
}

/**
 * Whether events filed under an id the emulator does not run are an instance's: a data cache that
 * fails before its job starts files its events under its own id (`edc-...`, kind DataCache), which
 * is no instance. The instances that image caches and virtual nodes run (their events of kind
 * ImageCache, VirtualNode) are, and are diagnosed from their events.
 */
function aboutAGroup(events: readonly { involvedObject: { kind: string } }[]): boolean {
  return events.some((e) => e.involvedObject.kind !== 'DataCache');
}

export function diagnosisRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const rules = deps.diagnosisRules ?? loadDiagnosisRules(catalog);

  app.get<{ Params: { id: string } }>(
    '/v1/groups/:id/diagnosis',
    { schema: { params: IdParams, response: { 200: DiagnosisSchema, 400: ErrorBody, 404: ErrorBody } } },
    async (req) => {
      const { account } = callerOf(req);
      const { id } = req.params;
      const group = deps.emulator.get(account, id);
      const events = await deps.store.list({ account, containerGroupId: id, limit: MAX_DIAGNOSIS_EVENTS });
      if (!group && !aboutAGroup(events)) throw new ApiError('NotFound', `no container group ${JSON.stringify(id)} in this account`);
      return diagnoseOne(rules, deps, id, events, group);
    },
  );

  app.get<{ Querystring: { regionId?: string; limit: number } }>(
    '/v1/diagnoses',
    { schema: { querystring: AccountQuery, response: { 200: AccountDiagnosesSchema, 400: ErrorBody } } },
    async (req) => {
      const { account } = callerOf(req);
      const { regionId, limit } = req.query;
      const known = deps.emulator.regions().map((r) => r.regionId);
      if (regionId !== undefined && !known.includes(regionId))
        throw new ApiError('InvalidParameter', `regionId: no region ${JSON.stringify(regionId)} (the regions: ${known.join(', ')})`);
      const groups = new Map<string, ContainerGroup>();
      for (const r of regionId ? [regionId] : known)
        for (const g of deps.emulator.list(account, r, {}, { limit: Number.MAX_SAFE_INTEGER }).groups) groups.set(g.id, g);
      const ids = [...groups.keys()];
      // Groups only events know (reported by producers): a region filter cannot place them. One
      // more than fits tells whether any were left out.
      if (!regionId && ids.length <= limit) {
        for (const id of await deps.store.containerGroupsWithEvents(account, { limit: limit + 1 + groups.size })) if (!groups.has(id)) ids.push(id);
      }
      const truncated = ids.length > limit;
      ids.length = Math.min(ids.length, limit);
      const events = ids.length ? await deps.store.newestPerGroup(ids, ACCOUNT_EVENTS_PER_GROUP, { account }) : new Map();
      const diagnoses = ids
        .filter((id) => groups.has(id) || aboutAGroup(events.get(id) ?? []))
        .map((id) => diagnoseOne(rules, deps, id, events.get(id) ?? [], groups.get(id)));
      return groupByRootCause(rules, diagnoses, deps.clock.now(), truncated);
    },
  );
}
