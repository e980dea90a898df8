// CreateContainerGroup's echo through the official SDK: a group created with every parameter
// the SDK's CreateContainerGroupRequest has (the model is walked, so a parameter a new SDK adds
// fails this test until it is given a value here and either echoed or listed as not echoed, with
// the reason) comes back from DescribeContainerGroups with each one in the response's shape, and
// from DescribeContainerGroupStatus with its part. On SQLite and, when it answers, PostgreSQL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.js';
import { $Eci, REGION, sdkClient, sdkError, startServer, type EciClient, type Server } from './support/eci-sdk.js';
import { GROUP_ID, SECURITY_GROUP, ZONE_DEFAULT, vSwitchOf } from './support/eci-views.js';
import { signedFetch } from './support/signed-fetch.js';

const DATA_URL = 'https://models.example.com/echo';
const DATA_PATH = '/models/echo';

type ModelClass = { names(): Record<string, string>; types(): Record<string, unknown>; new (map?: Record<string, unknown>): object };
const Eci = $Eci as unknown as Record<string, ModelClass>;

/** Every leaf of a request model, by wire name with `N` for list indexes (Container.N.Port.N.Port). */
function leaves(model: ModelClass, prefix = ''): string[] {
  const names = model.names();
  const types = model.types();
  return Object.keys(names).flatMap((prop) => {
    const wire = prefix + names[prop]!;
    const t = types[prop] as string | { type?: string; itemType?: unknown } | ModelClass;
    if (typeof t === 'string') return [wire];
    if (typeof t === 'function') return leaves(t, `${wire}.`);
    if (t.type === 'array') return typeof t.itemType === 'string' ? [wire] : leaves(t.itemType as ModelClass, `${wire}.N.`);
    return [wire];
  });
}

/** A request model filled from wire-name paths (`Container.1.Port.2.Port`; string lists take an array). */
function build(model: ModelClass, values: Record<string, unknown>): object {
  const names = model.names();
  const types = model.types();
  const byWire = new Map(Object.entries(names).map(([prop, wire]) => [wire, prop]));
  const map: Record<string, unknown> = {};
  const nested = new Map<string, Record<string, unknown>>();
  for (const [path, value] of Object.entries(values)) {
    const [head, ...rest] = path.split('.');
    const prop = byWire.get(head!);
    if (!prop) throw new Error(`the SDK model has no parameter ${path}`);
    if (rest.length === 0) map[prop] = value;
    else {
      const sub = nested.get(prop) ?? {};
      sub[rest.join('.')] = value;
      nested.set(prop, sub);
    }
  }
  for (const [prop, sub] of nested) {
    const t = types[prop] as { type?: string; itemType?: ModelClass } | ModelClass;
    if (typeof t === 'function') {
      map[prop] = build(t, sub);
      continue;
    }
    const items = new Map<number, Record<string, unknown>>();
    for (const [path, value] of Object.entries(sub)) {
      const [index, ...rest] = path.split('.');
      const item = items.get(Number(index)) ?? {};
      item[rest.join('.')] = value;
      items.set(Number(index), item);
    }
    map[prop] = [...items.entries()].sort(([a], [b]) => a - b).map(([, item]) => build(t.itemType!, item));
  }
  return new model(map);
}

const generic = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '.N');

