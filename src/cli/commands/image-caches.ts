import Table from 'cli-table3';
import { UsageError, type Io } from '../io.js';
import { callAction, type ClientOptions } from './client.js';

export interface ImageCachesOptions extends ClientOptions {
  region: string;
  ids?: string;
  name?: string;
  image?: string[];
  size?: string;
  retentionDays?: string;
  lru?: boolean;
  flash?: boolean;
  copies?: string;
  zone?: string;
  limit?: string;
  all?: boolean;
  json?: boolean;
}

interface Cache {
  ImageCacheId: string;
  ImageCacheName: string;
  Status: string;
  Images: string[];
  ImageCacheSize: number;
  Progress: string;
  CreationTime: string;
  SnapshotId?: string;
}

const images = (list: string[] | undefined) => Object.fromEntries((list ?? []).map((image, i) => [`Image.${i + 1}`, image]));

/** Image caches through the OpenAPI: list (following NextToken with --all), create, update, delete. */
export async function imageCachesCommand(verb: string, arg: string | undefined, options: ImageCachesOptions, io: Io): Promise<void> {
  const region = { RegionId: options.region };
  const settings = {
    ImageCacheSize: options.size,
    RetentionDays: options.retentionDays,
    EliminationStrategy: options.lru ? 'LRU' : undefined,
    Flash: options.flash ? 'true' : undefined,
    StandardCopyCount: options.copies,
  };
  if (verb === 'list') {
    const caches: Cache[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAction<{ ImageCaches: Cache[]; NextToken?: string }>(options, 'DescribeImageCaches', {
        ...region,
        ImageCacheId: options.ids,
        ImageCacheName: options.name,
        Image: options.image?.[0],
        Limit: options.limit,
        NextToken: nextToken,
      });
      caches.push(...page.ImageCaches);
      nextToken = options.all ? page.NextToken : undefined;
    } while (nextToken);
    if (options.json) return io.out(JSON.stringify(caches, null, 2));
    if (caches.length === 0) return io.err('No image caches found.');
    const table = new Table({ head: ['Id', 'Name', 'Status', 'Progress', 'Size (GiB)', 'Images', 'Created'], style: { head: [], border: [], compact: true } });
    for (const c of caches) table.push([c.ImageCacheId, c.ImageCacheName, c.Status, c.Progress, String(c.ImageCacheSize), c.Images.join(', '), c.CreationTime]);
    return io.out(table.toString());
  }
  if (verb === 'create') {
    if (!arg) throw new UsageError('image-caches create needs a name: eci-events image-caches create NAME --image IMAGE [--image IMAGE...]');
    if (!options.image?.length) throw new UsageError('image-caches create needs --image (once per image)');
    const { ImageCacheId } = await callAction<{ ImageCacheId: string }>(options, 'CreateImageCache', {
      ...region,
      ImageCacheName: arg,
      ZoneId: options.zone,
      ...images(options.image),
      ...settings,
    });
    return io.out(ImageCacheId);
  }
  if (verb === 'update') {
    if (!arg) throw new UsageError('image-caches update needs an image cache id');
    await callAction(options, 'UpdateImageCache', { ...region, ImageCacheId: arg, ImageCacheName: options.name, ...images(options.image), ...settings });
    return io.out(`updating ${arg}`);
  }
  if (verb === 'delete') {
    if (!arg) throw new UsageError('image-caches delete needs an image cache id');
    await callAction(options, 'DeleteImageCache', { ...region, ImageCacheId: arg });
    return io.out(`deleted ${arg}`);
  }
  throw new UsageError(`unknown image-caches command ${JSON.stringify(verb)}: use list, create, update or delete`);
}
