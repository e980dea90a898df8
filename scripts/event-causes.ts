// What causes each catalog row in the emulator, and the shortest way to make it happen: the text
// of docs/EVENTS.md's cause and trigger columns (scripts/events-doc.ts renders the file, rows from
// src/catalog). Keys are `Reason`, or `Reason#n` (n from 1 in the seed's order) for the four
// reasons with two templates, as test/support/world-scenarios.ts names them. Each text was
// checked against the code that records the row (src/emulator/world/provision.ts, causes/*.ts,
// plan-create.ts, lifecycle.ts, incidents.ts, container-run.ts); change them with that code.
//
// Triggers start from the default world on `eci-events serve --clock virtual`. "apply X" is
// `eci-events world apply` of a file holding X; "create P" is CreateContainerGroup in
// cn-hangzhou with one container and the parameters P; "then advance" is `eci-events clock
// advance 2s`, which takes a new group past its scheduling step (0.6 s after the call).

export interface Cause {
  /** What in the world (or the call, or an injected fault) records the row, and what follows. */
  cause: string;
  /** The shortest way to see it; absent for a row nothing causes yet (the doc then says how to record one by hand). */
  trigger?: string;
}

const refused = 'the group ends **ScheduleFailed**; with `DryRun=true` the call itself is refused';
const sls = '`Container.1.EnvironmentVar.1.Key=aliyun_logs_app` `…Value=stdout`';

