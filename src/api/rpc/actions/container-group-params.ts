import { IMAGE_PULL_POLICIES, RESTART_POLICIES, SPOT_STRATEGIES, type CreateRequest, type UpdateRequest } from '../../../emulator/index.js';
import { containerDeclaration, dnsConfig, hostAliases, sysctls, volumes } from './container-spec-params.js';
import { dataCacheMount } from './data-cache-mount-params.js';
import { invalid, missing } from '../../core/errors.js';
import type { Params } from '../params.js';

/** Lowercase letters, digits and hyphens, not starting or ending with a hyphen (reference §3). */
export const GROUP_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const CONTAINER_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
export const MAX_CONTAINERS = 20;

/** ImageRegistryCredential.N: at most this many (ECI's API reference: N from 1 to 12). */
export const MAX_REGISTRY_CREDENTIALS = 12;
const CPU_ARCHITECTURES = ['AMD64', 'ARM64'] as const;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function groupName(params: Params): string {
  const name = params.str('ContainerGroupName', { required: true, max: 128 });
  if (name.length < 2) throw invalid('ContainerGroupName', 'it must be 2 to 128 characters long.');
  if (!GROUP_NAME.test(name))
    throw invalid(
      'ContainerGroupName',
      `${JSON.stringify(name)} may hold only lowercase letters, digits and hyphens, and must not start or end with a hyphen.`,
    );
  return name;
}

/** Container.N or InitContainer.N: names unique within the list, each item fully read. */
function containers(params: Params, list: 'Container' | 'InitContainer'): CreateRequest['containers'] {
  const items = params.list(list, { max: MAX_CONTAINERS });
  if (list === 'Container' && items.length === 0) throw missing('Container.1.Name');
  const names = new Set<string>();
  return items.map((c, i) => {
    const name = c.str('Name', { required: true, max: 128 });
    if (!CONTAINER_NAME.test(name))
      throw invalid(
        `${list}.${i + 1}.Name`,
        `${JSON.stringify(name)} may hold only lowercase letters, digits and hyphens, and must not start or end with a hyphen.`,
      );
    if (names.has(name)) throw invalid(`${list}.${i + 1}.Name`, `another container is already named ${JSON.stringify(name)}.`);
    names.add(name);
    return {
      name,
      image: c.str('Image', { required: true, max: 1024 }),
      cpu: c.num('Cpu', { min: 0, max: 256 }),
      memory: c.num('Memory', { min: 0, max: 2048 }),
      gpu: c.int('Gpu', { min: 0, max: 16 }),
      commands: c.strings('Command', { max: 64, maxLength: 4096 }),
      args: c.strings('Arg', { max: 256, maxLength: 4096 }),
      imagePullPolicy: c.choice('ImagePullPolicy', IMAGE_PULL_POLICIES),
      ...containerDeclaration(c),
    };
  });
}

function cpuOptions(params: Params): CreateRequest['cpuOptions'] {
  const core = params.int('CpuOptionsCore', { min: 1, max: 256 });
  const threadsPerCore = params.int('CpuOptionsThreadsPerCore', { min: 1, max: 8 });
  return core === undefined && threadsPerCore === undefined ? undefined : { core, threadsPerCore };
}

function privateIp(params: Params): string | undefined {
  const ip = params.str('PrivateIpAddress', { max: 15 });
  if (ip !== undefined && !IPV4.test(ip)) throw invalid('PrivateIpAddress', `${JSON.stringify(ip)} is not an IPv4 address.`);
  return ip;
}

/**
 * ImageRegistryCredential.N.{Server,UserName,Password}: each item needs all three. Not kept with
 * the group's other parameters, so a password is never shown back.
 */
export function registryCredentials(params: Params): NonNullable<CreateRequest['imageRegistryCredentials']> {
  return params.list('ImageRegistryCredential', { max: MAX_REGISTRY_CREDENTIALS }).map((c) => ({
    server: c.str('Server', { required: true, max: 256 }),
    userName: c.str('UserName', { required: true, max: 256 }),
    password: c.str('Password', { required: true, max: 256 }),
  }));
}

/** ImageSnapshotId: an image cache id (the id DescribeImageCaches gives), whether or not it exists. */
function imageSnapshotId(params: Params): string | undefined {
  const id = params.str('ImageSnapshotId', { max: 64 });
  if (id !== undefined && !/^imc-[a-z0-9]+$/.test(id)) throw invalid('ImageSnapshotId', `${JSON.stringify(id)} is not an image cache id (imc-...).`);
  return id;
}

