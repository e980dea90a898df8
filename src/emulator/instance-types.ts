// The instance types the emulator sells, and how a request's size becomes one of them. ECI
// either takes the user's InstanceType (event UserInstanceTypeSpec), matches a Cpu/Memory request
// to a type (AutoInstanceTypeMatch), or, given neither, uses the default spec
// (DefaultInstanceTypeMatch).

export type CpuArchitecture = 'AMD64' | 'ARM64';

export interface InstanceTypeSpec {
  name: string;
  cpu: number;
  /** GiB. */
  memory: number;
  arch: CpuArchitecture;
  gpu: number;
  /** Pay-as-you-go CNY per hour; absent: priced from cpu and memory (World.price). */
  price?: number;
}

const t = (name: string, cpu: number, memory: number, gpu = 0, arch: CpuArchitecture = 'AMD64'): InstanceTypeSpec => ({ name, cpu, memory, arch, gpu });

/** Ordered smallest first (vCPU, then memory): the order auto-matching walks. */
export const INSTANCE_TYPES: readonly InstanceTypeSpec[] = [
  t('ecs.c6.large', 2, 4),
  t('ecs.g6.large', 2, 8),
  t('ecs.r6.large', 2, 16),
  t('ecs.c6.xlarge', 4, 8),
  t('ecs.gn6i-c4g1.xlarge', 4, 15, 1),
  t('ecs.g6.xlarge', 4, 16),
  t('ecs.r6.xlarge', 4, 32),
  t('ecs.c6.2xlarge', 8, 16),
  t('ecs.g6.2xlarge', 8, 32),
  t('ecs.r6.2xlarge', 8, 64),
  t('ecs.c6.4xlarge', 16, 32),
  t('ecs.g6.4xlarge', 16, 64),
  t('ecs.g6r.large', 2, 8, 0, 'ARM64'),
  t('ecs.g6r.xlarge', 4, 16, 0, 'ARM64'),
];

/** The spec of a group that names neither Cpu/Memory nor an InstanceType: 2 vCPU, 4 GiB. */
export const DEFAULT_INSTANCE_TYPE = 'ecs.c6.large';

/** How many types one InstanceType parameter may list (comma-separated), as ECI allows. */
export const MAX_INSTANCE_TYPES = 5;

export function instanceType(name: string, types: readonly InstanceTypeSpec[] = INSTANCE_TYPES): InstanceTypeSpec | undefined {
  return types.find((x) => x.name === name);
}

export interface SizeRequest {
  cpu?: number;
  memory?: number;
  gpu?: number;
  arch?: CpuArchitecture;
}

/**
 * The smallest type that holds the request (vCPU first, then memory). A request without GPUs
 * never lands on a GPU type; the architecture defaults to AMD64. undefined when nothing fits.
 */
export function matchInstanceType(req: SizeRequest, types: readonly InstanceTypeSpec[] = INSTANCE_TYPES): InstanceTypeSpec | undefined {
  const gpu = req.gpu ?? 0;
  const arch = req.arch ?? 'AMD64';
  return types
    .filter((x) => x.arch === arch && (gpu === 0 ? x.gpu === 0 : x.gpu >= gpu))
    .sort((a, b) => a.cpu - b.cpu || a.memory - b.memory)
    .find((x) => x.cpu >= (req.cpu ?? 0) && x.memory >= (req.memory ?? 0));
}
