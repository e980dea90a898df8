// The parts of a new group that only echo its create request: each container's declarations
// and sizes, the init containers, volumes, DNS, host aliases and sysctls. Plain JSON copies, so
// a later change to the request (or to the group) never reaches the other.
import type { Container, ContainerGroup } from './container-group.js';
import type { ContainerRequest, CreateRequest } from './requests.js';

type Declared = Pick<ContainerGroup, 'initContainers' | 'volumes' | 'dnsConfig' | 'hostAliases' | 'sysctls' | 'ephemeralStorage' | 'ramRoleName'>;

/**
 * A container as the group holds it before its first start. Sizes it did not name are the
 * group's: ECI lets containers without vCPU and memory share what the instance has ("specify
 * vCPU and memory to create an instance": containers need not set them and then share the
 * instance's resources), so the instance's size is the most the container can use.
 */
export function newContainer(c: ContainerRequest, group: { cpu: number; memory: number }): Container {
  const { name, image, cpu, memory, gpu, commands, args, imagePullPolicy, ...declared } = structuredClone(c);
  return {
    ...declared,
    name,
    image,
    cpu: cpu || group.cpu,
    memory: memory || group.memory,
    ...(memory ? {} : { sharesInstanceMemory: true as const }),
    gpu: gpu ?? 0,
    commands: commands ?? [],
    args: args ?? [],
    imagePullPolicy: imagePullPolicy ?? 'IfNotPresent',
    restartCount: 0,
    ready: false,
    currentState: { state: 'Waiting', reason: 'ContainerCreating' },
  };
}

/** What the group shows of its request beyond the containers. */
export function declaredParts(req: CreateRequest, group: { cpu: number; memory: number }): Declared {
  return {
    initContainers: (req.initContainers ?? []).map((c) => newContainer(c, group)),
    volumes: structuredClone(req.volumes ?? []),
    ...(req.dnsConfig ? { dnsConfig: structuredClone(req.dnsConfig) } : {}),
    hostAliases: structuredClone(req.hostAliases ?? []),
    sysctls: structuredClone(req.sysctls ?? []),
    // Without EphemeralStorage the instance has only its default 30 GiB: nothing is added.
    ephemeralStorage: req.ephemeralStorage ?? 0,
    ...(req.ramRoleName !== undefined ? { ramRoleName: req.ramRoleName } : {}),
  };
}
