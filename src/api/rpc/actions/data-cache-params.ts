// CreateDataCache's, UpdateDataCache's and CopyDataCache's parameters, by their wire names (the
// SDK's names()), checked before anything changes. DataSource arrives flattened as the SDK's
// query flattening writes a nested object: DataSource.Type and DataSource.Options.<key>.
import {
  DATA_SOURCE_TYPES,
  type CreateDataCacheRequest,
  type DataSource,
  type DataSourceType,
  type UpdateDataCacheRequest,
  type CopyDataCacheRequest,
} from '../../../emulator/index.js';
import { invalid } from '../../core/errors.js';
import type { Params } from '../params.js';

/** Size, GiB: an ESSD disk holds at most 32 TiB. */
export const MAX_DATA_CACHE_GIB = 32_768;
export const MAX_RETENTION_DAYS = 36_500;
const MAX_OPTIONS = 20;
/** The option each source type cannot do without (CreateDataCache's DataSource.Options). */
const REQUIRED_OPTION: Record<DataSourceType, string> = { URL: 'url', NAS: 'server', OSS: 'bucket' };
const PATH = /^\/[^\s]*$/;
const BUCKET = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function dataCacheId(params: Params): string {
  const id = params.str('DataCacheId', { required: true, max: 64 });
  if (!/^edc-[a-z0-9]+$/.test(id)) throw invalid('DataCacheId', `${JSON.stringify(id)} is not a data cache id (edc-...).`);
  return id;
}

export function dataCacheBucket(params: Params, name = 'Bucket'): string | undefined {
  return params.str(name, {
    max: 63,
    pattern: BUCKET,
    patternText: 'may hold only lowercase letters, digits and hyphens, 1 to 63, starting with a letter or digit',
  });
}

export function dataCachePath(params: Params, required: boolean): string | undefined {
  const path = params.str('Path', { required, max: 1024, pattern: PATH, patternText: 'must be an absolute path (/data/models) without spaces' });
  return path;
}

function dataSource(params: Params, required: boolean): DataSource | undefined {
  const type = params.str('DataSource.Type', { required, oneOf: DATA_SOURCE_TYPES }) as DataSourceType | undefined;
  const prefix = 'DataSource.Options.';
  const options: Record<string, string> = {};
  for (const [key, value] of params.entries()) {
    if (!key.startsWith(prefix)) continue;
    const name = key.slice(prefix.length);
    if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) throw invalid(key, `${JSON.stringify(name)} is not an option name.`);
    if (value.length > 2048) throw invalid(key, `it is ${value.length} characters long; at most 2048 are allowed.`);
    options[name] = value;
  }
  if (Object.keys(options).length > MAX_OPTIONS) throw invalid('DataSource.Options', `at most ${MAX_OPTIONS} options are allowed.`);
  if (type === undefined) {
    if (Object.keys(options).length) throw invalid('DataSource.Type', 'DataSource.Options is given without DataSource.Type.');
    return undefined;
  }
  const need = REQUIRED_OPTION[type];
  if (!options[need]) throw invalid(`DataSource.Options.${need}`, `a ${type} source needs DataSource.Options.${need}.`);
  if (type === 'URL' && !/^https?:\/\/[^\s/]+/.test(options.url!))
    throw invalid('DataSource.Options.url', `${JSON.stringify(options.url)} is not an http or https URL.`);
  return { type, options };
}

function common(params: Params) {
  const tags = params.list('Tag').length ? params.tags() : undefined;
  const out = {
    sizeGiB: params.int('Size', { min: 1, max: MAX_DATA_CACHE_GIB }),
    retentionDays: params.int('RetentionDays', { min: 1, max: MAX_RETENTION_DAYS }),
    vSwitchId: params.str('VSwitchId', { max: 64 }),
    securityGroupId: params.str('SecurityGroupId', { max: 64 }),
    eipInstanceId: params.str('EipInstanceId', { max: 64 }),
    resourceGroupId: params.str('ResourceGroupId', { max: 64 }),
    name: params.str('Name', { max: 128 }),
    tags,
  };
  // Accepted as ECI accepts it; the model has no EIP creation for the proxy (docs/WORLD.md).
  params.str('EipCreateParam', { max: 4096 });
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

export function createDataCacheRequest(params: Params, account: string, regionId: string): CreateDataCacheRequest {
  const bucket = dataCacheBucket(params);
  const path = dataCachePath(params, true)!;
  const source = dataSource(params, true)!;
  const clientToken = params.str('ClientToken', { max: 64 });
  const rest = common(params);
  return {
    account,
    regionId,
    name: (rest.name as string | undefined) ?? path,
    path,
    dataSource: source,
    ...(bucket ? { bucket } : {}),
    ...(clientToken ? { clientToken } : {}),
    ...rest,
  };
}

export function updateDataCacheRequest(params: Params): UpdateDataCacheRequest {
  const bucket = dataCacheBucket(params);
  const source = dataSource(params, false);
  params.str('ClientToken', { max: 64 });
  return { ...(bucket ? { bucket } : {}), ...(source ? { dataSource: source } : {}), ...common(params) };
}

export function copyDataCacheRequest(params: Params): CopyDataCacheRequest {
  const destinationRegionId = params.str('DestinationRegionId', { required: true, max: 64 });
  const bucket = dataCacheBucket(params);
  const path = dataCachePath(params, false);
  const name = params.str('Name', { max: 128 });
  const retentionDays = params.int('RetentionDays', { min: 1, max: MAX_RETENTION_DAYS });
  const resourceGroupId = params.str('ResourceGroupId', { max: 64 });
  const tags = params.list('Tag').length ? params.tags() : undefined;
  params.str('ClientToken', { max: 64 });
  return {
    destinationRegionId,
    ...(bucket ? { bucket } : {}),
    ...(path ? { path } : {}),
    ...(name ? { name } : {}),
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    ...(resourceGroupId ? { resourceGroupId } : {}),
    ...(tags ? { tags } : {}),
  };
}
