// What a group's create request declared, in DescribeContainerGroups' shapes: the names of
// @alicloud/eci20180808 2.0.3's DescribeContainerGroupsResponseBodyContainerGroups* models, which
// differ from the request's (Port → Ports, Hostname → Hostnames, Exec.Command → Execs,
// Capability.Add → Adds, Volume.N.NFSVolume.Server → NFSVolumeServer, SecurityContext.Sysctl →
// EciSecurityContext.Sysctls...). What the response has no field for (lifecycle handlers,
// RunAsGroup, DnsPolicy...) is kept on the group but not shown here: $tea.cast would drop it.
import type { Container, ContainerGroup, EnvVar, ProbeSpec, VolumeSpec } from '../../emulator/index.js';

type Json = Record<string, unknown>;

/** Drops undefined values so the answer carries only what is known. */
export function defined<T extends Json>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function env(e: EnvVar): Json {
  return e.fieldPath !== undefined ? { Key: e.key, ValueFrom: { FieldRef: { FieldPath: e.fieldPath } } } : { Key: e.key, Value: e.value ?? '' };
}

function probe(p: ProbeSpec | undefined): Json | undefined {
  if (!p) return undefined;
  return defined({
    Execs: p.exec,
    HttpGet: p.httpGet && defined({ Path: p.httpGet.path, Port: p.httpGet.port, Scheme: p.httpGet.scheme }),
    TcpSocket: p.tcpSocket && defined({ Port: p.tcpSocket.port }),
    InitialDelaySeconds: p.initialDelaySeconds,
    PeriodSeconds: p.periodSeconds,
    SuccessThreshold: p.successThreshold,
    FailureThreshold: p.failureThreshold,
    TimeoutSeconds: p.timeoutSeconds,
  });
}

/** A container's declared parts, shared by Containers[] and InitContainers[]. */
export function renderDeclaration(c: Container): Json {
  const s = c.securityContext;
  return defined({
    // EnvironmentVarHide: ECI hides every variable of the container from Describe.
    EnvironmentVars: c.environmentVarHide ? [] : (c.env ?? []).map(env),
    Ports: (c.ports ?? []).map((p) => defined({ Port: p.port, Protocol: p.protocol })),
    VolumeMounts: (c.volumeMounts ?? []).map((m) =>
      defined({ Name: m.name, MountPath: m.mountPath, SubPath: m.subPath, ReadOnly: m.readOnly, MountPropagation: m.mountPropagation }),
    ),
    WorkingDir: c.workingDir,
    SecurityContext:
      s && defined({ Capability: s.capabilityAdd && { Adds: s.capabilityAdd }, ReadOnlyRootFilesystem: s.readOnlyRootFilesystem, RunAsUser: s.runAsUser }),
  });
}

/** The parts only Containers[] has: probes and the terminal flags. */
export function renderContainerOnly(c: Container): Json {
  return defined({ LivenessProbe: probe(c.livenessProbe), ReadinessProbe: probe(c.readinessProbe), Stdin: c.stdin, StdinOnce: c.stdinOnce, Tty: c.tty });
}

function volume(v: VolumeSpec): Json {
  return defined({
    Name: v.name,
    Type: v.type,
    DiskVolumeDiskId: v.diskId,
    DiskVolumeFsType: v.diskFsType,
    EmptyDirVolumeMedium: v.emptyDir?.medium,
    EmptyDirVolumeSizeLimit: v.emptyDir?.sizeLimit,
    FlexVolumeDriver: v.flex?.driver,
    FlexVolumeFsType: v.flex?.fsType,
    FlexVolumeOptions: v.flex?.options,
    NFSVolumePath: v.nfs?.path,
    NFSVolumeReadOnly: v.nfs?.readOnly,
    NFSVolumeServer: v.nfs?.server,
    ConfigFileVolumeConfigFileToPaths: v.configFile?.files.map((f) => defined({ Path: f.path, Content: f.content })),
  });
}

/** The group-level declarations of one ContainerGroups[] item. */
export function renderGroupDeclaration(g: ContainerGroup): Json {
  return defined({
    Volumes: (g.volumes ?? []).map(volume),
    HostAliases: (g.hostAliases ?? []).map((h) => ({ Ip: h.ip, Hostnames: [...h.hostnames] })),
    DnsConfig: g.dnsConfig && {
      NameServers: [...g.dnsConfig.nameServers],
      Searches: [...g.dnsConfig.searches],
      Options: g.dnsConfig.options.map((o) => defined({ Name: o.name, Value: o.value })),
    },
    EciSecurityContext: g.sysctls?.length ? { Sysctls: g.sysctls.map((s) => defined({ Name: s.name, Value: s.value })) } : undefined,
    EphemeralStorage: g.ephemeralStorage ?? 0,
    RamRoleName: g.ramRoleName,
  });
}
