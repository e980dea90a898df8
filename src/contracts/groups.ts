// GET /v1/groups and GET /v1/groups/:id: the console's container groups.
import { Type, type Static } from '@sinclair/typebox';
import { OpenObject } from './json.js';

/**
 * One group as the list shows it: the emulator's group, what its events add up to, or both.
 * Groups known only by their events have no zone or creation time, and '' as status and region.
 */
export const GroupSummary = Type.Object({
  containerGroupId: Type.String(),
  name: Type.String(),
  namespace: Type.String(),
  regionId: Type.String(),
  zoneId: Type.Optional(Type.String()),
  status: Type.String(),
  /** A container's waiting reason that is a problem while the group lives (CrashLoopBackOff, ImagePullBackOff...). */
  condition: Type.Optional(Type.String()),
  creationTime: Type.Optional(Type.String()),
  warningCount: Type.Integer(),
  eventCount: Type.Integer(),
  lastEventAt: Type.Optional(Type.String()),
});
export type GroupSummary = Static<typeof GroupSummary>;

export const GroupsPage = Type.Object({ total: Type.Integer(), items: Type.Array(GroupSummary) });
export type GroupsPage = Static<typeof GroupsPage>;

export const GroupPage = Type.Object({
  summary: GroupSummary,
  /** The group as DescribeContainerGroups renders it (its Events left empty), or null when only its events know it. */
  detail: Type.Union([Type.Null(), OpenObject()]),
});
export type GroupPage = Static<typeof GroupPage>;
