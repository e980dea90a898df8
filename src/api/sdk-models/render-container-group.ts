// Container groups as the official SDK reads them: DescribeContainerGroups' ContainerGroups[]
// items and DescribeContainerGroupStatus' Data[] items. Key names are exactly the SDK models'
// names() (@alicloud/eci20180808 2.0.3, DescribeContainerGroupsResponseBodyContainerGroups* and
// DescribeContainerGroupStatusResponseBody*): $tea.cast drops every other key. Pure functions,
// no web framework. Times are RFC 3339 UTC to the second; absent values are left out.
import { containerId, imageId, POD_PHASES, type Container, type ContainerGroup, type ContainerState } from '../../emulator/index.js';
import type { EventView } from '../../model/event.js';
import { toRfc3339Seconds } from '../../model/time.js';
import { defined, renderContainerOnly, renderDeclaration, renderGroupDeclaration } from './render-container-spec.js';

/** DescribeContainerGroups returns at most this many events per group (reference §2). */
export const MAX_GROUP_EVENTS = 50;

type Json = Record<string, unknown>;

const time = (at: number | undefined) => (at === undefined ? undefined : toRfc3339Seconds(at));

// ---- DescribeContainerGroups ----------------------------------------------------------------

/** One event of ContainerGroups[].Events[]: Count, Type, Reason, Message, Name and the timestamps. */
export function renderGroupEvent(e: EventView): Json {
  return {
    Count: e.count,
    Type: e.type,
    Reason: e.reason,
    Message: e.message,
    Name: e.name,
    FirstTimestamp: toRfc3339Seconds(e.firstTimestamp),
    LastTimestamp: toRfc3339Seconds(e.lastTimestamp),
  };
}

export function renderContainerState(s: ContainerState): Json {
  return defined({
    State: s.state,
    StartTime: time(s.startTime),
    FinishTime: time(s.finishTime),
    ExitCode: s.exitCode,
    Reason: s.reason,
    Message: s.message,
    // ECI's finer-grained status; the emulator's finest is the Waiting reason.
    DetailStatus: s.state === 'Waiting' ? s.reason : undefined,
  });
}

/** What a container and an init container show alike: its name, image, sizes and pull policy. */
function renderIdentity(c: Container) {
  return { Name: c.name, Image: c.image, Cpu: c.cpu, Memory: c.memory, Gpu: c.gpu, ImagePullPolicy: c.imagePullPolicy };
}

function renderContainer(c: Container): Json {
  return defined({
    ...renderIdentity(c),
    Commands: [...c.commands],
    Args: [...c.args],
    RestartCount: c.restartCount,
    Ready: c.ready,
    CurrentState: renderContainerState(c.currentState),
    PreviousState: c.previousState && renderContainerState(c.previousState),
    ...renderDeclaration(c),
    ...renderContainerOnly(c),
  });
}

/** InitContainers[] (whose command field is `Command`, not `Commands`), in the state their runs left them. */
function renderInitContainer(c: Container): Json {
  return defined({
    ...renderIdentity(c),
    Command: [...c.commands],
    Args: [...c.args],
    RestartCount: c.restartCount,
    Ready: c.ready,
    CurrentState: renderContainerState(c.currentState),
    PreviousState: c.previousState && renderContainerState(c.previousState),
    ...renderDeclaration(c),
  });
}

/**
 * One item of DescribeContainerGroups' ContainerGroups[]. `events` are the group's events as the
 * caller chose them (WithEvent); at most MAX_GROUP_EVENTS are rendered, in the order given.
 */
