import Table from 'cli-table3';
import { createRequest } from '../../api/rpc/actions/container-group-params.js';
import { ApiError } from '../../api/core/errors.js';
import { Params } from '../../api/rpc/params.js';
import { UsageError, type Io } from '../io.js';
import { callAction, type ClientOptions } from './client.js';
import { describeGroup, statusCell, type GroupJson as Group } from './group-show.js';

export interface GroupsOptions extends ClientOptions {
  region: string;
  ids?: string;
  name?: string;
  status?: string;
  limit?: string;
  all?: boolean;
  json?: boolean;
  image?: string;
  cpu?: string;
  memory?: string;
  command?: string;
  restartPolicy?: string;
  imagePullPolicy?: string;
  /** One ImageRegistryCredential: all three or none. */
  registryServer?: string;
  registryUser?: string;
  registryPassword?: string;
  imageSnapshotId?: string;
  autoMatchImageCache?: boolean;
  imageAccelerateMode?: string;
  instanceType?: string;
}

function given(params: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * The service's own parser, run here first: a value it would refuse is refused before anything
 * is sent, in the words (and with the status) the service would answer.
 */
function checkCreate(params: Record<string, string>): void {
  try {
    createRequest(Params.from(params), '');
  } catch (err) {
    if (err instanceof ApiError) throw new UsageError(`${err.status} ${err.code}: ${err.message}`);
    throw err;
  }
}

/** Container groups through the OpenAPI: list (following NextToken with --all), show, create, delete, restart. */
export async function groupsCommand(verb: string, arg: string | undefined, options: GroupsOptions, io: Io): Promise<void> {
  const region = { RegionId: options.region };
  if (verb === 'list') {
    const groups: Group[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAction<{ ContainerGroups: Group[]; NextToken?: string }>(options, 'DescribeContainerGroups', {
        ...region,
        ContainerGroupIds: options.ids ? JSON.stringify(options.ids.split(',').map((s) => s.trim())) : undefined,
        ContainerGroupName: options.name,
        Status: options.status,
        Limit: options.limit,
        NextToken: nextToken,
      });
      groups.push(...page.ContainerGroups);
      nextToken = options.all ? page.NextToken : undefined;
    } while (nextToken);
    if (options.json) return io.out(JSON.stringify(groups, null, 2));
    if (groups.length === 0) return io.err('No container groups found.');
    const table = new Table({ head: ['Id', 'Name', 'Status', 'Zone', 'Type', 'Created', 'IP'], style: { head: [], border: [], compact: true } });
    for (const g of groups)
      table.push([g.ContainerGroupId, g.ContainerGroupName, statusCell(g, io.color), g.ZoneId, g.InstanceType ?? '', g.CreationTime, g.IntranetIp ?? '']);
    return io.out(table.toString());
  }
  if (verb === 'create') {
    if (!arg) throw new UsageError('groups create needs a name: eci-events groups create NAME --image IMAGE');
    if (!options.image) throw new UsageError('groups create needs --image');
    const credential = [options.registryServer, options.registryUser, options.registryPassword];
    if (credential.some((x) => x !== undefined) && !credential.every((x) => x !== undefined)) {
      throw new UsageError('groups create: --registry-server, --registry-user and --registry-password go together (ImageRegistryCredential.1)');
    }
    const command = options.command ? ['sh', '-c'] : [];
    const params = given({
      ...region,
      ContainerGroupName: arg,
      'Container.1.Name': arg.slice(0, 63).replace(/-+$/, ''),
      'Container.1.Image': options.image,
      ...Object.fromEntries(command.map((c, i) => [`Container.1.Command.${i + 1}`, c])),
      ...(options.command ? { 'Container.1.Arg.1': options.command } : {}),
      Cpu: options.cpu,
      Memory: options.memory,
      RestartPolicy: options.restartPolicy,
      'Container.1.ImagePullPolicy': options.imagePullPolicy,
      InstanceType: options.instanceType,
      ImageSnapshotId: options.imageSnapshotId,
      AutoMatchImageCache: options.autoMatchImageCache ? 'true' : undefined,
      ImageAccelerateMode: options.imageAccelerateMode,
      ...(options.registryServer !== undefined
        ? {
            'ImageRegistryCredential.1.Server': options.registryServer,
            'ImageRegistryCredential.1.UserName': options.registryUser,
            'ImageRegistryCredential.1.Password': options.registryPassword,
          }
        : {}),
    });
    checkCreate(params);
    const { ContainerGroupId } = await callAction<{ ContainerGroupId: string }>(options, 'CreateContainerGroup', params);
    return io.out(ContainerGroupId);
  }
  if (verb === 'show') {
    if (!arg) throw new UsageError('groups show needs a container group id');
    const page = await callAction<{ ContainerGroups: Group[] }>(options, 'DescribeContainerGroups', { ...region, ContainerGroupIds: JSON.stringify([arg]) });
    const group = page.ContainerGroups[0];
    if (!group) throw new UsageError(`groups show: there is no container group ${arg} in ${options.region}`);
    return io.out(options.json ? JSON.stringify(group, null, 2) : describeGroup(group, io.color));
  }
  if (verb === 'delete' || verb === 'restart') {
    if (!arg) throw new UsageError(`groups ${verb} needs a container group id`);
    await callAction(options, verb === 'delete' ? 'DeleteContainerGroup' : 'RestartContainerGroup', { ...region, ContainerGroupId: arg });
    return io.out(`${verb === 'delete' ? 'deleting' : 'restarting'} ${arg}`);
  }
  throw new UsageError(`unknown groups command ${JSON.stringify(verb)}: use list, show, create, delete or restart`);
}
