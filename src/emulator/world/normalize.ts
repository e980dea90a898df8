// A world spec with every default filled in, so the rest of the emulator reads one shape and
// `world show` prints the whole world as it stands, the stock left and the balance included.
import { DEFAULTS, DEFAULT_REGISTRIES, DEFAULT_WORLD, resourceId } from './defaults.js';
import type { RegionWorldSpec, RegistryWorldSpec, WorldSpec } from './spec.js';

/** The id prefixes real regions use (ECS-style), so a file naming a known region gets familiar ids. */
const KNOWN_PREFIXES: Record<string, string> = Object.fromEntries((DEFAULT_WORLD.regions ?? []).map((r) => [r.regionId, r.idPrefix!]));

/** The prefix of a region's generated ids when the file gives none. */
function prefixOf(regionId: string): string {
  return KNOWN_PREFIXES[regionId] ?? (regionId.replace(/[^a-z0-9]/g, '') + '000').slice(0, 3);
}

/** Default vSwitch ids named after their zone's suffix (cn-hangzhou-k → ...emudefaultk...), made unique. */
function defaultVSwitchIds(r: RegionWorldSpec, idPrefix: string): string[] {
  const used = new Set<string>();
  return r.zones.map((z, i) => {
    const suffix = (z.zoneId.startsWith(`${r.regionId}-`) ? z.zoneId.slice(r.regionId.length + 1) : z.zoneId).toLowerCase().replace(/[^a-z0-9]/g, '');
    let id = resourceId('vsw', idPrefix, `emudefault${suffix}`);
    if (used.has(id)) id = resourceId('vsw', idPrefix, `emuzone${i}`);
    used.add(id);
    return id;
  });
}

function normalizeRegion(r: RegionWorldSpec): RegionWorldSpec {
  const idPrefix = r.idPrefix ?? prefixOf(r.regionId);
  const defaultVpcId = resourceId('vpc', idPrefix, 'emudefault');
  const vpcs = r.vpcs ?? [
    {
      vpcId: defaultVpcId,
      isDefault: true,
      // One /20 per zone inside 172.16.0.0/12, as the console's default vSwitches.
      vSwitches: defaultVSwitchIds(r, idPrefix).map((vSwitchId, i) => ({ vSwitchId, zoneId: r.zones[i]!.zoneId, cidr: `172.16.${i * 16}.0/20` })),
    },
  ];
  const sgVpc = vpcs.find((v) => v.isDefault) ?? vpcs[0];
  const securityGroups = r.securityGroups ?? (sgVpc ? [{ securityGroupId: resourceId('sg', idPrefix, 'emudefault'), vpcId: sgVpc.vpcId }] : []);
  return {
    ...r,
    idPrefix,
    defaultZoneId: r.defaultZoneId ?? r.zones[r.zones.length - 1]!.zoneId,
    zones: r.zones.map((z) => ({
      ...z,
      state: z.state ?? 'open',
      essd: z.essd ?? true,
      cpuOptions: z.cpuOptions ?? true,
      lowWaterMark: z.lowWaterMark ?? 0,
      hosts: Array.isArray(z.hosts)
        ? z.hosts.map((h) => ({ ...h, vcpu: h.vcpu ?? DEFAULTS.hostVcpu }))
        : Array.from({ length: z.hosts ?? DEFAULTS.hostsPerZone }, (_, i) => ({ id: `h-${z.zoneId}-${i + 1}`, vcpu: DEFAULTS.hostVcpu })),
    })),
    vpcs,
    securityGroups: securityGroups.map((g) => ({ ...g, maxInstances: g.maxInstances ?? DEFAULTS.securityGroupMaxInstances })),
    enis: r.enis ?? [],
    eips: r.eips ?? [],
    bandwidthPackages: r.bandwidthPackages ?? [],
    disks: r.disks ?? [],
  };
}