/** The seed's ContainerGroup and Resource rows: every one has a cause in the emulator. */
export const CAUSES: Readonly<Record<string, Cause>> = {
  // ---- ContainerGroup ----
  StockExhaust: {
    cause:
      "At placement, the creation left fewer units of its type in the zone (`stock`, or `spotStock` for a spot instance) than the zone's `lowWaterMark`; argument `zone: Z, instanceType: T, left: N`. The group runs.",
    trigger:
      'apply `{regions: [{regionId: cn-hangzhou, zones: [{zoneId: cn-hangzhou-k, stock: 1, lowWaterMark: 1}]}]}`; `eci-events groups create web --image nginx`, then advance',
  },
  NoStock: {
    cause: `At the scheduling step, no zone asked for has a unit of any type asked for (\`stock\`; for a spot request neither market), or does not offer the type (\`instanceTypes\`); one event per zone and type, argument \`zone: Z, instanceType: T\`; ${refused} (code \`NoStock\`).`,
    trigger: '`eci-events world stock --zone cn-hangzhou-k 0`; `eci-events groups create web --image nginx`, then advance',
  },
  InsufficientBalance: {
    cause: `At the scheduling step, the account's \`balance\` (as set, less what its instances have cost by the hour of the service's clock) is less than one hour of the type being tried, at the price of the market it would be bought on (spot or pay-as-you-go); argument the type; ${refused} (code \`InsufficientBalance\`).`,
    trigger: '`eci-events world balance 0`; `eci-events groups create web --image nginx`, then advance',
  },
  StockClose: {
    cause:
      'At the scheduling step, the zone is `closed`, or `limited` and the account has no living instance in it; argument `zone: Z, state: S`; the group ends **ScheduleFailed**.',
    trigger: '`eci-events world zone cn-hangzhou-k --state closed`; `eci-events groups create web --image nginx`, then advance',
  },
  'FailedScheduling#1': {
    cause: 'The fault `scheduler-error` on the zone (or region) the group goes to; the group ends **ScheduleFailed**.',
    trigger: '`eci-events fault inject scheduler-error cn-hangzhou-k`; `eci-events groups create web --image nginx`, then advance',
  },
  'FailedScheduling#2': {
    cause:
      "At the scheduling step, no healthy host of the zone has the type's vCPUs free (`hosts` full, failed or under maintenance); argument `no healthy host in zone Z has N vCPUs free`; the group ends **ScheduleFailed**.",
    trigger:
      'apply `{regions: [{regionId: cn-hangzhou, zones: [{zoneId: cn-hangzhou-k, hosts: 0}]}]}`; `eci-events groups create web --image nginx`, then advance',
  },
  'UnknownError#1': {
    cause: 'The fault `service-overload` on the region; the group ends **ScheduleFailed**.',
    trigger: '`eci-events fault inject service-overload cn-hangzhou`; `eci-events groups create web --image nginx`, then advance',
  },
  'DiskCapacityQuotaFull#1': {
    cause: `At the scheduling step, the GiB of \`EphemeralStorage\` and new disks (\`Volume.N.DiskVolume.DiskSize\` without a DiskId) of the account's living instances, with this one's, would pass \`quotas.diskGiB\`; ${refused} (code \`DiskCapacityQuotaFull\`).`,
    trigger: 'apply `{accounts: [{id: default, quotas: {diskGiB: 10}}]}`; create `EphemeralStorage=20`, then advance',
  },
  'DiskCapacityQuotaFull#2': {
    cause: `As the row before, against the region's \`quotas.diskGiBPerRegion\`; argument the region; ${refused} (code \`DiskCapacityQuotaFull\`).`,
    trigger: 'apply `{accounts: [{id: default, quotas: {diskGiBPerRegion: {cn-hangzhou: 10}}}]}`; create `EphemeralStorage=20`, then advance',
  },
  AttachDiskFailed: {
    cause:
      "At the scheduling step, a `Volume.N.DiskVolume.DiskId` is not in the region's `disks`, is in another zone than the one chosen, is `attachedTo` another instance or is held by another group; argument the disk id; the group ends **ScheduleFailed**.",
    trigger: 'create `Volume.1.Name=data` `Volume.1.Type=DiskVolume` `Volume.1.DiskVolume.DiskId=d-nope`, then advance',
  },
  'UnknownError#2': {
    cause: 'The fault `internal-error` on the region; argument the group id; the group ends **ScheduleFailed**.',
    trigger: '`eci-events fault inject internal-error cn-hangzhou`; `eci-events groups create web --image nginx`, then advance',
  },
  CpuOptionsNotSupported: {
    cause:
      'At the scheduling step, the create gives `CpuOptionsCore` or `CpuOptionsThreadsPerCore` and the zone has `cpuOptions: false`; argument the type; the group ends **ScheduleFailed**.',
    trigger: 'apply `{regions: [{regionId: cn-hangzhou, zones: [{zoneId: cn-hangzhou-k, cpuOptions: false}]}]}`; create `CpuOptionsCore=1`, then advance',
  },
  CpuOptionsNotValid: {
    cause:
      "At the scheduling step, `CpuOptionsThreadsPerCore` is not 1 or 2, or `CpuOptionsCore` × 2 is more than the type's vCPUs; argument the type; the group ends **ScheduleFailed**.",
    trigger: 'create `CpuOptionsThreadsPerCore=4`, then advance',
  },
  SYSTEM_FAILURE: {
    cause:
      "The group's host fails (`host-failure`) or reboots (`host-reboot`) while the group is still starting (placed, not yet Running), or fails with no other healthy host of the zone having room; also a maintenance deadline with nowhere to go. The group ends **Failed**.",
    trigger: '`eci-events groups create web --image nginx`; `eci-events clock advance 700ms`; `eci-events fault inject host-failure h-cn-hangzhou-k-1`',
  },
  SystemFailureReboot: {
    cause:
      'The host of a Running group fails (`host-failure`: the group moves to the healthy host of its zone with the most room) or reboots (`host-reboot`: it restarts in place): **Restarting**, then Running.',
    trigger: '`eci-events groups create web --image nginx`, then advance; `eci-events fault inject host-failure h-cn-hangzhou-k-1`; advance',
  },
  StartingFailed: {
    cause:
      'The fault `runtime-error` on the host the group was placed on: recorded after `Scheduled`, argument `--detail` or `the container runtime on host H is not responding`; the group ends **Failed**.',
    trigger: '`eci-events fault inject runtime-error h-cn-hangzhou-k-1`; `eci-events groups create web --image nginx`, then advance',
  },
  SystemReboot: {
    cause:
      "The fault `host-maintenance` on the group's host: the notice at once (argument `--detail`, or `a maintenance plan of host H`); at the deadline (`--in`, default 48h) groups still there are restarted on another host (Restarting, then Running; Failed with SYSTEM_FAILURE when none has room).",
    trigger:
      '`eci-events groups create web --image nginx`, then advance; `eci-events fault inject host-maintenance h-cn-hangzhou-k-1 --detail "a kernel upgrade"`',
  },
  'Throttling#1': {
    cause:
      "At the scheduling step, the region's creations in the last minute (every account) reached `flowControl.platformCreatesPerMinute`: retried after a back-off (CreateBackoff), the group still Scheduling; once `flowControl.retries` are spent, **ScheduleFailed**.",
    trigger: 'apply `{flowControl: {platformCreatesPerMinute: 1}}`; `eci-events groups create web --image nginx` twice, then advance',
  },
  'Throttling#2': {
    cause: "As the row before, for the account's creations against `flowControl.accountCreatesPerMinute`; argument `User`.",
    trigger: 'apply `{flowControl: {accountCreatesPerMinute: 1}}`; `eci-events groups create web --image nginx` twice, then advance',
  },
  SpotDegraded: {
    cause:
      "At placement, a spot request (`SpotAsPriceGo`, or `SpotWithPriceLimit` under the zone's `spotPrice`) found no `spotStock` of the type, or a price over its limit, but on-demand `stock`: it runs pay-as-you-go (SpotStrategy NoSpot); argument the type. The group runs.",
    trigger: 'create `SpotStrategy=SpotWithPriceLimit` `SpotPriceLimit=0.001`, then advance (the default spot price of ecs.c6.large is 0.0492)',
  },
  SpotToBeReleased: {
    cause:
      "The spot market takes a spot instance back (`eci-events world reclaim`, or a `spotPrice` raised above a running instance's `SpotPriceLimit`): the notice once it has run `spot.protectionMinutes` (at once if it has), argument `spot.noticeMinutes`; that long later StopCharge and **Expired**.",
    trigger: 'create `SpotStrategy=SpotAsPriceGo`; `eci-events clock advance 1h`; `eci-events world reclaim --zone cn-hangzhou-k`',
  },
  CreateBackoff: {
    cause:
      'A creation refused by flow control (Throttling) is tried again: argument `Back-off Ns before creating container group ID again (retry n of N): the creation was denied by flow control`, the wait `flowControl.backoffSeconds` doubling each time.',
    trigger: 'as Throttling; `eci-events clock advance 10s` shows the retry',
  },
  QuotaExceeded: {
    cause: `At the scheduling step, the vCPUs of the account's living instances with those of the type being tried would pass \`quotas.vcpu\`, or its living instances of the type would pass \`quotas.instanceTypes\`; argument the type; ${refused} (code \`QuotaExceeded\`).`,
    trigger: 'apply `{accounts: [{id: default, quotas: {vcpu: 1}}]}`; `eci-events groups create web --image nginx`, then advance',
  },
  ParamLengthExceed: {
    cause:
      'At the call, a parameter the emulator keeps as sent (one it does not interpret, e.g. `HostName`) is longer than `platform.paramMaxLength` (4096): it is not kept; argument its name. The group runs.',
    trigger: 'create `HostName=` with 5000 characters',
  },
  IgnoreInstanceTypeFeatures: {
    cause:
      'At the call, `InstanceType` comes with `CpuArchitecture`, which only chooses among Cpu/Memory-sized types; argument the types named. The group runs.',
    trigger: 'create `InstanceType=ecs.c6.large` `CpuArchitecture=ARM64`',
  },
  EphemeralStorageSizeExceededJobLimit: {
    cause: `At the scheduling step, a job (\`RestartPolicy\` Never or OnFailure) asks for more \`EphemeralStorage\` than \`platform.jobEphemeralStorageLimitGiB\` (100); arguments \`NGiB\`, \`LGiB\`; ${refused} (code \`EphemeralStorageSizeExceededJobLimit\`).`,
    trigger: 'create `RestartPolicy=Never` `EphemeralStorage=200`, then advance',
  },
  MultiZoneRecommendations: {
    cause:
      'With NoStock or StockClose in the one zone asked for, when other open zones of the region have stock and a host for it: argument `Zones … of region R can create this instance now; specify vSwitches in several zones …`. The group ends **ScheduleFailed**.',
    trigger: "as NoStock (the default world's other zones have stock)",
  },
  AutoInstanceTypeMatch: {
    cause:
      "At the call, `Cpu`/`Memory` (or the containers' sums) become the smallest type of `instanceTypes` that holds them (same architecture; GPU types only for GPUs); argument the type.",
    trigger: '`eci-events groups create web --image nginx --cpu 2 --memory 4`',
  },
  MemoryReservationAdded: {
    cause: 'At the call, a Cpu/Memory-sized group gets `platform.memoryReservationMiB` more memory (so possibly a bigger type).',
    trigger: 'apply `{platform: {memoryReservationMiB: 512}}`; `eci-events groups create web --image nginx --cpu 2 --memory 4`',
  },
  UserInstanceTypeSpec: {
    cause: 'At the call, `InstanceType` names the type (up to five, tried in order at placement); argument the first.',
    trigger: 'create `InstanceType=ecs.g6.large`',
  },
  DefaultInstanceTypeMatch: {
    cause: "At the call, neither `InstanceType` nor `Cpu`/`Memory`: the world's `defaultInstanceType`.",
    trigger: '`eci-events groups create web --image nginx`',
  },
  StopCharge: {
    cause:
      'DeleteContainerGroup (Terminating, then gone) of a group that was placed (one never placed was never charged), or the release of a reclaimed spot instance (**Expired**).',
    trigger: '`eci-events groups delete eci-…`',
  },

  // ---- Resource ----
  Unauthorized: {
    cause: `At the scheduling step, the account has \`serviceLinkedRole: false\` (argument \`AliyunServiceRoleForECI (the service-linked role does not exist)\`), or its \`deniedActions\` hold an action the creation needs (the argument): \`ecs:CreateNetworkInterface\` and \`ecs:AttachNetworkInterface\` always, \`vpc:AllocateEipAddress\` for AutoCreateEip, \`vpc:AssociateEipAddress\` for AutoCreateEip or EipInstanceId, \`ecs:AttachDisk\` for disk volumes, \`log:CreateLogStore\` for log collection; ${refused} (code \`Unauthorized\`).`,
    trigger: 'apply `{accounts: [{id: default, serviceLinkedRole: false}]}`; `eci-events groups create web --image nginx`, then advance',
  },
  ResourceInsufficient: {
    cause:
      'At the scheduling step, the vSwitch has no free address (its first and last three are reserved; ENIs of `enis` and groups hold the rest); argument the vSwitch id; the group ends **ScheduleFailed**.',
    trigger:
      'apply `{regions: [{regionId: cn-hangzhou, vpcs: [{vpcId: vpc-tiny, vSwitches: [{vSwitchId: vsw-tiny, zoneId: cn-hangzhou-k, cidr: 192.168.0.0/29}]}]}]}`; create `VSwitchId=vsw-tiny` five times, then advance (a /29 has four addresses)',
  },
  QuotaFull: {
    cause: `At the scheduling step, the group's security group already holds \`maxInstances\` living instances; argument its id; ${refused} (code \`QuotaFull\`).`,
    trigger:
      'apply `{regions: [{regionId: cn-hangzhou, securityGroups: [{securityGroupId: sg-bp1emudefault0000000, maxInstances: 0}]}]}`; `eci-events groups create web --image nginx`, then advance',
  },
  CreateENIFailed: {
    cause:
      'The fault `eni-service-error` on the region, after a place was found; argument `Create ENI in vSwitch V failed: …`; the group ends **ScheduleFailed**.',
    trigger: '`eci-events fault inject eni-service-error cn-hangzhou`; `eci-events groups create web --image nginx`, then advance',
  },
  AttachENIFailed: {
    cause: 'The fault `eni-attach-error` on the host chosen; argument `Attach ENI to the instance on host H failed: …`; the group ends **ScheduleFailed**.',
    trigger: '`eci-events fault inject eni-attach-error h-cn-hangzhou-k-1`; `eci-events groups create web --image nginx`, then advance',
  },
  AttachENIConflict: {
    cause: 'At the scheduling step, `PrivateIpAddress` is held by another ENI (`enis`) or group in the vSwitch; the group ends **ScheduleFailed**.',
    trigger: 'create `PrivateIpAddress=172.16.80.9` twice, then advance',
  },
  MissDefaultVpc: {
    cause: `At the scheduling step, a create without \`VSwitchId\` in a region whose \`vpcs\` have no \`isDefault\` one; ${refused} (code \`MissDefaultVpc\`).`,
    trigger:
      'apply `{regions: [{regionId: cn-hangzhou, vpcs: [{vpcId: vpc-bp1emudefault0000000, isDefault: false}]}]}`; `eci-events groups create web --image nginx`, then advance',
  },
  CreateEipFailed: {
    cause:
      "At the scheduling step, `AutoCreateEip=true` and: the fault `eip-service-error` on the region, the account holds `quotas.eips` allocated EIPs already, or `EipCommonBandwidthPackage` is not in the region's `bandwidthPackages`; the group ends **ScheduleFailed**.",
    trigger: 'create `AutoCreateEip=true` `EipCommonBandwidthPackage=cbwp-nope`, then advance',
  },
  EipBandwidthPackageQuotaExceeded: {
    cause:
      'At the scheduling step, `AutoCreateEip=true` into an `EipCommonBandwidthPackage` that holds its `maxEips` already; the group ends **ScheduleFailed**.',
    trigger:
      'apply `{regions: [{regionId: cn-hangzhou, bandwidthPackages: [{id: cbwp-1, maxEips: 0}]}]}`; create `AutoCreateEip=true` `EipCommonBandwidthPackage=cbwp-1`, then advance',
  },
  EipNotFound: {
    cause:
      "At the scheduling step, `EipInstanceId` is neither in the region's `eips` nor one the platform allocated for the account; the group ends **ScheduleFailed**.",
    trigger: 'create `EipInstanceId=eip-nope`, then advance',
  },
  EipBoundOtherInstance: {
    cause: 'At the scheduling step, the `EipInstanceId` has `boundTo`, or a living group holds it; the group ends **ScheduleFailed**.',
    trigger:
      'apply `{regions: [{regionId: cn-hangzhou, eips: [{allocationId: eip-1, ipAddress: 47.96.0.1, boundTo: i-other}]}]}`; create `EipInstanceId=eip-1`, then advance',
  },
  AliyunSlsQuotaExceed: {
    cause: 'After placement, log collection needs a new logstore in a project that holds `logstoreQuota` already. The group runs, without that collection.',
    trigger: `apply \`{accounts: [{id: default, slsProjects: [{name: logs, regionId: cn-hangzhou, logstoreQuota: 0}]}]}\`; create ${sls}, then advance`,
  },
  AliyunSlsError: {
    cause: 'After placement, the fault `sls-service-error` on the region when the group asks for log collection. The group runs, without it.',
    trigger: `\`eci-events fault inject sls-service-error cn-hangzhou\`; create ${sls}, then advance`,
  },
  AliyunSlsProjectInvalid: {
    cause:
      'After placement, log collection names a project (`aliyun_logs_{logstore}_project`) the account does not have in the region, or the account has no `slsProjects` there at all. The group runs, without it.',
    trigger: `create ${sls}, then advance (the default account has no SLS project)`,
  },
  AliyunSlsConfigFormatError: {
    cause:
      'After placement, an `aliyun_logs_*` variable is not valid: a logstore name, a source other than `stdout` or an absolute path, `_ttl` not 1–3650, `_shard` not 1–100, `_project` not a project name; arguments the variable and its value. The group runs.',
    trigger: 'create `Container.1.EnvironmentVar.1.Key=aliyun_logs_app` `…Value=somewhere`, then advance',
  },
};