/** One value for every parameter of the SDK's request (numbers, booleans, strings, string lists). */
const SENT: Record<string, unknown> = {
  RegionId: REGION,
  ZoneId: ZONE_DEFAULT,
  VSwitchId: vSwitchOf('k'),
  SecurityGroupId: SECURITY_GROUP,
  ContainerGroupName: 'echo-everything',
  InstanceType: 'ecs.c6.large',
  Cpu: 2,
  Memory: 4,
  ResourceGroupId: 'rg-echo0000000000001',
  RestartPolicy: 'OnFailure',
  SpotStrategy: 'SpotWithPriceLimit',
  SpotPriceLimit: 0.5,
  SpotDuration: 1,
  StrictSpot: true,
  'Tag.1.Key': 'team',
  'Tag.1.Value': 'echo',
  EphemeralStorage: 50,
  RamRoleName: 'echo-role',
  ClientToken: 'echo-token-1',
  DryRun: false,
  ActiveDeadlineSeconds: 3600,
  TerminationGracePeriodSeconds: 45,
  ShareProcessNamespace: true,
  DnsPolicy: 'None',
  HostName: 'echo-host',
  NtpServer: ['ntp.aliyun.com'],
  CorePattern: '/core/core.%e',
  ContainerResourceView: true,
  OsType: 'Linux',
  ScheduleStrategy: 'VSwitchOrdered',
  CpuArchitecture: 'AMD64',
  CpuOptionsCore: 1,
  CpuOptionsNuma: '1',
  CpuOptionsThreadsPerCore: 2,
  'OverheadReservationOption.EnableOverheadReservation': true,
  PrivateIpAddress: '172.16.80.50',
  AutoCreateEip: false,
  EipInstanceId: 'eip-echo0000000000001',
  EipBandwidth: 5,
  EipISP: 'BGP',
  EipCommonBandwidthPackage: 'cbwp-echo000000000001',
  EgressBandwidth: 1_000_000,
  IngressBandwidth: 1_000_000,
  Ipv6AddressCount: 1,
  Ipv6GatewayBandwidth: '10',
  Ipv6GatewayBandwidthEnable: false,
  FixedIp: 'true',
  FixedIpRetainHour: 48,
  ImageSnapshotId: 'imc-echo000000000001',
  AutoMatchImageCache: false,
  ImageAccelerateMode: 'nydus',
  InsecureRegistry: 'insecure.example.test',
  PlainHttpRegistry: 'plain.example.test',
  'ImageRegistryCredential.1.Server': 'registry.example.test',
  'ImageRegistryCredential.1.UserName': 'puller',
  'ImageRegistryCredential.1.Password': 's3cret',
  'AcrRegistryInfo.1.ArnService': 'acs:ram::1:role/svc',
  'AcrRegistryInfo.1.ArnUser': 'acs:ram::1:role/user',
  'AcrRegistryInfo.1.Domain': ['echo-registry.cn-hangzhou.cr.aliyuncs.com'],
  'AcrRegistryInfo.1.InstanceId': 'cri-echo0001',
  'AcrRegistryInfo.1.InstanceName': 'echo-acr',
  'AcrRegistryInfo.1.RegionId': REGION,
  DataCacheBucket: 'default',
  DataCachePL: 'PL1',
  DataCacheProvisionedIops: 100,
  DataCacheBurstingEnabled: false,
  OwnerAccount: 'owner@example.test',
  OwnerId: 1001,
  ResourceOwnerAccount: 'resource-owner@example.test',
  ResourceOwnerId: 1002,
  'DnsConfig.NameServer': ['10.0.0.10', '10.0.0.11'],
  'DnsConfig.Search': ['svc.echo.local'],
  'DnsConfig.Option.1.Name': 'ndots',
  'DnsConfig.Option.1.Value': '2',
  'HostAliase.1.Ip': '10.0.0.5',
  'HostAliase.1.Hostname': ['db.echo.local', 'cache.echo.local'],
  'SecurityContext.Sysctl.1.Name': 'net.core.somaxconn',
  'SecurityContext.Sysctl.1.Value': '1024',
  'HostSecurityContext.Sysctl.1.Name': 'vm.max_map_count',
  'HostSecurityContext.Sysctl.1.Value': '262144',
  'Volume.1.Name': 'config',
  'Volume.1.Type': 'ConfigFileVolume',
  'Volume.1.ConfigFileVolume.DefaultMode': 0o644,
  'Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path': 'app.conf',
  'Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content': 'bGlzdGVuIDgw',
  'Volume.1.ConfigFileVolume.ConfigFileToPath.1.Mode': 0o600,
  'Volume.2.Name': 'disk',
  'Volume.2.Type': 'DiskVolume',
  'Volume.2.DiskVolume.DiskId': 'd-echo000000000001',
  'Volume.2.DiskVolume.DiskSize': 40,
  'Volume.2.DiskVolume.FsType': 'ext4',
  'Volume.3.Name': 'scratch',
  'Volume.3.Type': 'EmptyDirVolume',
  'Volume.3.EmptyDirVolume.Medium': 'Memory',
  'Volume.3.EmptyDirVolume.SizeLimit': '256Mi',
  'Volume.4.Name': 'flex',
  'Volume.4.Type': 'FlexVolume',
  'Volume.4.FlexVolume.Driver': 'alicloud/disk',
  'Volume.4.FlexVolume.FsType': 'ext4',
  'Volume.4.FlexVolume.Options': '{"volumeId":"d-flex"}',
  'Volume.5.Name': 'host',
  'Volume.5.Type': 'HostPathVolume',
  'Volume.5.HostPathVolume.Path': DATA_PATH,
  'Volume.5.HostPathVolume.Type': 'Directory',
  'Volume.6.Name': 'nfs',
  'Volume.6.Type': 'NFSVolume',
  'Volume.6.NFSVolume.Server': 'nas.echo.local',
  'Volume.6.NFSVolume.Path': '/share',
  'Volume.6.NFSVolume.ReadOnly': true,
  'Container.1.Name': 'web',
  'Container.1.Image': 'nginx:1.25',
  'Container.1.Cpu': 1,
  'Container.1.Memory': 2,
  'Container.1.Gpu': 0,
  'Container.1.ImagePullPolicy': 'Always',
  'Container.1.Command': ['sh', '-c'],
  'Container.1.Arg': ['sleep 3600'],
  'Container.1.WorkingDir': '/srv',
  'Container.1.Stdin': true,
  'Container.1.StdinOnce': true,
  'Container.1.Tty': true,
  'Container.1.EnvironmentVarHide': false,
  'Container.1.EnvironmentVar.1.Key': 'GREETING',
  'Container.1.EnvironmentVar.1.Value': 'hello',
  'Container.1.EnvironmentVar.2.Key': 'POD_IP',
  'Container.1.EnvironmentVar.2.FieldRef.FieldPath': 'status.podIP',
  'Container.1.Port.1.Port': 80,
  'Container.1.Port.1.Protocol': 'TCP',
  'Container.1.Port.2.Port': 53,
  'Container.1.Port.2.Protocol': 'UDP',
  'Container.1.VolumeMount.1.Name': 'nfs',
  'Container.1.VolumeMount.1.MountPath': '/data',
  'Container.1.VolumeMount.1.SubPath': 'web',
  'Container.1.VolumeMount.1.ReadOnly': true,
  'Container.1.VolumeMount.1.MountPropagation': 'HostToContainer',
  'Container.1.LivenessProbe.Exec.Command': ['cat', '/tmp/healthy'],
  'Container.1.LivenessProbe.HttpGet.Path': '/healthz',
  'Container.1.LivenessProbe.HttpGet.Port': 8080,
  'Container.1.LivenessProbe.HttpGet.Scheme': 'HTTP',
  'Container.1.LivenessProbe.TcpSocket.Port': 8081,
  'Container.1.LivenessProbe.InitialDelaySeconds': 5,
  'Container.1.LivenessProbe.PeriodSeconds': 10,
  'Container.1.LivenessProbe.SuccessThreshold': 1,
  'Container.1.LivenessProbe.FailureThreshold': 3,
  'Container.1.LivenessProbe.TimeoutSeconds': 2,
  'Container.1.ReadinessProbe.Exec.Command': ['test', '-f', '/ready'],
  'Container.1.ReadinessProbe.HttpGet.Path': '/ready',
  'Container.1.ReadinessProbe.HttpGet.Port': 9090,
  'Container.1.ReadinessProbe.HttpGet.Scheme': 'HTTPS',
  'Container.1.ReadinessProbe.TcpSocket.Port': 9091,
  'Container.1.ReadinessProbe.InitialDelaySeconds': 7,
  'Container.1.ReadinessProbe.PeriodSeconds': 11,
  'Container.1.ReadinessProbe.SuccessThreshold': 2,
  'Container.1.ReadinessProbe.FailureThreshold': 4,
  'Container.1.ReadinessProbe.TimeoutSeconds': 3,
  'Container.1.SecurityContext.Capability.Add': ['NET_ADMIN', 'SYS_TIME'],
  'Container.1.SecurityContext.ReadOnlyRootFilesystem': true,
  'Container.1.SecurityContext.RunAsUser': 1000,
  'Container.1.SecurityContextRunAsGroup': 1000,
  'Container.1.SecurityContextRunAsNonRoot': true,
  'Container.1.TerminationMessagePath': '/dev/termination-log',
  'Container.1.TerminationMessagePolicy': 'FallbackToLogsOnError',
  'Container.1.LifecyclePostStartHandlerExec': ['sh', '-c', 'echo started'],
  'Container.1.LifecyclePostStartHandlerHttpGetHost': '127.0.0.1',
  'Container.1.LifecyclePostStartHandlerHttpGetPath': '/started',
  'Container.1.LifecyclePostStartHandlerHttpGetPort': 8080,
  'Container.1.LifecyclePostStartHandlerHttpGetScheme': 'HTTP',
  'Container.1.LifecyclePostStartHandlerHttpGetHttpHeader.1.Name': 'X-Hook',
  'Container.1.LifecyclePostStartHandlerHttpGetHttpHeader.1.Value': 'start',
  'Container.1.LifecyclePostStartHandlerTcpSocketHost': '127.0.0.1',
  'Container.1.LifecyclePostStartHandlerTcpSocketPort': 8082,
  'Container.1.LifecyclePreStopHandlerExec': ['sh', '-c', 'nginx -s quit'],
  'Container.1.LifecyclePreStopHandlerHttpGetHost': '127.0.0.1',
  'Container.1.LifecyclePreStopHandlerHttpGetPath': '/stopping',
  'Container.1.LifecyclePreStopHandlerHttpGetPort': 8080,
  'Container.1.LifecyclePreStopHandlerHttpGetScheme': 'HTTPS',
  'Container.1.LifecyclePreStopHandlerHttpGetHttpHeader.1.Name': 'X-Hook',
  'Container.1.LifecyclePreStopHandlerHttpGetHttpHeader.1.Value': 'stop',
  'Container.1.LifecyclePreStopHandlerTcpSocketHost': '127.0.0.1',
  'Container.1.LifecyclePreStopHandlerTcpSocketPort': 8083,
  'InitContainer.1.Name': 'init-db',
  'InitContainer.1.Image': 'busybox:1.36',
  'InitContainer.1.Cpu': 0.5,
  'InitContainer.1.Memory': 1,
  'InitContainer.1.Gpu': 0,
  'InitContainer.1.ImagePullPolicy': 'IfNotPresent',
  'InitContainer.1.Command': ['sh', '-c'],
  'InitContainer.1.Arg': ['echo init'],
  'InitContainer.1.WorkingDir': '/init',
  'InitContainer.1.EnvironmentVar.1.Key': 'MODE',
  'InitContainer.1.EnvironmentVar.1.Value': 'migrate',
  'InitContainer.1.EnvironmentVar.2.Key': 'NODE',
  'InitContainer.1.EnvironmentVar.2.FieldRef.FieldPath': 'spec.nodeName',
  'InitContainer.1.Port.1.Port': 5432,
  'InitContainer.1.Port.1.Protocol': 'TCP',
  'InitContainer.1.VolumeMount.1.Name': 'config',
  'InitContainer.1.VolumeMount.1.MountPath': '/etc/app',
  'InitContainer.1.VolumeMount.1.SubPath': 'init',
  'InitContainer.1.VolumeMount.1.ReadOnly': false,
  'InitContainer.1.VolumeMount.1.MountPropagation': 'None',
  'InitContainer.1.SecurityContext.Capability.Add': ['CHOWN'],
  'InitContainer.1.SecurityContext.ReadOnlyRootFilesystem': false,
  'InitContainer.1.SecurityContext.RunAsUser': 0,
  'InitContainer.1.TerminationMessagePath': '/dev/init-log',
  'InitContainer.1.TerminationMessagePolicy': 'File',
};

