import { describe, expect, it } from 'vitest';
import type { VirtualNode } from '../../emulator/index.js';
import { pageVirtualNodes, virtualNodeItem } from './list.js';

const T0 = Date.UTC(2026, 2, 1) * 1000;

function node(id: string, at: number, over: Partial<VirtualNode> = {}): VirtualNode {
  return {
    id,
    account: 'a',
    regionId: 'cn-hangzhou',
    zoneId: 'cn-hangzhou-k',
    name: `vk-${id}`,
    status: 'Ready',
    creationTime: at,
    statusTime: at,
    vpcId: 'vpc-1',
    vSwitchId: 'vsw-1',
    securityGroupId: 'sg-1',
    intranetIp: '172.16.0.9',
    internetIp: '',
    resourceGroupId: '',
    tags: [],
    taints: [],
    customResources: {},
    kubeConfig: '',
    eciInstanceId: `eci-${id}`,
    image: 'vk:1',
    ...over,
  };
}

const ids = (p: { page: VirtualNode[] }) => p.page.map((n) => n.id);
const CAPACITY = { cpu: 8, memoryGiB: 32, pods: 64, custom: {} };

describe("the console's list of virtual nodes", () => {
  const nodes = [
    node('vnd-a', T0),
    node('vnd-c', T0 + 1),
    node('vnd-b', T0 + 1, { intranetIp: '10.1.2.3' }),
    node('vnd-d', T0 + 2, { status: 'Failed', regionId: 'cn-beijing', name: 'GPU-Pool' }),
  ];

  it('orders newest first, ties by id, and pages by position without repeats or gaps', () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const p = pageVirtualNodes(nodes, { limit: 1, ...(after ? { after } : {}) });
      seen.push(...ids(p));
      after = p.next;
      if (!after) break;
    }
    expect(seen).toEqual(['vnd-d', 'vnd-c', 'vnd-b', 'vnd-a']);
  });

  it('filters by status, region and text in the id, name or private address, ignoring case', () => {
    expect(ids(pageVirtualNodes(nodes, { limit: 50, status: 'Failed' }))).toEqual(['vnd-d']);
    expect(ids(pageVirtualNodes(nodes, { limit: 50, regionId: 'cn-hangzhou' }))).toEqual(['vnd-c', 'vnd-b', 'vnd-a']);
    expect(ids(pageVirtualNodes(nodes, { limit: 50, q: 'gpu-pool' }))).toEqual(['vnd-d']);
    expect(ids(pageVirtualNodes(nodes, { limit: 50, q: '10.1.2' }))).toEqual(['vnd-b']);
  });

  it("shows a node with its capacity and its events' counts", () => {
    expect(virtualNodeItem(nodes[0]!, CAPACITY, undefined)).toMatchObject({
      virtualNodeId: 'vnd-a',
      name: 'vk-vnd-a',
      eciInstanceId: 'eci-vnd-a',
      capacity: CAPACITY,
      eventCount: 0,
      warningCount: 0,
    });
    const summary = { containerGroupId: 'eci-vnd-a', name: 'vk-vnd-a', namespace: '', events: 2, warnings: 1, lastTimestamp: T0 };
    expect(virtualNodeItem(nodes[0]!, CAPACITY, summary)).toMatchObject({ eventCount: 2, warningCount: 1, lastEventAt: '2026-03-01T00:00:00Z' });
  });
});
