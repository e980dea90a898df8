export { availableResources, familyOf, type AvailableQuery, type AvailableZone, type ResourceCategory, type SupportedResource } from './available.js';
export { containerGroupPrice, type PriceAnswer, type PriceQuery, type SpotMarket } from './prices.js';
export { listUsage, type Usage } from './usage.js';
export { STATUS_ORDER, stockStatus, type SpotAsk, type StatusCategory } from './stock-status.js';
