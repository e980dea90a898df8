// The account's virtual nodes: CreateVirtualNode, DescribeVirtualNodes, UpdateVirtualNode and
// DeleteVirtualNode. Checks come first (a refusal changes nothing). A node then comes up step by
// step on the service's clock, each event from its cause: its instance is created in the vSwitch
// (CreateEciForVnode; no free address fails it), pulls the virtual kubelet's image through the
// image model (VnodePullImageFailed), and the kubelet reads the kubeconfig and registers the node
// (CreateVnodeSuccess) or cannot (CreateVnodeFailed).
import { scaledTimings } from '../time-scale.js';
import type { Clock } from '../../model/clock.js';
import { DEFAULT_ACCOUNT } from '../../model/event.js';
import { OwnedResources } from '../owned-resources.js';
import { EmulatorError, invalid } from '../errors.js';
import type { PullImage } from '../image-caches/image-source.js';
import { newId } from '../image-caches/cache-ids.js';
import type { TimerTable } from '../state/timers.js';
import type { PullFailure, PulledImage } from '../image-caches/image-source.js';
import { checkTags } from '../tags.js';
import { DEFAULTS } from '../world/defaults.js';
import type { World } from '../world/world.js';
import { readKubeconfig } from './kubeconfig.js';
import type { NodeEvents } from './node-events.js';
import type { CreateVirtualNodeRequest, UpdateVirtualNodeRequest, VirtualNodeFilter } from './requests.js';
import { VNODE_TIMINGS, vkImage, type VnodeTimings } from './timings.js';
import type { VirtualNode } from './virtual-node.js';

export interface VirtualNodesOptions {
  world: World;
  timers: TimerTable;
  clock: Clock;
  events: NodeEvents;
  pull: PullImage;
  timings?: Partial<VnodeTimings>;
}

export interface NodePage {
  limit: number;
  nextToken?: string;
}

export interface NodeList {
  nodes: VirtualNode[];
  totalCount: number;
  nextToken?: string;
}

/** What the node offers the cluster: the account's vCPU quota, as the scheduler sees it. */
export interface NodeCapacity {
  cpu: number;
  memoryGiB: number;
  pods: number;
  custom: Record<string, number>;
}

/** Memory per vCPU of the capacity: ECI's general-purpose ratio (1:4). */
const GIB_PER_VCPU = 4;
/** Pods per vCPU of the capacity: the smallest ECI instance has 0.25 vCPU. */
const PODS_PER_VCPU = 4;

export function virtualNodeNotFound(id: string): EmulatorError {
  return new EmulatorError('InvalidVirtualNodeId.NotFound', `The specified VirtualNodeId ${JSON.stringify(id)} does not exist.`, 'VirtualNodeId');
}

interface Entry {
  node: VirtualNode;
  seq: number;
  timers: Set<string>;
}

/** A node's step that waits, as data: its instance started, its image pulled (with the pull's outcome), or its kubelet registering. */
type NodeStep = { op: 'started' } | { op: 'pulled'; outcome: PulledImage | PullFailure } | { op: 'register' };

/** The timer of a node's next step: { nodeId, step }. */
export const NODE_TIMER = 'virtual-node.step';

/** A virtual node's document (the emulator's state): the node, its timers, its ClientTokens. */
export interface VirtualNodeDoc {
  node: VirtualNode;
  seq: number;
  timers: string[];
  tokens: string[];
}

export class VirtualNodes {
  private readonly entries = new OwnedResources<Entry>((e) => e.node);
  private readonly timings: VnodeTimings;
  private seq = 0;

  constructor(private readonly options: VirtualNodesOptions) {
    this.timings = scaledTimings({ ...VNODE_TIMINGS, ...options.timings }, () => options.world.timeScale);
    options.timers.on<{ nodeId: string; step: NodeStep }>(NODE_TIMER, (p, id) => {
      const entry = this.entries.get(p.nodeId);
      if (!entry) return;
      entry.timers.delete(id);
      this.due(entry, p.step);
    });
  }

