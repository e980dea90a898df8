// A container group (an ECI instance) as the emulator keeps it: the fields DescribeContainerGroups
// shows, in camelCase, times in microseconds. Callers always get a copy.
import type { Micros } from '../model/event.js';
import type { ContainerDeclaration, DnsConfigSpec, HostAliasSpec, SysctlSpec, VolumeSpec } from './container-spec.js';

/** Every status ECI documents (reference/eci-api.md §2), and nothing else. */
export const GROUP_STATUSES = [
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
  'Scheduling',
  'ScheduleFailed',
  'Restarting',
  'Updating',
  'Terminating',
  'Expired',
] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** The Kubernetes pod phase of each ECI status (as the alibabacloud-eci virtual-kubelet maps them). */
export const POD_PHASES: Readonly<Record<GroupStatus, 'Pending' | 'Running' | 'Succeeded' | 'Failed'>> = {
  Scheduling: 'Pending',
  Pending: 'Pending',
  Running: 'Running',
  Restarting: 'Running',
  Updating: 'Running',
  Terminating: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  ScheduleFailed: 'Failed',
  Expired: 'Failed',
};

/** The final states: nothing runs any more and nothing can be restarted or updated. */
export const FINAL_STATUSES: readonly GroupStatus[] = ['Succeeded', 'Failed', 'Expired'];

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
export type RestartPolicy = (typeof RESTART_POLICIES)[number];

export const SPOT_STRATEGIES = ['NoSpot', 'SpotWithPriceLimit', 'SpotAsPriceGo'] as const;
export type SpotStrategy = (typeof SPOT_STRATEGIES)[number];

export const IMAGE_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export type ImagePullPolicy = (typeof IMAGE_PULL_POLICIES)[number];

export interface Tag {
  key: string;
  value: string;
}

export type ContainerStateName = 'Waiting' | 'Running' | 'Terminated';

export interface ContainerState {
  state: ContainerStateName;
  startTime?: Micros;
  finishTime?: Micros;
  exitCode?: number;
  /** Waiting: ContainerCreating, CrashLoopBackOff; Terminated: Completed, Error. */
  reason?: string;
  message?: string;
}

export interface Container extends ContainerDeclaration {
  name: string;
  image: string;
  /**
   * vCPUs of the container: what it asked for, or, when it named none, the group's (containers
   * without sizes share the instance's resources: ECI's "specify vCPU and memory" guide).
   */
  cpu: number;
  /** GiB of the container, as cpu: asked for, or the group's. */
  memory: number;
  /**
   * The container named no Memory and shares the instance's: going over it is a system OOM
   * (PodOOMKilled), not its own cgroup's (OOMKilled).
   */
  sharesInstanceMemory?: true;
  gpu: number;
  commands: string[];
  args: string[];
  imagePullPolicy: ImagePullPolicy;
  restartCount: number;
  ready: boolean;
  currentState: ContainerState;
  /** The state before the last restart (kept, as Kubernetes' lastState). */
  previousState?: ContainerState;
}

export interface ContainerGroup {
  /** `eci-` and 20 lowercase letters and digits. */
  id: string;
  account: string;
  name: string;
  /** Always 'default': native ECI groups live in no Kubernetes namespace of their own. */
  namespace: string;
  regionId: string;
  zoneId: string;
  status: GroupStatus;
  creationTime: Micros;
  /** When the status last changed. */
  statusTime: Micros;
  /** When the group was placed on its host and began starting containers. */
  startTime?: Micros;
  /** The Kubernetes node its pod was assigned to when placed (the Scheduled event names it). */
  nodeName?: string;
  succeededTime?: Micros;
  failedTime?: Micros;
  /** When it became Expired (a spot instance the market took back). */
  expiredTime?: Micros;
  instanceType: string;
  cpu: number;
  memory: number;
  vpcId: string;
  vSwitchId: string;
  securityGroupId: string;
  /** Given when the platform places the group ('' before). */
  intranetIp: string;
  /** The EIP bound to the group, and its address. */
  eipInstanceId?: string;
  internetIp?: string;
  /** The modelled host the group runs on, once placed (not an ECI field: the world's). */
  hostId?: string;
  resourceGroupId: string;
  tags: Tag[];
  restartPolicy: RestartPolicy;
  spotStrategy: SpotStrategy;
  spotPriceLimit?: number;
  containers: Container[];
  /** InitContainer.N: run one at a time before the containers (lifecycle.ts). */
  initContainers: Container[];
  volumes: VolumeSpec[];
  dnsConfig?: DnsConfigSpec;
  hostAliases: HostAliasSpec[];
  /** SecurityContext.Sysctl.N (DescribeContainerGroups' EciSecurityContext). */
  sysctls: SysctlSpec[];
  /** EphemeralStorage: GiB added to the instance's 30 GiB of temporary storage (0: none). */
  ephemeralStorage: number;
  ramRoleName?: string;
  /** Every other accepted CreateContainerGroup parameter, by its wire name, kept as sent. */
  extra: Record<string, string>;
}

/** The object every event of a group is about: the Pod the group stands for. */
export function podRef(group: Pick<ContainerGroup, 'id' | 'name' | 'namespace'>) {
  return { kind: 'Pod', apiVersion: 'v1', name: group.name, namespace: group.namespace, uid: group.id };
}
