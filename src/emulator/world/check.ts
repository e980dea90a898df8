// What the schema cannot say about a world: ids are unique, references point at something that
// exists, addresses fall inside their vSwitch. Each problem names where it is, as a path into
// the file (regions[0].zones[2].stock), so a refused file says exactly what to fix.
import { parseCidr } from '../ip-pool.js';
import type { WorldSpec } from './spec.js';

export class WorldError extends Error {
  constructor(readonly problems: string[]) {
    super(`the world is not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'WorldError';
  }
}

function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function validIp(ip: string): boolean {
  return ip.split('.').every((p) => Number(p) <= 255);
}

/** Problems of a normalized world; empty when it is consistent. */
export function checkWorld(w: WorldSpec): string[] {
  const problems: string[] = [];
  const unique = new Map<string, string>();
  const claim = (kind: string, id: string, path: string) => {
    const key = `${kind}\u0000${id}`;
    const first = unique.get(key);
    if (first) problems.push(`${path}: ${kind} ${JSON.stringify(id)} is already defined at ${first}`);
    else unique.set(key, path);
  };
  const types = new Set((w.instanceTypes ?? []).map((t) => t.name));
  (w.instanceTypes ?? []).forEach((t, i) => claim('instance type', t.name, `instanceTypes[${i}]`));
  const knownType = (name: string, path: string) => {
    if (!types.has(name)) problems.push(`${path}: instance type ${JSON.stringify(name)} is not in instanceTypes`);
  };
  if (w.defaultInstanceType !== undefined) knownType(w.defaultInstanceType, 'defaultInstanceType');
  const stockKeys = (stock: unknown, path: string) => {
    if (stock && typeof stock === 'object') for (const k of Object.keys(stock)) knownType(k, `${path}.${k}`);
  };
  const regionIds = new Set<string>();
  (w.regions ?? []).forEach((r, ri) => {
    const rp = `regions[${ri}]`;
    claim('region', r.regionId, rp);
    regionIds.add(r.regionId);
    const zones = new Set(r.zones.map((z) => z.zoneId));
    if (r.defaultZoneId !== undefined && !zones.has(r.defaultZoneId))
      problems.push(`${rp}.defaultZoneId: zone ${JSON.stringify(r.defaultZoneId)} is not one of the region's zones`);
    r.zones.forEach((z, zi) => {
      const zp = `${rp}.zones[${zi}]`;
      claim('zone', z.zoneId, zp);
      (z.instanceTypes ?? []).forEach((t, ti) => knownType(t, `${zp}.instanceTypes[${ti}]`));
      stockKeys(z.stock, `${zp}.stock`);
      stockKeys(z.spotStock, `${zp}.spotStock`);
      stockKeys(z.spotPrice, `${zp}.spotPrice`);
      if (Array.isArray(z.hosts)) z.hosts.forEach((h, hi) => claim('host', h.id, `${zp}.hosts[${hi}]`));
    });
    const inZone = (zoneId: string, path: string) => {
      if (!zones.has(zoneId)) problems.push(`${path}: zone ${JSON.stringify(zoneId)} is not one of region ${r.regionId}'s zones`);
    };
    const vSwitches = new Map<string, { first: number; size: number }>();
    const vpcIds = new Set<string>();
    if ((r.vpcs ?? []).filter((v) => v.isDefault).length > 1) problems.push(`${rp}.vpcs: a region has at most one default VPC`);
    (r.vpcs ?? []).forEach((v, vi) => {
      const vp = `${rp}.vpcs[${vi}]`;
      claim('VPC', v.vpcId, vp);
      vpcIds.add(v.vpcId);
      const ranges: Array<{ first: number; size: number; path: string }> = [];
      v.vSwitches.forEach((s, si) => {
        const sp = `${vp}.vSwitches[${si}]`;
        claim('vSwitch', s.vSwitchId, sp);
        inZone(s.zoneId, `${sp}.zoneId`);
        if (!validIp(s.cidr.split('/')[0]!)) {
          problems.push(`${sp}.cidr: ${s.cidr} is not an IPv4 CIDR`);
          return;
        }
        const range = parseCidr(s.cidr);
        const overlap = ranges.find((o) => range.first < o.first + o.size && o.first < range.first + range.size);
        if (overlap) problems.push(`${sp}.cidr: ${s.cidr} overlaps the vSwitch at ${overlap.path}`);
        ranges.push({ ...range, path: sp });
        vSwitches.set(s.vSwitchId, range);
      });
    });
    (r.securityGroups ?? []).forEach((g, gi) => {
      claim('security group', g.securityGroupId, `${rp}.securityGroups[${gi}]`);
      if (!vpcIds.has(g.vpcId)) problems.push(`${rp}.securityGroups[${gi}].vpcId: VPC ${JSON.stringify(g.vpcId)} is not in the region`);
    });
    (r.enis ?? []).forEach((e, ei) => {
      const ep = `${rp}.enis[${ei}]`;
      claim('ENI', e.eniId, ep);
      const range = vSwitches.get(e.vSwitchId);
      if (!range) problems.push(`${ep}.vSwitchId: vSwitch ${JSON.stringify(e.vSwitchId)} is not in the region`);
      else if (!validIp(e.ip) || ipNumber(e.ip) <= range.first || ipNumber(e.ip) >= range.first + range.size - 3)
        problems.push(`${ep}.ip: ${e.ip} is not a usable address of vSwitch ${e.vSwitchId}`);
    });
    (r.bandwidthPackages ?? []).forEach((p, pi) => claim('bandwidth package', p.id, `${rp}.bandwidthPackages[${pi}]`));
    (r.eips ?? []).forEach((e, ei) => claim('EIP', e.allocationId, `${rp}.eips[${ei}]`));
    (r.disks ?? []).forEach((d, di) => {
      claim('disk', d.diskId, `${rp}.disks[${di}]`);
      inZone(d.zoneId, `${rp}.disks[${di}].zoneId`);
    });
  });
  (w.registries ?? []).forEach((g, gi) => {
    const gp = `registries[${gi}]`;
    claim('registry', g.host.toLowerCase(), gp);
    const repositories = new Map<string, string>();
    (g.images ?? []).forEach((i, ii) => {
      const first = repositories.get(i.repository);
      if (first) problems.push(`${gp}.images[${ii}]: repository ${JSON.stringify(i.repository)} is already listed at ${first}; give it every tag there`);
      else repositories.set(i.repository, `${gp}.images[${ii}]`);
    });
    if (g.private && !(g.credentials ?? []).length)
      problems.push(`${gp}.credentials: a private registry needs at least one username and password to pull with`);
  });
  (w.accounts ?? []).forEach((a, ai) => {
    const ap = `accounts[${ai}]`;
    claim('account', a.id, ap);
    for (const t of Object.keys(a.quotas?.instanceTypes ?? {})) knownType(t, `${ap}.quotas.instanceTypes.${t}`);
    for (const r of Object.keys(a.quotas?.diskGiBPerRegion ?? {}))
      if (!regionIds.has(r)) problems.push(`${ap}.quotas.diskGiBPerRegion.${r}: region ${JSON.stringify(r)} is not in regions`);
    (a.slsProjects ?? []).forEach((p, pi) => {
      if (!regionIds.has(p.regionId)) problems.push(`${ap}.slsProjects[${pi}].regionId: region ${JSON.stringify(p.regionId)} is not in regions`);
    });
  });
  return problems;
}
