// What CreateContainerGroup's containers, init containers, volumes and DNS declare, read from
// the flattened wire names the SDK sends (Container.1.LivenessProbe.Exec.Command.1,
// Volume.2.NFSVolume.Server, DnsConfig.Option.1.Name...: the request models' names()).
// Bounds are ECI's documented ones where it documents them, generous elsewhere.
import type { ContainerRequest, DnsConfigSpec, HostAliasSpec, LifecycleHandlerSpec, ProbeSpec, SysctlSpec, VolumeSpec } from '../../../emulator/index.js';
import { invalid } from '../../core/errors.js';
import type { Params } from '../params.js';

const PORT = { min: 1, max: 65535 };
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const SCHEMES = ['HTTP', 'HTTPS'] as const;

/** Drops undefined values, and gives undefined for an object with none left (nothing was sent). */
function some<T extends object>(obj: T): T | undefined {
  const kept = Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  return Object.keys(kept).length === 0 ? undefined : (kept as T);
}

function probe(p: Params, name: string): ProbeSpec | undefined {
  const seconds = (key: string, min = 0) => p.int(`${name}.${key}`, { min, max: 86_400 });
  return some({
    exec: p.strings(`${name}.Exec.Command`, { max: 64, maxLength: 4096 }),
    httpGet: some({
      path: p.str(`${name}.HttpGet.Path`, { max: 1024 }),
      port: p.int(`${name}.HttpGet.Port`, PORT),
      scheme: p.str(`${name}.HttpGet.Scheme`, { oneOf: SCHEMES }),
    }),
    tcpSocket: some({ port: p.int(`${name}.TcpSocket.Port`, PORT) }),
    initialDelaySeconds: seconds('InitialDelaySeconds'),
    periodSeconds: seconds('PeriodSeconds', 1),
    successThreshold: seconds('SuccessThreshold', 1),
    failureThreshold: seconds('FailureThreshold', 1),
    timeoutSeconds: seconds('TimeoutSeconds', 1),
  });
}

function handler(p: Params, prefix: string): LifecycleHandlerSpec | undefined {
  return some({
    exec: p.strings(`${prefix}Exec`, { max: 64, maxLength: 4096 }),
    httpGet: some({
      host: p.str(`${prefix}HttpGetHost`, { max: 256 }),
      path: p.str(`${prefix}HttpGetPath`, { max: 1024 }),
      port: p.int(`${prefix}HttpGetPort`, PORT),
      scheme: p.str(`${prefix}HttpGetScheme`, { oneOf: SCHEMES }),
      headers: p
        .list(`${prefix}HttpGetHttpHeader`, { max: 64 })
        .map((h) => some({ name: h.str('Name', { required: true, max: 256 }), value: h.str('Value', { max: 4096 }) })!),
    }),
    tcpSocket: some({ host: p.str(`${prefix}TcpSocketHost`, { max: 256 }), port: p.int(`${prefix}TcpSocketPort`, PORT) }),
  });
}

/** The declarations Container.N and InitContainer.N share. */
export function containerDeclaration(c: Params): Omit<ContainerRequest, 'name' | 'image' | 'cpu' | 'memory' | 'gpu' | 'commands' | 'args' | 'imagePullPolicy'> {
  const security = some({
    capabilityAdd: c.strings('SecurityContext.Capability.Add', { max: 64, maxLength: 64 }),
    readOnlyRootFilesystem: c.bool('SecurityContext.ReadOnlyRootFilesystem'),
    runAsUser: c.int('SecurityContext.RunAsUser', { min: 0, max: 2 ** 31 - 1 }),
    runAsGroup: c.int('SecurityContextRunAsGroup', { min: 0, max: 2 ** 31 - 1 }),
    runAsNonRoot: c.bool('SecurityContextRunAsNonRoot'),
  });
  return {
    env: c.list('EnvironmentVar', { max: 256 }).map((e) => {
      const key = e.str('Key', { required: true, max: 256 });
      const value = e.str('Value', { max: 32768 });
      const fieldPath = e.str('FieldRef.FieldPath', { max: 256 });
      if (value !== undefined && fieldPath !== undefined)
        throw invalid(e.fullName('FieldRef.FieldPath'), `the variable ${JSON.stringify(key)} has a Value already; give a Value or a FieldRef, not both.`);
      return fieldPath !== undefined ? { key, fieldPath } : { key, value: value ?? '' };
    }),
    ports: c
      .list('Port', { max: 64 })
      .map((p) => some({ port: p.int('Port', { ...PORT, required: true })!, protocol: p.str('Protocol', { oneOf: PROTOCOLS }) })!),
    volumeMounts: c.list('VolumeMount', { max: 64 }).map((m) =>
      some({
        name: m.str('Name', { required: true, max: 128 }),
        mountPath: m.str('MountPath', { required: true, max: 1024 }),
        subPath: m.str('SubPath', { max: 1024 }),
        readOnly: m.bool('ReadOnly'),
        mountPropagation: m.str('MountPropagation', { oneOf: ['None', 'HostToContainer', 'Bidirectional'] }),
      })!,
    ),
    ...some({
      workingDir: c.str('WorkingDir', { max: 1024 }),
      livenessProbe: probe(c, 'LivenessProbe'),
      readinessProbe: probe(c, 'ReadinessProbe'),
      securityContext: security,
      stdin: c.bool('Stdin'),
      stdinOnce: c.bool('StdinOnce'),
      tty: c.bool('Tty'),
      postStart: handler(c, 'LifecyclePostStartHandler'),
      preStop: handler(c, 'LifecyclePreStopHandler'),
      terminationMessagePath: c.str('TerminationMessagePath', { max: 1024 }),
      terminationMessagePolicy: c.str('TerminationMessagePolicy', { oneOf: ['File', 'FallbackToLogsOnError'] }),
      environmentVarHide: c.bool('EnvironmentVarHide'),
    }),
  };
}

