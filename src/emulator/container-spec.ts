// What a CreateContainerGroup request declares about its containers, init containers, volumes
// and DNS, kept on the group as plain JSON (the group is serialised as it is) so that
// DescribeContainerGroups and the Kubernetes view give back what was asked. The emulator runs
// none of it (no probe is probed, no volume mounted); it only remembers.

/** Container.N.EnvironmentVar.M: a value, or a field of the pod (FieldRef.FieldPath). */
export interface EnvVar {
  key: string;
  value?: string;
  fieldPath?: string;
}

/** Container.N.Port.M. */
export interface PortSpec {
  port: number;
  /** TCP or UDP, as sent. */
  protocol?: string;
}

/** Container.N.VolumeMount.M. */
export interface VolumeMountSpec {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
  mountPropagation?: string;
}

/** Container.N.LivenessProbe / ReadinessProbe: one of exec, httpGet or tcpSocket, and its cadence. */
export interface ProbeSpec {
  exec?: string[];
  httpGet?: { path?: string; port?: number; scheme?: string };
  tcpSocket?: { port?: number };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  timeoutSeconds?: number;
}

/** Container.N.SecurityContext and the SecurityContextRunAs* parameters. */
export interface ContainerSecuritySpec {
  capabilityAdd?: string[];
  readOnlyRootFilesystem?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
}

/** A LifecyclePostStartHandler* or LifecyclePreStopHandler* group of parameters. */
export interface LifecycleHandlerSpec {
  exec?: string[];
  httpGet?: { host?: string; path?: string; port?: number; scheme?: string; headers?: { name: string; value?: string }[] };
  tcpSocket?: { host?: string; port?: number };
}

/** Everything a container declares beyond its name, image, sizes, command and pull policy. */
export interface ContainerDeclaration {
  env?: EnvVar[];
  ports?: PortSpec[];
  volumeMounts?: VolumeMountSpec[];
  workingDir?: string;
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  securityContext?: ContainerSecuritySpec;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  postStart?: LifecycleHandlerSpec;
  preStop?: LifecycleHandlerSpec;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  /** EnvironmentVarHide: the variables are hidden from Describe (ECI shows none of them). */
  environmentVarHide?: boolean;
}

/** Volume.N, every type's settings as sent. */
export interface VolumeSpec {
  name: string;
  type: string;
  diskId?: string;
  /** GiB, for a disk the platform creates (ResizeContainerGroupVolume changes it). */
  diskSize?: number;
  diskFsType?: string;
  /** HostPathVolume.Path: with DataCacheBucket, the path of the data cache mounted here. */
  hostPath?: string;
  hostPathType?: string;
  nfs?: { server?: string; path?: string; readOnly?: boolean };
  emptyDir?: { medium?: string; sizeLimit?: string };
  configFile?: { defaultMode?: number; files: { path: string; content?: string; mode?: number }[] };
  flex?: { driver?: string; fsType?: string; options?: string };
}

/** DnsConfig. */
export interface DnsConfigSpec {
  nameServers: string[];
  searches: string[];
  options: { name: string; value?: string }[];
}

/** HostAliase.N. */
export interface HostAliasSpec {
  ip: string;
  hostnames: string[];
}

/** SecurityContext.Sysctl.N (shown as EciSecurityContext) or HostSecurityContext.Sysctl.N. */
export interface SysctlSpec {
  name: string;
  value?: string;
}