/**
 * Where DescribeContainerGroups shows each parameter: the path in the ContainerGroups[] item as
 * the SDK's toMap() gives it (its wire names), list indexes from 0.
 */
const ECHOED: Record<string, string> = {
  RegionId: 'RegionId',
  ZoneId: 'ZoneId',
  VSwitchId: 'VSwitchId',
  SecurityGroupId: 'SecurityGroupId',
  ContainerGroupName: 'ContainerGroupName',
  InstanceType: 'InstanceType',
  Cpu: 'Cpu',
  Memory: 'Memory',
  ResourceGroupId: 'ResourceGroupId',
  RestartPolicy: 'RestartPolicy',
  SpotStrategy: 'SpotStrategy',
  SpotPriceLimit: 'SpotPriceLimit',
  'Tag.1.Key': 'Tags.0.Key',
  'Tag.1.Value': 'Tags.0.Value',
  EphemeralStorage: 'EphemeralStorage',
  RamRoleName: 'RamRoleName',
  'DnsConfig.NameServer': 'DnsConfig.NameServers',
  'DnsConfig.Search': 'DnsConfig.Searches',
  'DnsConfig.Option.1.Name': 'DnsConfig.Options.0.Name',
  'DnsConfig.Option.1.Value': 'DnsConfig.Options.0.Value',
  'HostAliase.1.Ip': 'HostAliases.0.Ip',
  'HostAliase.1.Hostname': 'HostAliases.0.Hostnames',
  'SecurityContext.Sysctl.1.Name': 'EciSecurityContext.Sysctls.0.Name',
  'SecurityContext.Sysctl.1.Value': 'EciSecurityContext.Sysctls.0.Value',
  'Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path': 'Volumes.0.ConfigFileVolumeConfigFileToPaths.0.Path',
  'Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content': 'Volumes.0.ConfigFileVolumeConfigFileToPaths.0.Content',
  'Volume.2.DiskVolume.DiskId': 'Volumes.1.DiskVolumeDiskId',
  'Volume.2.DiskVolume.FsType': 'Volumes.1.DiskVolumeFsType',
  'Volume.3.EmptyDirVolume.Medium': 'Volumes.2.EmptyDirVolumeMedium',
  'Volume.3.EmptyDirVolume.SizeLimit': 'Volumes.2.EmptyDirVolumeSizeLimit',
  'Volume.4.FlexVolume.Driver': 'Volumes.3.FlexVolumeDriver',
  'Volume.4.FlexVolume.FsType': 'Volumes.3.FlexVolumeFsType',
  'Volume.4.FlexVolume.Options': 'Volumes.3.FlexVolumeOptions',
  'Volume.6.NFSVolume.Server': 'Volumes.5.NFSVolumeServer',
  'Volume.6.NFSVolume.Path': 'Volumes.5.NFSVolumePath',
  'Volume.6.NFSVolume.ReadOnly': 'Volumes.5.NFSVolumeReadOnly',
  ...Object.fromEntries(
    [1, 2, 3, 4, 5, 6].flatMap((n) => [
      [`Volume.${n}.Name`, `Volumes.${n - 1}.Name`],
      [`Volume.${n}.Type`, `Volumes.${n - 1}.Type`],
    ]),
  ),
  ...containerEchoes('Container.1', 'Containers.0', 'Commands'),
  'Container.1.Stdin': 'Containers.0.Stdin',
  'Container.1.StdinOnce': 'Containers.0.StdinOnce',
  'Container.1.Tty': 'Containers.0.Tty',
  'Container.1.VolumeMount.1.SubPath': 'Containers.0.VolumeMounts.0.SubPath',
  ...Object.fromEntries(
    (['LivenessProbe', 'ReadinessProbe'] as const).flatMap((p) => [
      [`Container.1.${p}.Exec.Command`, `Containers.0.${p}.Execs`],
      ...[
        'HttpGet.Path',
        'HttpGet.Port',
        'HttpGet.Scheme',
        'TcpSocket.Port',
        'InitialDelaySeconds',
        'PeriodSeconds',
        'SuccessThreshold',
        'FailureThreshold',
        'TimeoutSeconds',
      ].map((k) => [`Container.1.${p}.${k}`, `Containers.0.${p}.${k}`]),
    ]),
  ),
  ...containerEchoes('InitContainer.1', 'InitContainers.0', 'Command'),
};

