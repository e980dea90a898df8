// The parameters of DescribeAvailableResource and DescribeContainerGroupPrice: the resource asked
// about and the spot market, read with checks that name the parameter at fault.
import { SPOT_STRATEGIES, type ResourceCategory, type SpotAsk } from '../../../emulator/index.js';
import { invalid, missing } from '../../core/errors.js';
import type { Params } from '../params.js';

const CATEGORIES: readonly ResourceCategory[] = ['InstanceTypeFamily', 'InstanceType'];
/** "The maximum hourly price of the spot instance, accurate to three decimal places." (ECI's API reference) */
const PRICE_LIMIT_DECIMALS = 3;
/** SpotDuration: the protection period in hours, 1 (the default) or 0 (ECI's API reference). */
const SPOT_DURATIONS = [0, 1];

export interface Destination {
  category: ResourceCategory;
  value?: string;
  cores?: number;
  memory?: number;
}

export function destination(params: Params): Destination {
  const prefix = 'DestinationResource.';
  const category = params.str(`${prefix}Category`, { required: true, oneOf: CATEGORIES }) as ResourceCategory;
  const value = params.str(`${prefix}Value`, {
    max: 64,
    pattern: /^ecs\.[a-z0-9-]+(\.[a-z0-9-]+)?$/,
    patternText: 'is not an instance family (ecs.g6) or type (ecs.g6.large)',
  });
  const cores = params.num(`${prefix}Cores`, { max: 1024 });
  const memory = params.num(`${prefix}Memory`, { max: 8192 });
  if (category === 'InstanceTypeFamily') {
    // "Cores / Memory: can be set when Category is InstanceType."
    if (cores !== undefined) throw invalid(`${prefix}Cores`, 'it can be set only when DestinationResource.Category is InstanceType.');
    if (memory !== undefined) throw invalid(`${prefix}Memory`, 'it can be set only when DestinationResource.Category is InstanceType.');
    if (value !== undefined && value.split('.').length !== 2)
      throw invalid(`${prefix}Value`, `${JSON.stringify(value)} is an instance type; Category InstanceTypeFamily takes a family such as ecs.g6.`);
  } else if (value !== undefined && value.split('.').length !== 3) {
    throw invalid(`${prefix}Value`, `${JSON.stringify(value)} is an instance family; Category InstanceType takes a type such as ecs.g6.large.`);
  }
  return { category, ...(value !== undefined ? { value } : {}), ...(cores !== undefined ? { cores } : {}), ...(memory !== undefined ? { memory } : {}) };
}

/** SpotStrategy, SpotPriceLimit and SpotDuration, under `prefix` (`SpotResource.` or none). */
export function spotAsk(params: Params, prefix = ''): SpotAsk {
  const strategy = (params.str(`${prefix}SpotStrategy`, { oneOf: SPOT_STRATEGIES }) ?? 'NoSpot') as SpotAsk['strategy'];
  const limitText = params.raw(`${prefix}SpotPriceLimit`);
  const priceLimit = params.num(`${prefix}SpotPriceLimit`, { max: 1e6 });
  if (limitText !== undefined && /\.\d{4,}$/.test(limitText))
    throw invalid(`${prefix}SpotPriceLimit`, `${limitText} has more than ${PRICE_LIMIT_DECIMALS} decimal places.`);
  const duration = params.int(`${prefix}SpotDuration`, { min: 0, max: 1 });
  if (duration !== undefined && !SPOT_DURATIONS.includes(duration)) throw invalid(`${prefix}SpotDuration`, `use ${SPOT_DURATIONS.join(' or ')}.`);
  if (strategy === 'SpotWithPriceLimit') {
    if (priceLimit === undefined) throw missing(`${prefix}SpotPriceLimit`);
    if (!(priceLimit > 0)) throw invalid(`${prefix}SpotPriceLimit`, 'SpotStrategy SpotWithPriceLimit needs a SpotPriceLimit greater than 0.');
    return { strategy, priceLimit };
  }
  if (priceLimit !== undefined) throw invalid(`${prefix}SpotPriceLimit`, `it applies only to SpotStrategy SpotWithPriceLimit, not ${strategy}.`);
  return { strategy };
}