function normalizeRegistry(g: RegistryWorldSpec): RegistryWorldSpec {
  const defaultImageSizeMB = g.defaultImageSizeMB ?? DEFAULTS.imageSizeMB;
  const defaultLayers = g.defaultLayers ?? DEFAULTS.imageLayers;
  return {
    ...g,
    private: g.private ?? false,
    credentials: g.credentials ?? [],
    reachable: g.reachable ?? true,
    speedMBps: g.speedMBps ?? DEFAULTS.registrySpeedMBps,
    latencyMs: g.latencyMs ?? DEFAULTS.registryLatencyMs,
    closed: g.closed ?? false,
    defaultImageSizeMB,
    defaultLayers,
    images: (g.images ?? []).map((i) => ({
      ...i,
      tags: i.tags ?? ['latest'],
      sizeMB: i.sizeMB ?? defaultImageSizeMB,
      layers: i.layers ?? defaultLayers,
      arches: i.arches ?? ['amd64', 'arm64'],
    })),
  };
}

/** Fills every default; the input is left as it is. */
export function normalizeWorld(spec: WorldSpec, base: WorldSpec): WorldSpec {
  const s = structuredClone(spec);
  const accounts = s.accounts ?? [];
  // Appended, so the file's own accounts keep the positions problems are reported at.
  if (!accounts.some((a) => a.id === 'default')) accounts.push({ id: 'default' });
  return {
    instanceTypes: s.instanceTypes ?? structuredClone(base.instanceTypes),
    defaultInstanceType: s.defaultInstanceType ?? (s.instanceTypes ? s.instanceTypes[0]!.name : base.defaultInstanceType),
    regions: (s.regions ?? structuredClone(base.regions)!).map(normalizeRegion),
    accounts: accounts.map((a) => ({
      ...a,
      balance: a.balance ?? DEFAULTS.balance,
      quotas: {
        ...a.quotas,
        vcpu: a.quotas?.vcpu ?? DEFAULTS.vcpuQuota,
        instanceTypes: a.quotas?.instanceTypes ?? {},
        diskGiB: a.quotas?.diskGiB ?? DEFAULTS.diskQuotaGiB,
        diskGiBPerRegion: a.quotas?.diskGiBPerRegion ?? {},
        eips: a.quotas?.eips ?? DEFAULTS.eipQuota,
        imageCaches: a.quotas?.imageCaches ?? DEFAULTS.imageCacheQuota,
      },
      serviceLinkedRole: a.serviceLinkedRole ?? true,
      deniedActions: a.deniedActions ?? [],
      slsProjects: (a.slsProjects ?? []).map((p) => ({ ...p, logstoreQuota: p.logstoreQuota ?? DEFAULTS.slsLogstoreQuota, logstores: p.logstores ?? [] })),
    })),
    registries: (s.registries ?? structuredClone(base.registries) ?? structuredClone(DEFAULT_REGISTRIES)).map(normalizeRegistry),
    dataSources: s.dataSources ?? structuredClone(base.dataSources) ?? [],
    unresolvable: s.unresolvable ?? [],
    spot: {
      protectionMinutes: s.spot?.protectionMinutes ?? DEFAULTS.spotProtectionMinutes,
      noticeMinutes: s.spot?.noticeMinutes ?? DEFAULTS.spotNoticeMinutes,
    },
    flowControl: {
      ...s.flowControl,
      retries: s.flowControl?.retries ?? DEFAULTS.flowRetries,
      backoffSeconds: s.flowControl?.backoffSeconds ?? DEFAULTS.flowBackoffSeconds,
    },
    platform: {
      memoryReservationMiB: s.platform?.memoryReservationMiB ?? 0,
      jobEphemeralStorageLimitGiB: s.platform?.jobEphemeralStorageLimitGiB ?? DEFAULTS.jobEphemeralStorageLimitGiB,
      paramMaxLength: s.platform?.paramMaxLength ?? DEFAULTS.paramMaxLength,
      ...(s.platform?.timeScale !== undefined ? { timeScale: s.platform.timeScale } : {}),
    },
  };
}
