import Table from 'cli-table3';
import { UsageError, type Io } from '../io.js';
import { callAction, type ClientOptions } from './client.js';

export interface DataCachesOptions extends ClientOptions {
  region: string;
  ids?: string;
  bucket?: string;
  path?: string;
  name?: string;
  url?: string;
  nas?: string;
  nasPath?: string;
  oss?: string;
  ossEndpoint?: string;
  size?: string;
  retentionDays?: string;
  vswitch?: string;
  securityGroup?: string;
  to?: string;
  limit?: string;
  all?: boolean;
  json?: boolean;
}

interface Cache {
  DataCacheId: string;
  Name: string;
  Bucket: string;
  Path: string;
  Status: string;
  Progress: string;
  Size: number;
  DataSource: { Type: string; Options: string };
  ContainerGroupId?: string;
  CreationTime: string;
}

/** DataSource.Type and DataSource.Options.<key> from --url, --nas or --oss (one of them). */
function source(options: DataCachesOptions, required: boolean): Record<string, string | undefined> {
  const given = [options.url, options.nas, options.oss].filter((x) => x !== undefined).length;
  if (given > 1) throw new UsageError('give one source: --url, --nas or --oss');
  if (options.url) return { 'DataSource.Type': 'URL', 'DataSource.Options.url': options.url };
  if (options.nas) return { 'DataSource.Type': 'NAS', 'DataSource.Options.server': options.nas, 'DataSource.Options.path': options.nasPath ?? '/' };
  if (options.oss) return { 'DataSource.Type': 'OSS', 'DataSource.Options.bucket': options.oss, 'DataSource.Options.url': options.ossEndpoint };
  if (required) throw new UsageError('data-caches create needs a source: --url URL, --nas SERVER or --oss BUCKET');
  return {};
}

/** Data caches through the OpenAPI: list (following NextToken with --all), create, update, delete, copy. */
export async function dataCachesCommand(verb: string, arg: string | undefined, options: DataCachesOptions, io: Io): Promise<void> {
  const region = { RegionId: options.region };
  const settings = {
    Name: options.name,
    Bucket: options.bucket,
    Size: options.size,
    RetentionDays: options.retentionDays,
    VSwitchId: options.vswitch,
    SecurityGroupId: options.securityGroup,
  };
  if (verb === 'list') {
    const caches: Cache[] = [];
    let nextToken: string | undefined;
    const ids = Object.fromEntries((options.ids?.split(',') ?? []).map((id, i) => [`DataCacheId.${i + 1}`, id.trim()]));
    do {
      const page = await callAction<{ DataCaches: Cache[]; NextToken?: string }>(options, 'DescribeDataCaches', {
        ...region,
        ...ids,
        Bucket: options.bucket,
        Path: options.path,
        Limit: options.limit,
        NextToken: nextToken,
      });
      caches.push(...page.DataCaches);
      nextToken = options.all ? page.NextToken : undefined;
    } while (nextToken);
    if (options.json) return io.out(JSON.stringify(caches, null, 2));
    if (caches.length === 0) return io.err('No data caches found.');
    const table = new Table({
      head: ['Id', 'Bucket', 'Path', 'Status', 'Progress', 'Size (GiB)', 'Source', 'Job', 'Created'],
      style: { head: [], border: [], compact: true },
    });
    for (const c of caches)
      table.push([c.DataCacheId, c.Bucket, c.Path, c.Status, c.Progress, String(c.Size), c.DataSource.Type, c.ContainerGroupId ?? '', c.CreationTime]);
    return io.out(table.toString());
  }
  if (verb === 'create') {
    if (!arg) throw new UsageError('data-caches create needs a path: eci-events data-caches create PATH --url URL | --nas SERVER | --oss BUCKET');
    const { DataCacheId } = await callAction<{ DataCacheId: string }>(options, 'CreateDataCache', {
      ...region,
      Path: arg,
      ...source(options, true),
      ...settings,
    });
    return io.out(DataCacheId);
  }
  if (verb === 'update') {
    if (!arg) throw new UsageError('data-caches update needs a data cache id');
    await callAction(options, 'UpdateDataCache', { ...region, DataCacheId: arg, ...source(options, false), ...settings });
    return io.out(`updating ${arg}`);
  }
  if (verb === 'delete') {
    if (!arg) throw new UsageError('data-caches delete needs a data cache id');
    await callAction(options, 'DeleteDataCache', { ...region, DataCacheId: arg });
    return io.out(`deleted ${arg}`);
  }
  if (verb === 'copy') {
    if (!arg) throw new UsageError('data-caches copy needs a data cache id');
    if (!options.to) throw new UsageError('data-caches copy needs --to REGION');
    const { DataCacheId } = await callAction<{ DataCacheId: string }>(options, 'CopyDataCache', {
      ...region,
      DataCacheId: arg,
      DestinationRegionId: options.to,
      Name: options.name,
      Bucket: options.bucket,
      Path: options.path,
      RetentionDays: options.retentionDays,
    });
    return io.out(DataCacheId);
  }
  throw new UsageError(`unknown data-caches command ${JSON.stringify(verb)}: use list, create, update, delete or copy`);
}