  /** Every node's document, in creation order. */
  toDocs(): Array<{ id: string; body: VirtualNodeDoc }> {
    return [...this.entries.values()].map((e) => ({
      id: e.node.id,
      body: structuredClone({ node: e.node, seq: e.seq, timers: [...e.timers], tokens: this.entries.tokensOf(e.node.id) }),
    }));
  }

  /** Takes back the nodes of stored documents (their timers are re-armed by the table). */
  restore(docs: readonly VirtualNodeDoc[]): void {
    for (const d of [...docs].sort((a, b) => a.seq - b.seq)) {
      const node = structuredClone(d.node);
      this.entries.set(node.id, { node, seq: d.seq, timers: new Set(d.timers) });
      for (const t of d.tokens) this.entries.remember(node.account, t, node.id);
      this.seq = Math.max(this.seq, d.seq + 1);
    }
  }

  private due(entry: Entry, step: NodeStep): void {
    if (step.op === 'started') return this.pullImage(entry);
    if (step.op === 'register') return this.register(entry);
    if (!step.outcome.ok) {
      this.options.events.platform(entry.node, 'VnodePullImageFailed', []);
      return this.fail(entry);
    }
    this.after(entry, this.timings.register, { op: 'register' });
  }

  create(req: CreateVirtualNodeRequest): VirtualNode {
    const account = req.account || DEFAULT_ACCOUNT;
    const earlier = this.entries.byToken(account, req.clientToken);
    if (earlier) return structuredClone(earlier.node);
    const { world, clock, events } = this.options;
    const region = world.directory.region(req.regionId);
    if (!region) throw new EmulatorError('InvalidRegionId.NotFound', `The specified RegionId ${JSON.stringify(req.regionId)} does not exist.`, 'RegionId');
    const vSwitch = world.directory.vSwitch(region, req.vSwitchId);
    if (!vSwitch)
      throw new EmulatorError(
        'InvalidVSwitchId.NotFound',
        `The specified VSwitchId ${JSON.stringify(req.vSwitchId)} does not exist in ${region.regionId}.`,
        'VSwitchId',
      );
    const group = world.directory.securityGroup(region, req.securityGroupId);
    if (!group)
      throw new EmulatorError(
        'InvalidSecurityGroupId.NotFound',
        `The specified SecurityGroupId ${JSON.stringify(req.securityGroupId)} does not exist in ${region.regionId}.`,
        'SecurityGroupId',
      );
    // As CreateContainerGroup refuses it (plan-create.ts): the node's instance and pods need both in one VPC.
    if (group.vpcId !== vSwitch.vpcId)
      throw invalid(
        'SecurityGroupId',
        req.securityGroupId,
        `it is in ${group.vpcId}, but vSwitch ${vSwitch.vSwitchId} is in ${vSwitch.vpcId}; the ENI needs both in one VPC`,
      );
    if (req.zoneId !== undefined && !region.zones.includes(req.zoneId))
      throw new EmulatorError('InvalidZoneId.NotFound', `The specified ZoneId ${JSON.stringify(req.zoneId)} does not exist in ${region.regionId}.`, 'ZoneId');
    if (req.zoneId !== undefined && vSwitch.zoneId !== req.zoneId) {
      throw new EmulatorError(
        'InvalidVSwitchId.ZoneMismatch',
        `The vSwitch ${vSwitch.vSwitchId} is in ${vSwitch.zoneId}, not in the ZoneId ${req.zoneId}.`,
        'VSwitchId',
      );
    }
    const tags = checkTags(req.tags ?? []);
    const name = req.name;
    if (name !== undefined && this.of(account, region.regionId).some((e) => e.node.name === name)) {
      throw new EmulatorError(
        'InvalidParameter',
        `The specified VirtualNodeName ${JSON.stringify(name)} is not valid: another virtual node of the account in ${region.regionId} has this name.`,
        'VirtualNodeName',
      );
    }

    let id = newId('vnd', region.idPrefix);
    while (this.entries.has(id)) id = newId('vnd', region.idPrefix);
    const now = clock.now();
    const node: VirtualNode = {
      id,
      account,
      regionId: region.regionId,
      zoneId: vSwitch.zoneId,
      name: name ?? id,
      status: 'Pending',
      creationTime: now,
      statusTime: now,
      vpcId: vSwitch.vpcId,
      vSwitchId: vSwitch.vSwitchId,
      securityGroupId: group.securityGroupId,
      intranetIp: '',
      internetIp: '',
      ...(req.eipInstanceId ? { eipInstanceId: req.eipInstanceId } : {}),
      resourceGroupId: req.resourceGroupId ?? '',
      tags,
      taints: structuredClone(req.taints ?? []),
      ...(req.clusterDns ? { clusterDns: req.clusterDns } : {}),
      ...(req.clusterDomain ? { clusterDomain: req.clusterDomain } : {}),
      customResources: { ...req.customResources },
      kubeConfig: req.kubeConfig ?? '',
      eciInstanceId: newId('eci', region.idPrefix),
      image: vkImage(region.regionId),
    };
    const entry: Entry = { node, seq: this.seq++, timers: new Set() };
    this.entries.set(id, entry);
    this.entries.remember(account, req.clientToken, id);

    events.platform(node, 'CreateEciForVnode', [node.eciInstanceId]);
    // The instance takes an address of the vSwitch as it is created: a full vSwitch fails it.
    const ip = world.ips.allocate(vSwitch.vSwitchId, vSwitch.cidr);
    if (ip === undefined) {
      this.fail(entry);
      return structuredClone(node);
    }
    node.intranetIp = ip;
    this.after(entry, this.timings.instanceStart, { op: 'started' });
    return structuredClone(node);
  }