/** Volume.N with every type's settings; a volume's Type names which settings it uses. */
export function volumes(params: Params): VolumeSpec[] {
  return params.list('Volume', { max: 64 }).map((v) => {
    const files = v
      .list('ConfigFileVolume.ConfigFileToPath', { max: 64 })
      .map((f) =>
        some({ path: f.str('Path', { required: true, max: 1024 }), content: f.str('Content', { max: 32768 }), mode: f.int('Mode', { min: 0, max: 0o777 }) })!,
      );
    const defaultMode = v.int('ConfigFileVolume.DefaultMode', { min: 0, max: 0o777 });
    return some({
      name: v.str('Name', { required: true, max: 128 }),
      type: v.str('Type', { required: true, oneOf: ['EmptyDirVolume', 'NFSVolume', 'ConfigFileVolume', 'FlexVolume', 'HostPathVolume', 'DiskVolume'] }),
      diskId: v.str('DiskVolume.DiskId', { max: 64 }),
      diskSize: v.int('DiskVolume.DiskSize', { min: 1, max: 65536 }),
      diskFsType: v.str('DiskVolume.FsType', { max: 16 }),
      hostPath: v.str('HostPathVolume.Path', { max: 1024 }),
      hostPathType: v.str('HostPathVolume.Type', { max: 32 }),
      nfs: some({ server: v.str('NFSVolume.Server', { max: 256 }), path: v.str('NFSVolume.Path', { max: 1024 }), readOnly: v.bool('NFSVolume.ReadOnly') }),
      emptyDir: some({
        medium: v.str('EmptyDirVolume.Medium', { oneOf: ['Memory', 'LocalRaid0'] }),
        sizeLimit: v.str('EmptyDirVolume.SizeLimit', {
          max: 32,
          pattern: /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/,
          patternText: 'is not a quantity such as 256Mi or 1Gi',
        }),
      }),
      configFile: files.length > 0 || defaultMode !== undefined ? (some({ defaultMode, files }) ?? { files }) : undefined,
      flex: some({
        driver: v.str('FlexVolume.Driver', { max: 256 }),
        fsType: v.str('FlexVolume.FsType', { max: 16 }),
        options: v.str('FlexVolume.Options', { max: 4096 }),
      }),
    })!;
  });
}

export function dnsConfig(params: Params): DnsConfigSpec | undefined {
  const nameServers = params.strings('DnsConfig.NameServer', { max: 3, maxLength: 64 });
  const searches = params.strings('DnsConfig.Search', { max: 6, maxLength: 256 });
  const options = params
    .list('DnsConfig.Option', { max: 16 })
    .map((o) => some({ name: o.str('Name', { required: true, max: 64 }), value: o.str('Value', { max: 64 }) })!);
  return nameServers.length + searches.length + options.length === 0 ? undefined : { nameServers, searches, options };
}

export function hostAliases(params: Params): HostAliasSpec[] {
  return params
    .list('HostAliase', { max: 64 })
    .map((h) => ({ ip: h.str('Ip', { required: true, max: 64 }), hostnames: h.strings('Hostname', { max: 64, maxLength: 256 }) }));
}

/** SecurityContext.Sysctl.N (or HostSecurityContext.Sysctl.N): name and value pairs. */
export function sysctls(params: Params, name = 'SecurityContext.Sysctl'): SysctlSpec[] {
  return params.list(name, { max: 64 }).map((s) => some({ name: s.str('Name', { required: true, max: 256 }), value: s.str('Value', { max: 1024 }) })!);
}
