// CreateImageCache's and UpdateImageCache's parameters, by their wire names (the SDK's
// CreateImageCacheRequest / UpdateImageCacheRequest names()), checked before anything changes.
// Ranges ECI does not publish are this service's, and docs/WORLD.md says which.
import {
  ELIMINATION_STRATEGIES,
  type CreateImageCacheRequest,
  type EliminationStrategy,
  type RegistryCredential,
  type UpdateImageCacheRequest,
} from '../../../emulator/index.js';
import { invalid } from '../../core/errors.js';
import type { Params } from '../params.js';
import { GROUP_NAME } from './container-group-params.js';

/** Image.N: as many images as one instance can run containers (ECI's limit is 20 containers). */
export const MAX_CACHE_IMAGES = 20;
/** ImageCacheSize, GiB: an ESSD disk holds at most 32 TiB. */
export const MAX_CACHE_GIB = 32_768;
export const MAX_RETENTION_DAYS = 36_500;
/** Snapshot copies (StandardCopyCount, FlashCopyCount): ECI suggests one per 1,000 instances. */
export const MAX_COPIES = 100;
/** VSwitchId: "You can specify up to 10 vSwitch IDs. Separate multiple vSwitch IDs with commas." */
const MAX_VSWITCHES = 10;

export function cacheName(params: Params, required: boolean): string | undefined {
  const name = params.str('ImageCacheName', { required, max: 128 });
  if (name === undefined) return undefined;
  if (name.length < 2) throw invalid('ImageCacheName', 'it must be 2 to 128 characters long.');
  if (!GROUP_NAME.test(name))
    throw invalid('ImageCacheName', `${JSON.stringify(name)} may hold only lowercase letters, digits and hyphens, and must not start or end with a hyphen.`);
  return name;
}

export function cacheImages(params: Params, required: boolean): string[] | undefined {
  const images = params.strings('Image', { max: MAX_CACHE_IMAGES, maxLength: 1024 });
  if (!images.length) {
    if (required) throw invalid('Image.1', 'an image cache needs at least one image (Image.N).');
    return undefined;
  }
  images.forEach((image, i) => {
    if (!image.trim() || /\s/.test(image)) throw invalid(`Image.${i + 1}`, `${JSON.stringify(image)} is not an image reference.`);
  });
  return images;
}

function credentials(params: Params): RegistryCredential[] | undefined {
  const items = params.list('ImageRegistryCredential', { max: 20 });
  if (!items.length) return undefined;
  return items.map((c) => ({
    server: c.str('Server', { required: true, max: 256 }),
    userName: c.str('UserName', { required: true, max: 256 }),
    password: c.str('Password', { required: true, max: 1024 }),
  }));
}

function vSwitch(params: Params): string | undefined {
  const value = params.str('VSwitchId', { max: 64 * MAX_VSWITCHES + MAX_VSWITCHES });
  if (value === undefined) return undefined;
  const ids = value.split(',').map((s) => s.trim());
  if (ids.length > MAX_VSWITCHES || ids.some((id) => !id)) throw invalid('VSwitchId', `give 1 to ${MAX_VSWITCHES} vSwitch ids separated by commas.`);
  // The cache's builder is placed in the first; the others are fallbacks with the same checks.
  return ids[0];
}

/** What create and update share. */
function common(params: Params) {
  const strategy = params.str('EliminationStrategy', { oneOf: ELIMINATION_STRATEGIES }) as EliminationStrategy | undefined;
  const tags = params.list('Tag').length ? params.tags() : undefined;
  const out = {
    vSwitchId: vSwitch(params),
    securityGroupId: params.str('SecurityGroupId', { max: 64 }),
    eipInstanceId: params.str('EipInstanceId', { max: 64 }),
    capacityGiB: params.int('ImageCacheSize', { min: 1, max: MAX_CACHE_GIB }),
    retentionDays: params.int('RetentionDays', { min: 1, max: MAX_RETENTION_DAYS }),
    eliminationStrategy: strategy,
    flash: params.bool('Flash'),
    flashCopyCount: params.int('FlashCopyCount', { min: 1, max: MAX_COPIES }),
    standardCopyCount: params.int('StandardCopyCount', { min: 1, max: MAX_COPIES }),
    resourceGroupId: params.str('ResourceGroupId', { max: 64 }),
    tags,
    credentials: credentials(params),
  };
  // Accepted as ECI accepts them; the model has nothing they change (docs/WORLD.md).
  params.str('ClientToken', { max: 64 });
  params.bool('AutoMatchImageCache');
  params.str('Annotations', { max: 4096 });
  params.str('InsecureRegistry', { max: 4096 });
  params.str('PlainHttpRegistry', { max: 4096 });
  params.str('OsType', { oneOf: ['Linux', 'Windows'] });
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

export function createCacheRequest(params: Params, account: string, regionId: string): CreateImageCacheRequest {
  const name = cacheName(params, true)!;
  const images = cacheImages(params, true)!;
  const zoneId = params.str('ZoneId', { max: 64 });
  const clientToken = params.str('ClientToken', { max: 64 });
  return { account, regionId, name, images, ...(zoneId ? { zoneId } : {}), ...(clientToken ? { clientToken } : {}), ...common(params) };
}

export function updateCacheRequest(params: Params): UpdateImageCacheRequest {
  const name = cacheName(params, false);
  const images = cacheImages(params, false);
  return { ...(name ? { name } : {}), ...(images ? { images } : {}), ...common(params) };
}

export function cacheId(params: Params): string {
  const id = params.str('ImageCacheId', { required: true, max: 64 });
  if (!/^imc-[a-z0-9]+$/.test(id)) throw invalid('ImageCacheId', `${JSON.stringify(id)} is not an image cache id (imc-...).`);
  return id;
}