  get(account: string, id: string, regionId?: string): VirtualNode | undefined {
    const e = this.find(account, id, regionId);
    return e && structuredClone(e.node);
  }

  /** The account's nodes in every region, oldest first (the Kubernetes-style API lists them all). */
  all(account: string): VirtualNode[] {
    return [...this.entries.values()].filter((e) => e.node.account === (account || DEFAULT_ACCOUNT)).map((e) => structuredClone(e.node));
  }

  /** The account's Ready node that runs its pods in the region: the oldest (docs/WORLD.md). */
  readyNode(account: string, regionId: string): VirtualNode | undefined {
    const e = this.of(account || DEFAULT_ACCOUNT, regionId).find((x) => x.node.status === 'Ready');
    return e && structuredClone(e.node);
  }

  capacity(node: VirtualNode): NodeCapacity {
    const cpu = this.options.world.account(node.account).quotas?.vcpu ?? DEFAULTS.vcpuQuota;
    return { cpu, memoryGiB: cpu * GIB_PER_VCPU, pods: cpu * PODS_PER_VCPU, custom: { ...node.customResources } };
  }

  /** DescribeVirtualNodes: newest first, a page at a time. */
  list(account: string, regionId: string, filter: VirtualNodeFilter = {}, page: NodePage = { limit: 20 }): NodeList {
    if (!this.options.world.directory.region(regionId))
      throw new EmulatorError('InvalidRegionId.NotFound', `The specified RegionId ${JSON.stringify(regionId)} does not exist.`, 'RegionId');
    const sorted = this.of(account || DEFAULT_ACCOUNT, regionId)
      .filter((e) => matches(e.node, filter))
      .sort((a, b) => b.node.creationTime - a.node.creationTime || b.seq - a.seq);
    let start = 0;
    if (page.nextToken) {
      const after = decodeToken(page.nextToken);
      start = sorted.findIndex((e) => e.node.creationTime < after.creationTime || (e.node.creationTime === after.creationTime && e.seq < after.seq));
      if (start < 0) start = sorted.length;
    }
    const items = sorted.slice(start, start + page.limit);
    const more = start + page.limit < sorted.length;
    const last = items[items.length - 1];
    return {
      nodes: items.map((e) => structuredClone(e.node)),
      totalCount: sorted.length,
      ...(more && last ? { nextToken: Buffer.from(`v1:${last.node.creationTime}:${last.seq}`).toString('base64url') } : {}),
    };
  }

