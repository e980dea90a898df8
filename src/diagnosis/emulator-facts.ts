// The emulator as the diagnosis reads it: a group's values (GroupView) and the world's answers
// (WorldFacts), read-only. The one file of src/diagnosis that knows the emulator.
import type { ContainerGroup, Emulator } from '../emulator/index.js';
import type { World } from '../emulator/world/world.js';
import type { GroupView, WorldFacts } from './facts.js';

export function groupView(g: ContainerGroup): GroupView {
  return {
    id: g.id,
    name: g.name,
    account: g.account,
    regionId: g.regionId,
    zoneId: g.zoneId,
    status: g.status,
    instanceType: g.instanceType,
    memory: g.memory,
    vSwitchId: g.vSwitchId,
    securityGroupId: g.securityGroupId,
    ...(g.hostId ? { hostId: g.hostId } : {}),
    spot: g.spotStrategy !== 'NoSpot',
    containers: [...g.initContainers, ...g.containers].map((c) => ({
      name: c.name,
      memory: c.memory,
      ...(c.sharesInstanceMemory ? { sharesInstanceMemory: true } : {}),
      restartCount: c.restartCount,
      current: {
        state: c.currentState.state,
        ...(c.currentState.reason ? { reason: c.currentState.reason } : {}),
        ...(c.currentState.exitCode !== undefined ? { exitCode: c.currentState.exitCode } : {}),
        ...(c.currentState.startTime !== undefined ? { startTime: c.currentState.startTime } : {}),
      },
      ...(c.previousState
        ? {
            previous: {
              state: c.previousState.state,
              ...(c.previousState.reason ? { reason: c.previousState.reason } : {}),
              ...(c.previousState.exitCode !== undefined ? { exitCode: c.previousState.exitCode } : {}),
              ...(c.previousState.finishTime !== undefined ? { finishTime: c.previousState.finishTime } : {}),
            },
          }
        : {}),
    })),
  };
}

function hasRoom(world: World, zoneHosts: Array<{ id: string; vcpu: number }>, cpu: number): boolean {
  return zoneHosts.some((h) => world.hostUsable(h.id) && h.vcpu - world.usedVcpuOnHost(h.id) >= cpu);
}

export function worldFacts(emulator: Emulator): WorldFacts {
  const world = emulator.world;
  return {
    zonesWithStock(account, regionId, instanceType, except) {
      const t = world.instanceType(instanceType);
      const region = world.region(regionId);
      if (!t || !region) return [];
      const living = new Set([...world.placements.values()].filter((p) => p.account === account).map((p) => p.zoneId));
      return region.zones
        .filter((z) => !except.includes(z.zoneId))
        .filter((z) => z.state !== 'closed' && (z.state !== 'limited' || living.has(z.zoneId)))
        .filter((z) => z.instanceTypes === undefined || z.instanceTypes.includes(t.name))
        .filter((z) => world.stockLeft(z, 'stock', t.name) > 0 && hasRoom(world, world.hostsOf(z), t.cpu))
        .map((z) => z.zoneId);
    },
    vSwitchesWithAddresses(regionId, vSwitchId) {
      const vpc = world.region(regionId)?.vpcs?.find((v) => v.vSwitches.some((s) => s.vSwitchId === vSwitchId));
      return (vpc?.vSwitches ?? [])
        .filter((s) => s.vSwitchId !== vSwitchId && world.ips.hasFree(s.vSwitchId, s.cidr))
        .map((s) => ({ vSwitchId: s.vSwitchId, zoneId: s.zoneId }));
    },
    otherSecurityGroups(regionId, securityGroupId) {
      const groups = world.region(regionId)?.securityGroups ?? [];
      const vpcId = groups.find((g) => g.securityGroupId === securityGroupId)?.vpcId;
      return groups.filter((g) => g.securityGroupId !== securityGroupId && (vpcId === undefined || g.vpcId === vpcId)).map((g) => g.securityGroupId);
    },
    balance: (account) => world.balance(account),
    pricePerHour(instanceType) {
      const t = world.instanceType(instanceType);
      return t ? world.price(t) : undefined;
    },
    vcpuQuota(account) {
      const used = [...world.placements.values()].filter((p) => p.account === account).reduce((n, p) => n + p.cpu, 0);
      const quota = emulator.worldState(account).world.accounts?.find((a) => a.id === account)?.quotas?.vcpu;
      return { ...(quota !== undefined ? { quota } : {}), used };
    },
    host(hostId) {
      const h = world.hosts().find((x) => x.id === hostId);
      return h ? { health: h.health, maintenance: h.maintenance } : undefined;
    },
  };
}