/** What Containers[] and InitContainers[] items share (InitContainers[] calls its command `Command`). */
function containerEchoes(from: string, to: string, commands: string): Record<string, string> {
  return {
    [`${from}.Name`]: `${to}.Name`,
    [`${from}.Image`]: `${to}.Image`,
    [`${from}.Cpu`]: `${to}.Cpu`,
    [`${from}.Memory`]: `${to}.Memory`,
    [`${from}.Gpu`]: `${to}.Gpu`,
    [`${from}.ImagePullPolicy`]: `${to}.ImagePullPolicy`,
    [`${from}.Command`]: `${to}.${commands}`,
    [`${from}.Arg`]: `${to}.Args`,
    [`${from}.WorkingDir`]: `${to}.WorkingDir`,
    [`${from}.EnvironmentVar.1.Key`]: `${to}.EnvironmentVars.0.Key`,
    [`${from}.EnvironmentVar.1.Value`]: `${to}.EnvironmentVars.0.Value`,
    [`${from}.EnvironmentVar.2.Key`]: `${to}.EnvironmentVars.1.Key`,
    [`${from}.EnvironmentVar.2.FieldRef.FieldPath`]: `${to}.EnvironmentVars.1.ValueFrom.FieldRef.FieldPath`,
    [`${from}.Port.1.Port`]: `${to}.Ports.0.Port`,
    [`${from}.Port.1.Protocol`]: `${to}.Ports.0.Protocol`,
    ...(from.startsWith('Container') ? { [`${from}.Port.2.Port`]: `${to}.Ports.1.Port`, [`${from}.Port.2.Protocol`]: `${to}.Ports.1.Protocol` } : {}),
    [`${from}.VolumeMount.1.Name`]: `${to}.VolumeMounts.0.Name`,
    [`${from}.VolumeMount.1.MountPath`]: `${to}.VolumeMounts.0.MountPath`,
    [`${from}.VolumeMount.1.ReadOnly`]: `${to}.VolumeMounts.0.ReadOnly`,
    [`${from}.VolumeMount.1.MountPropagation`]: `${to}.VolumeMounts.0.MountPropagation`,
    [`${from}.SecurityContext.Capability.Add`]: `${to}.SecurityContext.Capability.Adds`,
    [`${from}.SecurityContext.ReadOnlyRootFilesystem`]: `${to}.SecurityContext.ReadOnlyRootFilesystem`,
    [`${from}.SecurityContext.RunAsUser`]: `${to}.SecurityContext.RunAsUser`,
  };
}

