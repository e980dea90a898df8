// CreateVirtualNode's and UpdateVirtualNode's parameters, by their wire names (the SDK's
// CreateVirtualNodeRequest / UpdateVirtualNodeRequest names()), checked before anything changes.
// Rules are CreateVirtualNode's documented ones; ranges ECI does not publish are this service's
// (docs/WORLD.md says which).
import type { CreateVirtualNodeRequest, NodeTaint, UpdateVirtualNodeRequest } from '../../../emulator/index.js';
import { invalid } from '../../core/errors.js';
import type { Params } from '../params.js';

/** VirtualNodeName: "2 to 128 characters ... lowercase letters, digits, periods (.) and hyphens (-)". */
const NODE_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
/** VSwitchId: "You can specify 1 to 10 vSwitches that belong to the same VPC." */
const MAX_VSWITCHES = 10;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
/** A kubeconfig is a few KiB; the SDK sends it Base64-encoded. */
const MAX_KUBECONFIG = 64 * 1024;
/** Kubernetes' qualified name (the resource name of an extended resource). */
const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function nodeName(params: Params): string | undefined {
  const name = params.str('VirtualNodeName', { max: 128 });
  if (name === undefined) return undefined;
  if (name.length < 2) throw invalid('VirtualNodeName', 'it must be 2 to 128 characters long.');
  if (!NODE_NAME.test(name))
    throw invalid(
      'VirtualNodeName',
      `${JSON.stringify(name)} may hold only lowercase letters, digits, periods and hyphens, and must start and end with a letter or digit.`,
    );
  return name;
}

export function nodeId(params: Params): string {
  const id = params.str('VirtualNodeId', { required: true, max: 64 });
  if (!/^vnd-[a-z0-9]+$/.test(id)) throw invalid('VirtualNodeId', `${JSON.stringify(id)} is not a virtual node id (vnd-...).`);
  return id;
}

/** KubeConfig: "The KubeConfig of the Kubernetes cluster ... Base64-encoded." Not Base64 is refused; what it holds is read by the kubelet. */
function kubeConfig(params: Params): string | undefined {
  const value = params.str('KubeConfig', { max: MAX_KUBECONFIG });
  if (value === undefined) return undefined;
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) throw invalid('KubeConfig', 'it must be the kubeconfig encoded in Base64.');
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** CustomResources: `example1.com=100,example2.com=200`. */
function customResources(params: Params): Record<string, number> | undefined {
  const value = params.str('CustomResources', { max: 4096 });
  if (value === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const item of value.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*(\d{1,9})\s*$/.exec(item);
    if (!m || !RESOURCE_NAME.test(m[1]!)) throw invalid('CustomResources', `${JSON.stringify(item)} is not name=count (e.g. example1.com=100).`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

function taints(params: Params): NodeTaint[] | undefined {
  const items = params.list('Taint', { max: 20 });
  if (!items.length) return undefined;
  return items.map((t) => ({
    key: t.str('Key', { required: true, max: 253 }),
    value: t.str('Value', { max: 63 }) ?? '',
    effect: t.str('Effect', { required: true, oneOf: TAINT_EFFECTS }) as NodeTaint['effect'],
  }));
}

function vSwitch(params: Params): string {
  const value = params.str('VSwitchId', { required: true, max: 64 * MAX_VSWITCHES + MAX_VSWITCHES });
  const ids = value.split(',').map((s) => s.trim());
  if (ids.length > MAX_VSWITCHES || ids.some((id) => !id)) throw invalid('VSwitchId', `give 1 to ${MAX_VSWITCHES} vSwitch ids separated by commas.`);
  // The node's instance is placed in the first; the others are where ECI may place its pods.
  return ids[0]!;
}

export function createNodeRequest(params: Params, account: string, regionId: string): CreateVirtualNodeRequest {
  const name = nodeName(params);
  const vSwitchId = vSwitch(params);
  const securityGroupId = params.str('SecurityGroupId', { required: true, max: 64 });
  const tags = params.list('Tag').length ? params.tags() : undefined;
  const out: CreateVirtualNodeRequest = {
    account,
    regionId,
    vSwitchId,
    securityGroupId,
    ...opt('name', name),
    ...opt('zoneId', params.str('ZoneId', { max: 64 })),
    ...opt('kubeConfig', kubeConfig(params)),
    ...opt('resourceGroupId', params.str('ResourceGroupId', { max: 64 })),
    ...opt('clientToken', params.str('ClientToken', { max: 64 })),
    ...opt('eipInstanceId', params.str('EipInstanceId', { max: 64 })),
    ...opt('enablePublicNetwork', params.bool('EnablePublicNetwork')),
    ...opt('tags', tags),
    ...opt('taints', taints(params)),
    ...opt('clusterDns', params.str('ClusterDNS', { max: 256 })),
    ...opt('clusterDomain', params.str('ClusterDomain', { max: 256 })),
    ...opt('customResources', customResources(params)),
  };
  // Accepted as ECI accepts it; the model has no TLS bootstrap to change (docs/WORLD.md).
  params.bool('TlsBootstrapEnabled');
  return out;
}

export function updateNodeRequest(params: Params): UpdateVirtualNodeRequest {
  const tags = params.list('Tag').length ? params.tags() : undefined;
  params.str('ClientToken', { max: 64 });
  return {
    ...opt('name', nodeName(params)),
    ...opt('tags', tags),
    ...opt('clusterDns', params.str('ClusterDNS', { max: 256 })),
    ...opt('clusterDomain', params.str('ClusterDomain', { max: 256 })),
    ...opt('customResources', customResources(params)),
  };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
