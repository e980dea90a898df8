import { createHash } from 'node:crypto';
import { invalid } from '../../core/errors.js';
import { requireRegion } from '../region.js';
import { EVENT_JSON_SHAPE, renderEvent } from '../render-event.js';
import type { GroupEventsJson } from '../../../store/index.js';
import { JsonMembers, type ActionContext } from '../deps.js';
import type { OperationDoc } from './operation-doc.js';

/** Events returned per container group: "the most recent 50" (reference/eci-api.md §1). */
export const EVENTS_PER_GROUP = 50;
export const DEFAULT_GROUP_LIMIT = 200;
export const MAX_GROUP_LIMIT = 1000;
export const MAX_IDS = 20;
const ALL = { limit: Number.MAX_SAFE_INTEGER };

/** EventSource values and the source components they stand for. */
export const EVENT_SOURCES: Record<string, readonly string[]> = {
  EciService: ['EciService'],
  K8sAgent: ['kubelet', 'K8sAgent'],
};

/** A stable uuid for a group that only exists through its events. */
function uuidOf(id: string): string {
  const h = createHash('sha1').update(id).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function describeContainerGroupEvents(ctx: ActionContext) {
  const { params, deps, caller } = ctx;
  const regionId = requireRegion(ctx);
  const ids = params.jsonStrings('ContainerGroupIds', { max: MAX_IDS });
  const zoneId = params.str('ZoneId', { max: 64 });
  const vSwitchId = params.str('VSwitchId', { max: 64 });
  const resourceGroupId = params.str('ResourceGroupId', { max: 64 });
  const tags = params.tags();
  const source = params.str('EventSource', { oneOf: Object.keys(EVENT_SOURCES) });
  const sinceSecond = params.int('SinceSecond', { min: 1, max: 10 * 365 * 86400 });
  const limit = params.int('Limit', { min: 1, max: MAX_GROUP_LIMIT }) ?? DEFAULT_GROUP_LIMIT;
  const nextToken = params.str('NextToken', { max: 256 });
  if (nextToken !== undefined && !/^eci-[a-z0-9]+$/.test(nextToken)) throw invalid('NextToken', 'it is not a token this service handed out.');

  const filter = {
    account: caller.account,
    sourceComponent: source === undefined ? undefined : EVENT_SOURCES[source],
    since: sinceSecond === undefined ? undefined : deps.clock.now() - sinceSecond * 1_000_000,
  };
  const groupFilter = { zoneId, vSwitchId, resourceGroupId, tags: tags.length ? tags : undefined };
  const filtersGroups = Object.values(groupFilter).some((v) => v !== undefined);

  // Which groups: the ids asked for; else, page by id through the groups the filters describe
  // (groups the emulator knows) or, without such filters, every group that has events.
  let groupIds: string[];
  let next: string | undefined;
  if (ids) {
    groupIds = [...new Set(ids)];
    if (filtersGroups) {
      const matching = new Set(deps.emulator.list(caller.account, regionId, { ids: groupIds, ...groupFilter }, ALL).groups.map((g) => g.id));
      groupIds = groupIds.filter((id) => matching.has(id));
    }
  } else {
    const page = filtersGroups
      ? deps.emulator
          .list(caller.account, regionId, groupFilter, ALL)
          .groups.map((g) => g.id)
          .sort()
          .filter((id) => nextToken === undefined || id > nextToken)
          .slice(0, limit + 1)
      : await deps.store.containerGroupsWithEvents(caller.account, { after: nextToken, limit: limit + 1 });
    next = page.length > limit ? page[limit - 1] : undefined;
    groupIds = page.slice(0, limit);
  }

  if (deps.store.newestPerGroupJson)
    return answerFromJson(ctx, regionId, groupIds, next, await deps.store.newestPerGroupJson(groupIds, EVENTS_PER_GROUP, filter, EVENT_JSON_SHAPE));

  const events = await deps.store.newestPerGroup(groupIds, EVENTS_PER_GROUP, filter);
  const data = groupIds.flatMap((id) => {
    const group = deps.emulator.get(caller.account, id);
    if (group && group.regionId !== regionId) return [];
    const list = events.get(id) ?? [];
    if (!group && list.length === 0) return [];
    const name = group?.name ?? list[0]!.involvedObject.name;
    const namespace = group?.namespace ?? list[0]!.involvedObject.namespace;
    return [
      {
        ContainerGroupId: id,
        Name: name,
        Namespace: namespace,
        Annotations: JSON.stringify({ 'k8s.aliyun.com/eci-instance-id': id }),
        uuid: uuidOf(id),
        Events: list.map(renderEvent),
      },
    ];
  });
  return {
    TotalCount: data.reduce((n, d) => n + d.Events.length, 0),
    Data: data,
    ...(next ? { NextToken: next } : {}),
  };
}

/**
 * The same answer, written around the events' JSON text as the store hands it over (where it
 * can: store/event-json.ts), member for member: no row is made into objects only to be
 * serialised again.
 */
function answerFromJson(ctx: ActionContext, regionId: string, groupIds: string[], next: string | undefined, events: Map<string, GroupEventsJson>): JsonMembers {
  let total = 0;
  const data: string[] = [];
  for (const id of groupIds) {
    const group = ctx.deps.emulator.get(ctx.caller.account, id);
    if (group && group.regionId !== regionId) continue;
    const found = events.get(id);
    const count = found?.count ?? 0;
    if (!group && count === 0) continue;
    total += count;
    const name = group?.name ?? found!.object!.name;
    const namespace = group?.namespace ?? found!.object!.namespace;
    const annotations = JSON.stringify({ 'k8s.aliyun.com/eci-instance-id': id });
    data.push(
      `{"ContainerGroupId":${JSON.stringify(id)},"Name":${JSON.stringify(name)},"Namespace":${JSON.stringify(namespace)},` +
        `"Annotations":${JSON.stringify(annotations)},"uuid":"${uuidOf(id)}","Events":${found?.json ?? '[]'}}`,
    );
  }
  return new JsonMembers(`"TotalCount":${total},"Data":[${data.join(',')}]${next ? `,"NextToken":${JSON.stringify(next)}` : ''}`);
}

/** The row of docs/OPERATIONS.md for DescribeContainerGroupEvents. */
export const EVENT_OPERATIONS: OperationDoc[] = [
  {
    action: 'DescribeContainerGroupEvents',
    does: "Each group's newest 50 stored events (emulated or ingested), newest first, filtered by ids, zone, vSwitch, resource group, tags, EventSource and SinceSecond, paged by NextToken.",
    doesNot: '—',
  },
];