const NO_FIELD = "DescribeContainerGroups' response model (SDK 2.0.3) has no field for it: the SDK would drop it";
/** The parameters DescribeContainerGroups does not give back as sent, each with the reason. */
const NOT_ECHOED: Record<string, string> = {
  ClientToken: 'idempotency only: a replay with the same token returns the same group (openapi-sdk.test.ts)',
  DryRun: 'a dry run creates nothing to describe',
  'ImageRegistryCredential.N.Password': 'a secret: never shown back',
  'ImageRegistryCredential.N.Server': `${NO_FIELD}; the credentials are used for pulls (world-scenarios-images.test.ts)`,
  'ImageRegistryCredential.N.UserName': `${NO_FIELD}; the credentials are used for pulls`,
  PrivateIpAddress: 'shown as IntranetIp once the group is placed (world-scenarios-network.test.ts), not before',
  EipInstanceId: 'shown as InternetIp once the EIP is bound (world-scenarios-network.test.ts)',
  AutoCreateEip: 'shown as InternetIp once the EIP is allocated (world-scenarios-network.test.ts)',
  Ipv6AddressCount: 'ECI shows the address (Ipv6Address); the emulator models no IPv6 addresses',
  'Volume.N.DiskVolume.DiskSize': `${NO_FIELD}; ResizeContainerGroupVolume reads and changes it`,
  'Volume.N.HostPathVolume.Path': `${NO_FIELD}; with DataCacheBucket it names the data cache mounted`,
  'Volume.N.HostPathVolume.Type': NO_FIELD,
  'Volume.N.ConfigFileVolume.DefaultMode': NO_FIELD,
  'Volume.N.ConfigFileVolume.ConfigFileToPath.N.Mode': NO_FIELD,
  'InitContainer.N.VolumeMount.N.SubPath': `${NO_FIELD} (InitContainers[].VolumeMounts[] has no SubPath)`,
  'Container.N.EnvironmentVarHide': 'its effect is what shows: with true, EnvironmentVars is empty (below)',
  ...Object.fromEntries(
    [
      'ActiveDeadlineSeconds',
      'TerminationGracePeriodSeconds',
      'ShareProcessNamespace',
      'DnsPolicy',
      'HostName',
      'NtpServer',
      'CorePattern',
      'ContainerResourceView',
      'OsType',
      'ScheduleStrategy',
      'CpuArchitecture',
      'CpuOptionsCore',
      'CpuOptionsNuma',
      'CpuOptionsThreadsPerCore',
      'OverheadReservationOption.EnableOverheadReservation',
      'SpotDuration',
      'StrictSpot',
      'EipBandwidth',
      'EipISP',
      'EipCommonBandwidthPackage',
      'EgressBandwidth',
      'IngressBandwidth',
      'Ipv6GatewayBandwidth',
      'Ipv6GatewayBandwidthEnable',
      'FixedIp',
      'FixedIpRetainHour',
      'ImageSnapshotId',
      'AutoMatchImageCache',
      'ImageAccelerateMode',
      'InsecureRegistry',
      'PlainHttpRegistry',
      'AcrRegistryInfo.N.ArnService',
      'AcrRegistryInfo.N.ArnUser',
      'AcrRegistryInfo.N.Domain',
      'AcrRegistryInfo.N.InstanceId',
      'AcrRegistryInfo.N.InstanceName',
      'AcrRegistryInfo.N.RegionId',
      'DataCacheBucket',
      'DataCachePL',
      'DataCacheProvisionedIops',
      'DataCacheBurstingEnabled',
      'OwnerAccount',
      'OwnerId',
      'ResourceOwnerAccount',
      'ResourceOwnerId',
      'HostSecurityContext.Sysctl.N.Name',
      'HostSecurityContext.Sysctl.N.Value',
      'Container.N.SecurityContextRunAsGroup',
      'Container.N.SecurityContextRunAsNonRoot',
      'Container.N.TerminationMessagePath',
      'Container.N.TerminationMessagePolicy',
      'InitContainer.N.TerminationMessagePath',
      'InitContainer.N.TerminationMessagePolicy',
      ...[
        'Exec',
        'HttpGetHost',
        'HttpGetPath',
        'HttpGetPort',
        'HttpGetScheme',
        'HttpGetHttpHeader.N.Name',
        'HttpGetHttpHeader.N.Value',
        'TcpSocketHost',
        'TcpSocketPort',
      ].flatMap((k) => [`Container.N.LifecyclePostStartHandler${k}`, `Container.N.LifecyclePreStopHandler${k}`]),
    ].map((p) => [p, NO_FIELD]),
  ),
};