const agentKmsg = (line: string) => `\`eci-events agent --rules rules/ --kmsg FILE --group eci-…\` with FILE holding the kmsg record \`6,1,0,-;${line}\``;

/**
 * The System O&M rows that come from what a host sees, through the host agent and the rule files
 * in rules/ (docs/AGENT.md): a kernel log line or a disk past its mark, on the group it concerns.
 */
export const AGENT_HOST_CAUSES: Readonly<Record<string, Cause>> = {
  OOMKilled: {
    cause:
      "A container goes over its own Memory (the workload verbs, docs/WORKLOADS.md: `mem 2Gi`, `mem +64Mi/s`): the memory cgroup kills it, with the kernel's line as message (`Memory cgroup out of memory: Kill process PID (sh) score 1000 or sacrifice child`); the container ends Terminated, exit code 137, reason OOMKilled, and its restart policy applies (a crash loop under Always). The host agent also reads such a kill in the kernel log (rules/kernel-oom.json) and reports it on the group and container whose cgroup it names.",
    trigger:
      'create `Container.1.Memory=1` `Container.1.Command.1=sh` `…Command.2=-c` `Container.1.Arg.1=mem 2Gi; sleep infinity`, then advance; or ' +
      agentKmsg('Memory cgroup out of memory: Kill process 15848 (xsim_traffic_fl) score 337 or sacrifice child'),
  },
  PodOOMKilled: {
    cause:
      "The containers together go over the instance's memory, which they share (the workload verbs): a system OOM, `System OOM encountered, victim process: sh, pid: PID` (kubelet's SystemOOM wording); the victim is the one the kernel's oom_badness scores highest (with kubelet's oom_score_adj: containers without a Memory of their own first, the largest user), and ends with exit code 137, OOMKilled; the others run on. The host agent also reads a system-wide kill in the kernel log (rules/kernel-oom.json), on the group whose process was the victim.",
    trigger:
      'create `Memory=2` `Container.1.Command.1=sh` `…Command.2=-c` `Container.1.Arg.1=mem +1Gi/s; sleep infinity`, then advance 5s; or ' +
      agentKmsg('Out of memory: Kill process 4242 (java) score 900 or sacrifice child'),
  },
  DiskFull: {
    cause:
      "The containers' writes (the workload verb `disk`) together go past the instance's temporary storage, 30 GiB free plus EphemeralStorage, which their writable layers share: the writer whose write does not fit writes `disk: write error: No space left on device` and exits 1 (nothing is evicted). The host agent's statfs of the instance's root disk, every 30 s, also reports it at 95 % used or more (rules/disk.json).",
    trigger:
      'create `Container.1.Command.1=sh` `…Command.2=-c` `Container.1.Arg.1=disk 31Gi; sleep infinity`, then advance; or `eci-events agent --rules rules/ --group eci-…` on a machine whose `/` is 95 % full',
  },
  NfsError: {
    cause: 'The host agent reads an NFS client error in the kernel log (rules/kernel-nfs.json: the NFSv4 state manager failing, or a server not responding).',
    trigger: agentKmsg('NFS: state manager: bind conn to session failed on NFSv4 server 172.16.0.1 with error 121'),
  },
  GPULostCard: {
    cause: 'The host agent reads an NVIDIA Xid 79 (the GPU has fallen off the bus) in the kernel log (rules/kernel-gpu.json).',
    trigger: agentKmsg('NVRM: Xid (PCI:0000:00:07): 79, pid=1234, GPU has fallen off the bus.'),
  },
};