/**
 * CreateContainerGroup's parameters, the one place they are interpreted: a typed request, or an
 * ApiError naming the parameter at fault. It checks all the wire can tell (names, lists, bounds,
 * choices); the emulator checks only what needs its world (regions, zones, types, quotas).
 * Every parameter it does not read is kept on the group as sent (`extra`).
 */
export function createRequest(params: Params, account: string): CreateRequest {
  // Whether the region exists is the action's to say (requireRegion); its name is read here.
  const regionId = params.str('RegionId', { required: true, max: 64 });
  // The group's name first: a CLI derives the container's name from it, and should hear of the group's.
  const containerGroupName = groupName(params);
  const parsed = containers(params, 'Container');
  const inits = containers(params, 'InitContainer');
  // One pod: init containers and containers share one namespace of names (Kubernetes' rule).
  const clash = inits.findIndex((c) => parsed.some((x) => x.name === c.name));
  if (clash >= 0) throw invalid(`InitContainer.${clash + 1}.Name`, `a container is already named ${JSON.stringify(inits[clash]!.name)}.`);
  const request: Omit<CreateRequest, 'extra'> = {
    account,
    regionId,
    containerGroupName,
    containers: parsed,
    zoneId: params.str('ZoneId', { max: 64 }),
    vSwitchId: params.str('VSwitchId', { max: 1024 }),
    securityGroupId: params.str('SecurityGroupId', { max: 64 }),
    instanceType: params.str('InstanceType', { max: 512 }),
    cpu: params.num('Cpu', { min: 0, max: 256 }),
    memory: params.num('Memory', { min: 0, max: 2048 }),
    resourceGroupId: params.str('ResourceGroupId', { max: 64 }),
    restartPolicy: params.choice('RestartPolicy', RESTART_POLICIES),
    spotStrategy: params.choice('SpotStrategy', SPOT_STRATEGIES),
    spotPriceLimit: params.num('SpotPriceLimit', { min: 0, max: 1e6 }),
    tags: params.tags(),
    clientToken: params.str('ClientToken', { max: 64 }),
    dryRun: params.bool('DryRun'),
    cpuOptions: cpuOptions(params),
    ephemeralStorage: params.int('EphemeralStorage', { min: 1, max: 65536 }),
    cpuArchitecture: params.choice('CpuArchitecture', CPU_ARCHITECTURES),
    eipInstanceId: params.str('EipInstanceId', { max: 64 }),
    autoCreateEip: params.bool('AutoCreateEip'),
    eipCommonBandwidthPackage: params.str('EipCommonBandwidthPackage', { max: 64 }),
    privateIpAddress: privateIp(params),
    volumes: volumes(params),
    initContainers: inits,
    dnsConfig: dnsConfig(params),
    hostAliases: hostAliases(params),
    sysctls: sysctls(params),
    ramRoleName: params.str('RamRoleName', { max: 64 }),
    imageRegistryCredentials: registryCredentials(params),
    imageSnapshotId: imageSnapshotId(params),
    dataCache: dataCacheMount(params),
    autoMatchImageCache: params.bool('AutoMatchImageCache'),
    imageAccelerateMode: params.str('ImageAccelerateMode', { max: 64 }),
  };
  // Read last: what no line above asked for.
  return { ...request, extra: params.unread() };
}

/** UpdateContainerGroup's parameters: only what is given changes (the group's id is the action's). */
export function updateRequest(params: Params): UpdateRequest {
  const request: UpdateRequest = {};
  if (params.list('Tag').length) request.tags = params.tags();
  const containers = params.list('Container', { max: MAX_CONTAINERS });
  if (containers.length) {
    request.containers = containers.map((c) => {
      const commands = c.strings('Command', { max: 64, maxLength: 4096 });
      const args = c.strings('Arg', { max: 256, maxLength: 4096 });
      return {
        name: c.str('Name', { required: true, max: 128 }),
        image: c.str('Image', { max: 1024 }),
        ...(commands.length ? { commands } : {}),
        ...(args.length ? { args } : {}),
      };
    });
  }
  // Given, the list replaces the group's: later pulls log in with it.
  const credentials = registryCredentials(params);
  if (credentials.length) request.imageRegistryCredentials = credentials;
  const restartPolicy = params.choice('RestartPolicy', RESTART_POLICIES);
  if (restartPolicy) request.restartPolicy = restartPolicy;
  params.str('ClientToken', { max: 64 });
  return request;
}
