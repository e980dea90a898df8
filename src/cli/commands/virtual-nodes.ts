import { readFileSync } from 'node:fs';
import Table from 'cli-table3';
import { UsageError, type Io } from '../io.js';
import { callAction, type ClientOptions } from './client.js';

export interface VirtualNodesOptions extends ClientOptions {
  region: string;
  ids?: string;
  name?: string;
  status?: string;
  vswitch?: string;
  securityGroup?: string;
  zone?: string;
  kubeconfig?: string;
  taint?: string[];
  customResources?: string;
  clusterDns?: string;
  clusterDomain?: string;
  all?: boolean;
  json?: boolean;
}

interface Node {
  VirtualNodeId: string;
  VirtualNodeName: string;
  Status: string;
  IntranetIp: string;
  VirtualNodeVSwitchId: string;
  CreationTime: string;
}

/** --taint key=value:Effect (value optional), as `kubectl taint` writes one. */
function taints(list: string[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (list ?? []).flatMap((t, i) => {
      const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(t);
      if (!m) throw new UsageError(`--taint ${JSON.stringify(t)}: write key=value:Effect or key:Effect`);
      return [[`Taint.${i + 1}.Key`, m[1]!], ...(m[2] ? [[`Taint.${i + 1}.Value`, m[2]]] : []), [`Taint.${i + 1}.Effect`, m[3]!]];
    }),
  );
}

/** Virtual nodes through the OpenAPI: list (following NextToken with --all), create, update, delete. */
export async function virtualNodesCommand(verb: string, arg: string | undefined, options: VirtualNodesOptions, io: Io): Promise<void> {
  const region = { RegionId: options.region };
  const cluster = { CustomResources: options.customResources, ClusterDNS: options.clusterDns, ClusterDomain: options.clusterDomain };
  if (verb === 'list') {
    const nodes: Node[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAction<{ VirtualNodes: Node[]; NextToken?: string }>(options, 'DescribeVirtualNodes', {
        ...region,
        VirtualNodeIds: options.ids ? JSON.stringify(options.ids.split(',').map((s) => s.trim())) : undefined,
        VirtualNodeName: options.name,
        Status: options.status,
        NextToken: nextToken,
      });
      nodes.push(...page.VirtualNodes);
      nextToken = options.all ? page.NextToken : undefined;
    } while (nextToken);
    if (options.json) return io.out(JSON.stringify(nodes, null, 2));
    if (nodes.length === 0) return io.err('No virtual nodes found.');
    const table = new Table({ head: ['Id', 'Name', 'Status', 'IP', 'vSwitch', 'Created'], style: { head: [], border: [], compact: true } });
    for (const n of nodes) table.push([n.VirtualNodeId, n.VirtualNodeName, n.Status, n.IntranetIp || '-', n.VirtualNodeVSwitchId, n.CreationTime]);
    return io.out(table.toString());
  }
  if (verb === 'create') {
    if (!options.vswitch || !options.securityGroup)
      throw new UsageError(
        'virtual-nodes create needs --vswitch and --security-group: eci-events virtual-nodes create [NAME] --vswitch VSW --security-group SG --kubeconfig FILE',
      );
    let kube: string | undefined;
    if (options.kubeconfig) {
      try {
        kube = readFileSync(options.kubeconfig).toString('base64');
      } catch (err) {
        throw new UsageError(`--kubeconfig ${options.kubeconfig}: ${(err as Error).message}`);
      }
    }
    const { VirtualNodeId } = await callAction<{ VirtualNodeId: string }>(options, 'CreateVirtualNode', {
      ...region,
      VirtualNodeName: arg,
      VSwitchId: options.vswitch,
      SecurityGroupId: options.securityGroup,
      ZoneId: options.zone,
      KubeConfig: kube,
      ...taints(options.taint),
      ...cluster,
    });
    return io.out(VirtualNodeId);
  }
  if (verb === 'update') {
    if (!arg) throw new UsageError('virtual-nodes update needs a virtual node id');
    await callAction(options, 'UpdateVirtualNode', { ...region, VirtualNodeId: arg, VirtualNodeName: options.name, ...cluster });
    return io.out(`updated ${arg}`);
  }
  if (verb === 'delete') {
    if (!arg) throw new UsageError('virtual-nodes delete needs a virtual node id');
    await callAction(options, 'DeleteVirtualNode', { ...region, VirtualNodeId: arg });
    return io.out(`deleted ${arg}`);
  }
  throw new UsageError(`unknown virtual-nodes command ${JSON.stringify(verb)}: use list, create, update or delete`);
}