  update(account: string, id: string, req: UpdateVirtualNodeRequest, regionId?: string): VirtualNode {
    const entry = this.require(account, id, regionId);
    const { node } = entry;
    const tags = req.tags === undefined ? undefined : checkTags(req.tags);
    if (req.name !== undefined && req.name !== node.name && this.of(node.account, node.regionId).some((e) => e.node.name === req.name)) {
      throw new EmulatorError(
        'InvalidParameter',
        `The specified VirtualNodeName ${JSON.stringify(req.name)} is not valid: another virtual node of the account in ${node.regionId} has this name.`,
        'VirtualNodeName',
      );
    }
    if (req.name !== undefined) node.name = req.name;
    if (tags) node.tags = tags;
    if (req.clusterDns !== undefined) node.clusterDns = req.clusterDns;
    if (req.clusterDomain !== undefined) node.clusterDomain = req.clusterDomain;
    if (req.customResources !== undefined) node.customResources = { ...req.customResources };
    return structuredClone(node);
  }

  /** DeleteVirtualNode: the node leaves the cluster and its instance is released at once. */
  delete(account: string, id: string, regionId?: string): VirtualNode {
    const entry = this.require(account, id, regionId);
    this.release(entry);
    this.entries.delete(id);
    return structuredClone(entry.node);
  }

  close(): void {
    // The timers are the table's (closed with the emulator): nothing to cancel here.
  }

  private pullImage(entry: Entry): void {
    const { node } = entry;
    const outcome = this.options.pull({ image: node.image, account: node.account, regionId: node.regionId, credentials: [] });
    this.after(entry, outcome.duration, { op: 'pulled', outcome });
  }

  private register(entry: Entry): void {
    const { node } = entry;
    const config = readKubeconfig(node.kubeConfig);
    if (!config.ok) return this.fail(entry);
    node.apiServer = config.server;
    this.status(node, 'Ready');
    this.options.events.platform(node, 'CreateVnodeSuccess', []);
  }

  /** The node could not be made: its instance is released, the node stays Failed until deleted. */
  private fail(entry: Entry): void {
    this.status(entry.node, 'Failed');
    this.options.events.platform(entry.node, 'CreateVnodeFailed', []);
    this.release(entry);
  }

  private release(entry: Entry): void {
    for (const t of entry.timers) this.options.timers.cancel(t);
    entry.timers.clear();
    const { node } = entry;
    if (node.intranetIp) this.options.world.ips.release(node.vSwitchId, node.intranetIp);
  }

  private status(node: VirtualNode, status: VirtualNode['status']): void {
    node.status = status;
    node.statusTime = this.options.clock.now();
  }

  private after(entry: Entry, delay: number, step: NodeStep): void {
    entry.timers.add(this.options.timers.after(delay, NODE_TIMER, { nodeId: entry.node.id, step }));
  }

  private of(account: string, regionId: string): Entry[] {
    return this.entries.inRegion(account, regionId);
  }

  private find(account: string, id: string, regionId?: string): Entry | undefined {
    return this.entries.find(account, id, regionId);
  }

  private require(account: string, id: string, regionId?: string): Entry {
    const e = this.find(account, id, regionId);
    if (!e) throw virtualNodeNotFound(id);
    return e;
  }
}

function matches(node: VirtualNode, f: VirtualNodeFilter): boolean {
  if (f.ids && !f.ids.includes(node.id)) return false;
  if (f.name !== undefined && node.name !== f.name) return false;
  if (f.status !== undefined && node.status !== f.status) return false;
  if (f.resourceGroupId !== undefined && node.resourceGroupId !== f.resourceGroupId) return false;
  return (f.tags ?? []).every((want) => node.tags.some((t) => t.key === want.key && (!want.value || t.value === want.value)));
}

function decodeToken(token: string): { creationTime: number; seq: number } {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const m = /^v1:(\d{1,16}):(\d{1,15})$/.exec(text);
  if (!m)
    throw new EmulatorError(
      'InvalidParameter',
      `The specified NextToken ${JSON.stringify(token)} is not valid: use the NextToken of a previous answer, or none for the first page.`,
      'NextToken',
    );
  return { creationTime: Number(m[1]), seq: Number(m[2]) };
}