export function renderContainerGroup(g: ContainerGroup, events: readonly EventView[] = []): Json {
  return defined({
    ContainerGroupId: g.id,
    ContainerGroupName: g.name,
    RegionId: g.regionId,
    ZoneId: g.zoneId,
    Status: g.status,
    CreationTime: toRfc3339Seconds(g.creationTime),
    SucceededTime: time(g.succeededTime),
    FailedTime: time(g.failedTime),
    ExpiredTime: time(g.expiredTime),
    Cpu: g.cpu,
    Memory: g.memory,
    InstanceType: g.instanceType,
    IntranetIp: g.intranetIp,
    ...(g.internetIp ? { InternetIp: g.internetIp } : {}),
    VpcId: g.vpcId,
    VSwitchId: g.vSwitchId,
    SecurityGroupId: g.securityGroupId,
    ResourceGroupId: g.resourceGroupId,
    RestartPolicy: g.restartPolicy,
    SpotStrategy: g.spotStrategy,
    SpotPriceLimit: g.spotPriceLimit,
    Tags: g.tags.map((t) => ({ Key: t.key, Value: t.value })),
    Containers: g.containers.map(renderContainer),
    InitContainers: (g.initContainers ?? []).map(renderInitContainer),
    ...renderGroupDeclaration(g),
    Events: events.slice(0, MAX_GROUP_EVENTS).map(renderGroupEvent),
  });
}

// ---- DescribeContainerGroupStatus -----------------------------------------------------------

/** ContainerStatuses[].State / LastState: one of Running, Terminated, Waiting. */
function renderPodContainerState(g: ContainerGroup, c: Container, s: ContainerState): Json {
  if (s.state === 'Running') return { Running: defined({ StartedAtstartedAt: time(s.startTime) }) }; // sic: the SDK's name
  if (s.state === 'Terminated') {
    return {
      Terminated: defined({
        ContainerID: containerId(g.id, c.name, s.startTime ?? 0),
        ExitCode: s.exitCode,
        StartedAt: time(s.startTime),
        FinishedAt: time(s.finishTime),
        Reason: s.reason,
        Message: s.message,
      }),
    };
  }
  return { Waiting: defined({ Reason: s.reason, Message: s.message }) };
}

function condition(type: string, ok: boolean, at: number | undefined): Json {
  return defined({ type, status: ok ? 'True' : 'False', lastTransitionTime: time(at) });
}

/** What identifies a group as a pod, when the caller has it (as DescribeContainerGroupEvents shows it). */
export interface PodIdentity {
  /** A JSON object as a string, e.g. {"k8s.aliyun.com/eci-instance-id":"eci-..."}. */
  annotations?: string;
  uuid?: string;
}

/** One item of DescribeContainerGroupStatus' Data[]. */
export function renderContainerGroupStatus(g: ContainerGroup, identity: PodIdentity = {}): Json {
  const placed = g.startTime !== undefined;
  const ready = g.containers.length > 0 && g.containers.every((c) => c.ready);
  // Every init container has exited 0 (an init container is ready only then).
  const initialized = placed && g.initContainers.every((c) => c.ready);
  const lastInit = Math.max(g.startTime ?? 0, ...g.initContainers.map((c) => c.currentState.finishTime ?? 0));
  return defined({
    ContainerGroupId: g.id,
    Name: g.name,
    Namespace: g.namespace,
    Status: g.status,
    Annotations: identity.annotations,
    uuid: identity.uuid,
    PodStatus: defined({
      Phase: POD_PHASES[g.status],
      StartTime: time(g.startTime),
      HostIp: placed ? g.intranetIp : undefined,
      PodIp: placed ? g.intranetIp : undefined,
      PodIps: placed ? [{ Ip: g.intranetIp }] : [],
      // ECI gives every container the resources it asks for: requests equal limits.
      QosClass: 'Guaranteed',
      Conditions: [
        condition('PodScheduled', placed, g.startTime),
        condition('Initialized', initialized, initialized ? lastInit : g.startTime),
        condition('ContainersReady', ready, g.statusTime),
        condition('Ready', ready, g.statusTime),
      ],
      ContainerStatuses: g.containers.map((c) =>
        defined({
          Name: c.name,
          Image: c.image,
          ImageID: imageId(c.image),
          Ready: c.ready,
          Started: c.currentState.state === 'Running',
          RestartCount: c.restartCount,
          State: renderPodContainerState(g, c, c.currentState),
          LastState: c.previousState ? renderPodContainerState(g, c, c.previousState) : {},
        }),
      ),
    }),
  });
}