function at(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[/^\d+$/.test(k) && Array.isArray(o) ? Number(k) : k]), obj);
}

describe('CreateContainerGroup echo: the SDK request model', () => {
  const all = leaves(Eci.CreateContainerGroupRequest!);

  test('every parameter of the SDK request has a value here, and is either echoed or listed as not echoed', () => {
    expect(all.length).toBeGreaterThan(150);
    const given = new Set(Object.keys(SENT).map(generic));
    expect(
      all.filter((p) => !given.has(p)),
      'parameters of the SDK with no value in SENT',
    ).toEqual([]);
    expect(
      [...given].filter((p) => !all.includes(p)),
      'values for parameters the SDK does not have',
    ).toEqual([]);
    const echoed = new Set(Object.keys(ECHOED).map(generic));
    expect(
      all.filter((p) => !echoed.has(p) && !(p in NOT_ECHOED)),
      'parameters neither echoed nor listed as not echoed',
    ).toEqual([]);
    expect(
      all.filter((p) => echoed.has(p) && p in NOT_ECHOED),
      'parameters both echoed and listed as not echoed',
    ).toEqual([]);
    expect(
      Object.keys(ECHOED).filter((p) => !(p in SENT)),
      'echoes of values not sent',
    ).toEqual([]);
  });
});

