// Small views of the SDK's answers, so tests can compare whole lists exactly, and the requests
// the tests make again and again (create, describe one group, its events), all through the SDK.
import { scaledGoDuration } from './time-scale.js';
import { expect } from 'vitest';
import { $Eci, REGION, until, type EciClient, type SdkFailure } from './eci-sdk.js';

/** An OpenAPI RequestId: an upper-case UUID. */
export const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
/** RFC 3339 UTC to the second, as ECI renders times. */
export const RFC3339_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const GROUP_ID = /^eci-[a-z0-9]{20}$/;

/** The emulated world's fixed network (src/emulator/regions.ts). */
export const ZONE_DEFAULT = 'cn-hangzhou-k';
export const vSwitchOf = (zoneLetter: string) => `vsw-bp1emudefault${zoneLetter}000000`;
export const SECURITY_GROUP = 'sg-bp1emudefault0000000';
export const VPC = 'vpc-bp1emudefault0000000';
export const DEFAULT_RESOURCE_GROUP = 'rg-acfmemudefault000';

export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  arg?: string[];
  cpu?: number;
  memory?: number;
  imagePullPolicy?: string;
}

export interface EventView {
  reason: string;
  message: string;
  type: string;
  count: number;
  component: string;
  host: string;
}

type SdkEvent = $Eci.DescribeContainerGroupEventsResponseBodyDataEvents;

export function view(events: readonly SdkEvent[] | undefined): EventView[] {
  return (events ?? []).map((e) => ({
    reason: e.reason ?? '',
    message: e.message ?? '',
    type: e.type ?? '',
    count: e.count ?? 0,
    component: e.source?.component ?? '',
    host: e.source?.host ?? '',
  }));
}

/** An event of the pod's kubelet, on its node (the default zone's virtual kubelet unless told). */
export const agent = (reason: string, message: string, count = 1, type = 'Normal', host = `virtual-kubelet-${ZONE_DEFAULT}`): EventView => ({
  reason,
  message,
  type,
  count,
  component: 'kubelet',
  host,
});
/** An event of the ECI platform itself. */
export const platform = (reason: string, message: string, count = 1, type = 'Normal'): EventView => ({
  reason,
  message,
  type,
  count,
  component: 'EciService',
  host: '',
});

/** NoStock, as the catalog renders it. */
export const noStock = (detail: string) => platform('NoStock', `Create ECI failed because the specified instance is out of stock. ${detail}`, 1, 'Warning');

export const instanceTypeEvent = {
  auto: (t: string) => platform('AutoInstanceTypeMatch', `The most-matched instanceType for current eci instance is ${t}`),
  user: (t: string) => platform('UserInstanceTypeSpec', `The user-specified instanceType for current eci instance is ${t}`),
  default: (t = 'ecs.c6.large') => platform('DefaultInstanceTypeMatch', `The default instanceType used for current eci instance is ${t}`),
};

/** The events of a one-container group that has just started, newest first (the answer's order). */
export function bootEvents(name: string, image: string, container: string, typeEvent: EventView, zone = ZONE_DEFAULT): EventView[] {
  const node = `virtual-kubelet-${zone}`;
  return [
    agent('Started', `Started container ${container}`, 1, 'Normal', node),
    agent('Created', `Created container ${container}`, 1, 'Normal', node),
    agent('Pulled', `Successfully pulled image "${image}" in ${scaledGoDuration(800_000)}`, 1, 'Normal', node),
    agent('Pulling', `Pulling image "${image}"`, 1, 'Normal', node),
    agent('Scheduled', `Successfully assigned default/${name} to ${node}`, 1, 'Normal', node),
    typeEvent,
  ];
}

export const tag = (key: string, value: string) => new $Eci.CreateContainerGroupRequestTag({ key, value });

export function createRequest(name: string, opts: Record<string, unknown> = {}, containers: ContainerSpec[] = [{ name: 'c1', image: 'nginx' }]) {
  return new $Eci.CreateContainerGroupRequest({
    regionId: REGION,
    containerGroupName: name,
    container: containers.map((c) => new $Eci.CreateContainerGroupRequestContainer(c)),
    ...opts,
  });
}

/** CreateContainerGroup through the SDK; checks the answer and returns the new id. */
export async function create(c: EciClient, name: string, opts: Record<string, unknown> = {}, containers?: ContainerSpec[]): Promise<string> {
  const r = await c.createContainerGroup(createRequest(name, opts, containers));
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  expect(r.body!.containerGroupId).toMatch(GROUP_ID);
  return r.body!.containerGroupId!;
}

export async function describeGroups(c: EciClient, opts: Record<string, unknown> = {}) {
  const r = await c.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, ...opts }));
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  return r.body!;
}

export async function describeOne(c: EciClient, id: string, withEvent = false) {
  const body = await describeGroups(c, { containerGroupIds: JSON.stringify([id]), withEvent });
  return body.containerGroups?.[0];
}

export async function groupEvents(c: EciClient, opts: Record<string, unknown> = {}) {
  const r = await c.describeContainerGroupEvents(new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, ...opts }));
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  return r.body!;
}

export async function eventsOf(c: EciClient, id: string, opts: Record<string, unknown> = {}) {
  const body = await groupEvents(c, { containerGroupIds: JSON.stringify([id]), ...opts });
  return body.data?.find((d) => d.containerGroupId === id);
}

/** Polls a group until it has `status`; `seen` collects every status observed on the way, in order. */
export async function waitStatus(c: EciClient, id: string, status: string, seen: string[] = [], timeoutMs = 30_000) {
  return until(
    () => `${id} to be ${status} (seen ${seen.join(' → ')})`,
    async () => {
      const g = await describeOne(c, id);
      if (g?.status && seen[seen.length - 1] !== g.status) seen.push(g.status);
      return g?.status === status ? g : undefined;
    },
    timeoutMs,
    40,
  );
}

/** Polls a group's events (DescribeContainerGroupEvents) until `done` holds for them. */
export async function waitEvents(c: EciClient, id: string, done: (events: EventView[]) => boolean, what = 'its events', timeoutMs = 30_000) {
  return until(
    `${id}: ${what}`,
    async () => {
      const data = await eventsOf(c, id);
      const events = view(data?.events);
      return done(events) ? { data: data!, events } : undefined;
    },
    timeoutMs,
    60,
  );
}

export const countOf = (events: EventView[], reason: string) => events.find((e) => e.reason === reason)?.count ?? 0;

/** An OpenAPI error as the SDK surfaces it: code, HTTP status, and the standard body. */
export function expectError(f: SdkFailure, code: string, statusCode: number, mentions?: string): void {
  expect({ code: f.code, statusCode: f.statusCode }).toEqual({ code, statusCode });
  expect(f.data.Code).toBe(code);
  expect(f.data.RequestId).toMatch(REQUEST_ID);
  expect(typeof f.data.HostId === 'string' && f.data.HostId.length > 0).toBe(true);
  expect(String(f.data.Recommend)).toContain(encodeURIComponent(code));
  expect(typeof f.data.Message === 'string' && f.data.Message.length > 0).toBe(true);
  if (mentions !== undefined) expect(String(f.data.Message)).toContain(mentions);
}
