import { GROUP_STATUSES } from '../../../emulator/index.js';
import type { ActionContext } from '../deps.js';
import { invalid } from '../../core/errors.js';
import { requireRegion } from '../region.js';
import { MAX_GROUP_EVENTS, renderContainerGroup, renderContainerGroupStatus } from '../../sdk-models/render-container-group.js';
import { createRequest, updateRequest } from './container-group-params.js';
import type { OperationDoc } from './operation-doc.js';

/** DescribeContainerGroups and DescribeContainerGroupStatus page 20 groups at most (reference §2). */
export const MAX_GROUPS_PER_PAGE = 20;

export async function createContainerGroup(ctx: ActionContext) {
  requireRegion(ctx);
  const group = ctx.deps.emulator.create(createRequest(ctx.params, ctx.caller.account));
  return { ContainerGroupId: group.id };
}

function groupFilter(ctx: ActionContext) {
  const { params } = ctx;
  const tags = params.tags();
  return {
    ids: params.jsonStrings('ContainerGroupIds', { max: 20 }),
    zoneId: params.str('ZoneId', { max: 64 }),
    vSwitchId: params.str('VSwitchId', { max: 64 }),
    resourceGroupId: params.str('ResourceGroupId', { max: 64 }),
    tags: tags.length ? tags : undefined,
  };
}

function page(ctx: ActionContext) {
  return {
    limit: ctx.params.int('Limit', { min: 1, max: MAX_GROUPS_PER_PAGE }) ?? MAX_GROUPS_PER_PAGE,
    nextToken: ctx.params.str('NextToken', { max: 256 }),
  };
}

export async function describeContainerGroups(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const filter = {
    ...groupFilter(ctx),
    name: ctx.params.str('ContainerGroupName', { max: 128 }),
    status: ctx.params.str('Status', { oneOf: GROUP_STATUSES }) as (typeof GROUP_STATUSES)[number] | undefined,
  };
  const withEvent = ctx.params.bool('WithEvent') ?? false;
  const result = ctx.deps.emulator.list(ctx.caller.account, regionId, filter, page(ctx));
  const events = withEvent
    ? await ctx.deps.store.newestPerGroup(
        result.groups.map((g) => g.id),
        MAX_GROUP_EVENTS,
        { account: ctx.caller.account },
      )
    : new Map();
  return {
    TotalCount: result.totalCount,
    ...(result.nextToken ? { NextToken: result.nextToken } : {}),
    ContainerGroups: result.groups.map((g) => renderContainerGroup(g, events.get(g.id) ?? [])),
  };
}

export async function describeContainerGroupStatus(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const sinceSecond = ctx.params.int('SinceSecond', { min: 1, max: 10 * 365 * 86400 });
  const since = sinceSecond === undefined ? undefined : ctx.deps.clock.now() - sinceSecond * 1_000_000;
  // SinceSecond: only groups whose status changed in the last N seconds (for polling).
  const result = ctx.deps.emulator.list(ctx.caller.account, regionId, { ...groupFilter(ctx), statusChangedSince: since }, page(ctx));
  return {
    TotalCount: result.totalCount,
    ...(result.nextToken ? { NextToken: result.nextToken } : {}),
    Data: result.groups.map((g) => renderContainerGroupStatus(g)),
  };
}

export function groupId(ctx: ActionContext): string {
  const id = ctx.params.str('ContainerGroupId', { required: true, max: 64 });
  if (!/^eci-[a-z0-9]+$/.test(id)) throw invalid('ContainerGroupId', `${JSON.stringify(id)} is not a container group id (eci-...).`);
  return id;
}

export async function deleteContainerGroup(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  ctx.params.str('ClientToken', { max: 64 });
  ctx.deps.emulator.delete(ctx.caller.account, groupId(ctx), regionId);
  return {};
}

export async function restartContainerGroup(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  ctx.params.str('ClientToken', { max: 64 });
  ctx.deps.emulator.restart(ctx.caller.account, groupId(ctx), regionId);
  return {};
}

export async function updateContainerGroup(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const id = groupId(ctx);
  const request = updateRequest(ctx.params);
  ctx.deps.emulator.update(ctx.caller.account, id, request, regionId);
  return {};
}

/** The rows of docs/OPERATIONS.md for the container-group actions. */
export const CONTAINER_GROUP_OPERATIONS: OperationDoc[] = [
  {
    action: 'CreateContainerGroup',
    does: "Validates every parameter as ECI does, then places the group in the modelled world (stock, quotas, money, networks, spot, image caches) and runs its lifecycle on the service's clock, recording each event from its cause.",
    doesNot: 'Parameters the model has no use for are accepted and kept as sent, without effect.',
  },
  {
    action: 'DescribeContainerGroups',
    does: "The account's groups filtered by ids, name, status, zone, vSwitch, resource group and tags, paged by NextToken, with each group's newest 50 events when WithEvent=true.",
    doesNot: '—',
  },
  {
    action: 'DescribeContainerGroupStatus',
    does: "Each group's status, containers' states and conditions, as the emulator holds them now.",
    doesNot: '—',
  },
  { action: 'DeleteContainerGroup', does: 'Terminating, then gone; its events stay for the retention period.', doesNot: '—' },
  {
    action: 'RestartContainerGroup',
    does: 'Restarts a Pending or Running group (IncorrectStatus otherwise), with the events a restart records.',
    doesNot: '—',
  },
  {
    action: 'UpdateContainerGroup',
    does: 'Replaces tags, container images, commands, registry credentials and the restart policy; changed containers are restarted.',
    doesNot: 'Other parameters (CPU, memory, volumes...) are accepted without effect.',
  },
];