const hostFault = (kind: string) =>
  `\`eci-events fault inject ${kind} HOST\` on the host of a running group (\`eci-events world host-list\` shows where groups run)`;

/** The System O&M rows the emulator's modelled hosts produce (src/emulator/incidents.ts); the others come from the agent. */
export const HOST_CAUSES: Readonly<Record<string, Cause>> = {
  SandboxNotReady: {
    cause:
      'A planned maintenance reaches its deadline (fault `host-maintenance`, default 48 h) with the group still on the host: it is restarted elsewhere for active O&M (Restarting, then Running).',
    trigger: `${hostFault('host-maintenance')} --in 1m, then advance 1m`,
  },
  SandboxNotReadyUnExpected: {
    cause: 'The host fails (fault `host-failure`): an unexpected breakdown; with SystemFailureReboot the group is moved to a healthy host.',
    trigger: hostFault('host-failure'),
  },
  SandboxRebootCanceled: {
    cause: 'A planned maintenance is cleared (`eci-events fault clear ID`) before its deadline: the restart it announced is called off.',
    trigger: `${hostFault('host-maintenance')}, then \`eci-events fault clear fault-N\``,
  },
  SandboxRebootSucceeded: {
    cause: 'A group restarted by a host failure, reboot or maintenance is Running again.',
    trigger: `${hostFault('host-reboot')}, then advance 2s`,
  },
  ScheduledMaintenance: {
    cause:
      "A maintenance is planned on the host (fault `host-maintenance`): to each group on it, the plan as JSON: `originReason` Redeploy, `originMessage` the fault's detail, `planExecTime` the deadline in +08:00 (with SystemReboot).",
    trigger: hostFault('host-maintenance'),
  },
  RuntimeCrashed: {
    cause: 'The host reboots (fault `host-reboot`): its virtual machines crashed; with SystemFailureReboot the group restarts in place.',
    trigger: hostFault('host-reboot'),
  },
  RuntimeIssueDetected: {
    cause:
      "The host's container runtime breaks (fault `runtime-error`): groups running there see the anomaly (groups starting there fail: StartingFailed). The agent also reports it from kernel lines (issue 6).",
    trigger: hostFault('runtime-error'),
  },
};

