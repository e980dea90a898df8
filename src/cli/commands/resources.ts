import Table from 'cli-table3';
import { UsageError, type Io } from '../io.js';
import { callAction, type ClientOptions } from './client.js';

export interface ResourcesOptions extends ClientOptions {
  region: string;
  zone?: string;
  family?: boolean;
  type?: string;
  cpu?: string;
  memory?: string;
  spot?: string;
  spotPriceLimit?: string;
  start?: string;
  end?: string;
  period?: string;
  json?: boolean;
}

interface Zone {
  ZoneId: string;
  AvailableResources: {
    AvailableResource: Array<{ Type: string; SupportedResources: { SupportedResource: Array<{ Value: string; StatusCategory: string }> } }>;
  };
}

interface Price {
  Price: { OriginalPrice: number; TradePrice: number; Currency: string; DetailInfos: { DetailInfo: Array<{ Resource: string }> } };
  SpotPrices: { SpotPrice: Array<{ ZoneId: string; InstanceType: string; SpotPrice: number; OriginPrice: number }> };
}

interface MetricRecord {
  Timestamp: string;
  CPU: { Limit: number; UsageNanoCores: number };
  Memory: { WorkingSet: number };
  Network: { Interfaces: Array<{ RxBytes: number; TxBytes: number }> };
}

const table = (head: string[]) => new Table({ head, style: { head: [], border: [], compact: true } });
const spot = (o: ResourcesOptions) => ({ SpotStrategy: o.spot, SpotPriceLimit: o.spotPriceLimit });

/**
 * The world's resources through the OpenAPI: available (DescribeAvailableResource), price
 * (DescribeContainerGroupPrice), usage (ListUsage), metrics ID (DescribeContainerGroupMetric).
 */
export async function resourcesCommand(verb: string, arg: string | undefined, options: ResourcesOptions, io: Io): Promise<void> {
  const region = { RegionId: options.region };
  if (verb === 'available') {
    const body = await callAction<{ AvailableZones: { AvailableZone: Zone[] } }>(options, 'DescribeAvailableResource', {
      ...region,
      ZoneId: options.zone,
      'DestinationResource.Category': options.family ? 'InstanceTypeFamily' : 'InstanceType',
      'DestinationResource.Value': options.type,
      'DestinationResource.Cores': options.cpu,
      'DestinationResource.Memory': options.memory,
      ...Object.fromEntries(Object.entries(spot(options)).map(([k, v]) => [`SpotResource.${k}`, v])),
    });
    const zones = body.AvailableZones.AvailableZone;
    if (options.json) return io.out(JSON.stringify(zones, null, 2));
    if (zones.length === 0) return io.err('No zone offers it.');
    const t = table(['Zone', options.family ? 'Family' : 'Type', 'Status']);
    for (const z of zones)
      for (const r of z.AvailableResources.AvailableResource)
        for (const s of r.SupportedResources.SupportedResource) t.push([z.ZoneId, s.Value, s.StatusCategory]);
    return io.out(t.toString());
  }
  if (verb === 'price') {
    const body = await callAction<{ PriceInfo: Price }>(options, 'DescribeContainerGroupPrice', {
      ...region,
      ZoneId: options.zone,
      InstanceType: options.type,
      Cpu: options.cpu,
      Memory: options.memory,
      ...spot(options),
    });
    const p = body.PriceInfo;
    if (options.json) return io.out(JSON.stringify(p, null, 2));
    const lines = [
      `${p.Price.DetailInfos.DetailInfo[0]?.Resource ?? ''}: ${p.Price.OriginalPrice} ${p.Price.Currency}/hour pay-as-you-go, ${p.Price.TradePrice} to pay`,
    ];
    for (const s of p.SpotPrices.SpotPrice) lines.push(`  spot in ${s.ZoneId}: ${s.SpotPrice}`);
    return io.out(lines.join('\n'));
  }
  if (verb === 'usage') {
    const body = await callAction<{ Attributes: Record<string, number> }>(options, 'ListUsage', region);
    if (options.json) return io.out(JSON.stringify(body.Attributes, null, 2));
    const a = body.Attributes;
    return io.out([`vCPUs: ${a.UsedCpu} of ${a.MaxCpu}`, `image caches: ${a.UsedImageCacheCount} of ${a.MaxImageCacheCount}`].join('\n'));
  }
  if (verb === 'metrics') {
    if (!arg) throw new UsageError('resources metrics needs a container group id');
    const body = await callAction<{ Records: MetricRecord[] }>(options, 'DescribeContainerGroupMetric', {
      ...region,
      ContainerGroupId: arg,
      StartTime: options.start,
      EndTime: options.end,
      Period: options.period,
    });
    if (options.json) return io.out(JSON.stringify(body.Records, null, 2));
    if (body.Records.length === 0) return io.err('No records in the range.');
    const t = table(['Time', 'CPU (millicores)', 'Memory (MiB)', 'Rx bytes', 'Tx bytes']);
    for (const r of body.Records) {
      const eth = r.Network.Interfaces[0];
      t.push([
        r.Timestamp,
        `${Math.round(r.CPU.UsageNanoCores / 1e6)} of ${r.CPU.Limit}`,
        (r.Memory.WorkingSet / 2 ** 20).toFixed(1),
        String(eth?.RxBytes ?? 0),
        String(eth?.TxBytes ?? 0),
      ]);
    }
    return io.out(t.toString());
  }
  throw new UsageError(`unknown verb ${JSON.stringify(verb)}: use available, price, usage or metrics`);
}