for (const backend of BACKENDS)
  describe.skipIf(!backend.available)(`CreateContainerGroup echo through the SDK on ${backend.name}`, () => {
    let server: Server;
    let client: EciClient;
    let id: string;
    let cleanup: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const where = await backend.location();
      const dir = mkdtempSync(join(tmpdir(), 'eci-echo-'));
      cleanup = async () => {
        await where.cleanup();
        rmSync(dir, { recursive: true, force: true });
      };
      // DataCacheBucket needs a loaded data cache of the bucket, named by a HostPathVolume: its
      // source is in the world, and the virtual clock lets it load at once.
      const world = join(dir, 'echo.world.json');
      writeFileSync(world, JSON.stringify({ dataSources: [{ type: 'URL', location: DATA_URL, sizeGB: 1 }] }));
      server = await startServer(where.db, ['--world', world, '--clock', 'virtual']);
      client = sdkClient(server.host, 'v3');
      const cache = await client.createDataCache(
        new $Eci.CreateDataCacheRequest({
          regionId: REGION,
          bucket: 'default',
          path: DATA_PATH,
          dataSource: new $Eci.CreateDataCacheRequestDataSource({ type: 'URL', options: { url: DATA_URL } }),
        }),
      );
      expect(cache.statusCode).toBe(200);
      expect((await signedFetch(`${server.url}/v1/clock`, { body: JSON.stringify({ advance: '30m' }) })).status).toBe(200);
      const created = await client.createContainerGroup(build(Eci.CreateContainerGroupRequest!, SENT) as InstanceType<typeof $Eci.CreateContainerGroupRequest>);
      expect(created.statusCode).toBe(200);
      id = created.body!.containerGroupId!;
      expect(id).toMatch(GROUP_ID);
    });
    afterAll(async () => {
      await server?.stop();
      await cleanup?.();
    });

    test('DescribeContainerGroups gives back every echoed parameter, in the response model', async () => {
      const r = await client.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }));
      const group = r.body!.containerGroups![0]!.toMap();
      const wrong = Object.entries(ECHOED)
        .map(([param, path]) => ({ param, path, sent: SENT[param], shown: at(group, path) }))
        .filter((x) => JSON.stringify(x.shown) !== JSON.stringify(x.sent));
      expect(wrong).toEqual([]);
    });

    test('DescribeContainerGroupStatus gives back its part: the group and its containers by name and image', async () => {
      const r = await client.describeContainerGroupStatus(
        new $Eci.DescribeContainerGroupStatusRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
      );
      const item = r.body!.data![0]!;
      expect(item.containerGroupId).toBe(id);
      expect(item.name).toBe(SENT.ContainerGroupName);
      expect(item.podStatus!.containerStatuses!.map((c) => [c.name, c.image])).toEqual([[SENT['Container.1.Name'], SENT['Container.1.Image']]]);
    });

    test('a bad declaration is refused, naming the parameter, and creates nothing', async () => {
      const C = (over: Record<string, unknown>) => new $Eci.CreateContainerGroupRequestContainer({ name: 'app', image: 'nginx', ...over });
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ container: [C({ port: [new $Eci.CreateContainerGroupRequestContainerPort({ port: 70000 })] })] }, 'Container.1.Port.1.Port'],
        [
          {
            container: [
              C({
                environmentVar: [
                  new $Eci.CreateContainerGroupRequestContainerEnvironmentVar({
                    key: 'A',
                    value: '1',
                    fieldRef: new $Eci.CreateContainerGroupRequestContainerEnvironmentVarFieldRef({ fieldPath: 'status.podIP' }),
                  }),
                ],
              }),
            ],
          },
          'Container.1.EnvironmentVar.1.FieldRef.FieldPath',
        ],
        [
          { container: [C({ livenessProbe: new $Eci.CreateContainerGroupRequestContainerLivenessProbe({ periodSeconds: 0 }) })] },
          'Container.1.LivenessProbe.PeriodSeconds',
        ],
        [{ container: [C({})], volume: [new $Eci.CreateContainerGroupRequestVolume({ name: 'v', type: 'CephVolume' })] }, 'Volume.1.Type'],
        [{ container: [C({})], initContainer: [new $Eci.CreateContainerGroupRequestInitContainer({ name: 'app', image: 'busybox' })] }, 'InitContainer.1.Name'],
      ];
      for (const [over, param] of cases) {
        const f = await sdkError(
          client.createContainerGroup(new $Eci.CreateContainerGroupRequest({ regionId: REGION, containerGroupName: 'echo-refused', ...over })),
        );
        expect([f.statusCode, f.data.Code], param).toEqual([400, 'InvalidParameter']);
        expect(String(f.data.Message)).toContain(param);
      }
      const listed = await client.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupName: 'echo-refused' }));
      expect(listed.body!.totalCount).toBe(0);
    });

    test("defaults: unsized containers show the group's size, EphemeralStorage 0, hidden variables none", async () => {
      const r = await client.createContainerGroup(
        new $Eci.CreateContainerGroupRequest({
          regionId: REGION,
          containerGroupName: 'echo-defaults',
          cpu: 4,
          memory: 8,
          container: [
            new $Eci.CreateContainerGroupRequestContainer({ name: 'sized', image: 'nginx', cpu: 1, memory: 2 }),
            new $Eci.CreateContainerGroupRequestContainer({
              name: 'shared',
              image: 'nginx',
              environmentVarHide: true,
              environmentVar: [new $Eci.CreateContainerGroupRequestContainerEnvironmentVar({ key: 'TOKEN', value: 'x' })],
            }),
          ],
        }),
      );
      const d = await client.describeContainerGroups(
        new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([r.body!.containerGroupId]) }),
      );
      const g = d.body!.containerGroups![0]!;
      expect([g.cpu, g.memory, g.ephemeralStorage]).toEqual([4, 8, 0]);
      expect(g.containers!.map((c) => [c.name, c.cpu, c.memory, c.environmentVars])).toEqual([
        ['sized', 1, 2, []],
        ['shared', 4, 8, []],
      ]);
      expect([g.initContainers, g.volumes, g.hostAliases, g.dnsConfig]).toEqual([[], [], [], undefined]);
    });
  });