/** The Kubernetes agent's rows (src/catalog/agent-rows.ts): part of the lifecycle already, but three. */
export const AGENT_CAUSES: Readonly<Record<string, Cause>> = {
  Scheduled: {
    cause: 'The platform placed the group at its scheduling step; arguments `default/NAME`, `virtual-kubelet-ZONE`.',
    trigger: '`eci-events groups create web --image nginx`, then advance',
  },
  Pulling: {
    cause: 'A container starts and its image is not on the host yet (first start, after a host move), or its ImagePullPolicy is Always.',
    trigger: '`eci-events groups create web --image nginx`, then advance',
  },
  'Pulled#1': {
    cause:
      "The pull is done after its modelled time (3 + missing layers round trips at the registry's latency, the missing bytes at its speed, slowed by a `registry-slow` fault); arguments the image and the time it took (800ms for the default image from the default registry).",
    trigger: '`eci-events groups create web --image nginx`, then advance',
  },
  'Pulled#2': {
    cause: 'A container starts with its image on the host already (a restart, ImagePullPolicy IfNotPresent or Never).',
    trigger: '`eci-events groups create web --image busybox --command "exit 1"`; `eci-events clock advance 5s`',
  },
  Created: { cause: 'Each container start, after its image.', trigger: '`eci-events groups create web --image nginx`, then advance' },
  Started: { cause: 'Each container start.', trigger: '`eci-events groups create web --image nginx`, then advance' },
  Killing: {
    cause:
      'The platform stops a running container: DeleteContainerGroup, RestartContainerGroup, UpdateContainerGroup of the container, a host failure, reboot or maintenance.',
    trigger: '`eci-events groups restart eci-…`',
  },
  'BackOff#1': {
    cause:
      "Each pod sync that skips restarting an exited container in its back-off (restart policy Always, or OnFailure after a non-zero exit): kubelet restarts a first exit at once, then waits 10 s doubling to 5 min and re-syncs at the back-off's end (at most 1 min away, jittered by up to half), recording BackOff each time; the container waits in CrashLoopBackOff (src/emulator/crash-loop.ts).",
    trigger: '`eci-events groups create web --image busybox --command "exit 1"`; `eci-events clock advance 5s`',
  },
  'BackOff#2': {
    cause:
      "A pod sync (every 10 s after a failed one) within the back-off of a failed pull of the image (10 s doubling to 5 min, as kubelet's image manager): no pull; Normal, as kubelet records it. The container waits ImagePullBackOff; the group stays Pending.",
    trigger: '`eci-events groups create web --image registry.example.invalid/app`; `eci-events clock advance 25s`',
  },
  'Failed#1': {
    cause:
      "A pull fails, with containerd's reason: the host does not resolve (`.invalid`, `.test`, the world's `unresolvable`), the registry does not answer (`reachable: false`, the fault `registry-outage`: after the 30 s dial timeout), a private registry without or with wrong `ImageRegistryCredential`, a tag or repository a `closed` registry does not have, no manifest for the instance type's architecture. The container waits ErrImagePull; the group stays Pending.",
    trigger: '`eci-events groups create web --image registry.example.invalid/app`, then advance',
  },
  'Failed#2': {
    cause:
      'With `Error: ErrImagePull` after each failed pull, `Error: ImagePullBackOff` after each BackOff, `Error: ErrImageNeverPull` at each sync of a container whose ImagePullPolicy is Never and whose image is not on the host, `Error: InvalidImageName` for a reference docker cannot parse.',
    trigger: '`eci-events groups create web --image registry.example.invalid/app`, then advance',
  },
  Unhealthy: { cause: 'Not yet: probes are not modelled.' },
};
