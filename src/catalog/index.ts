export { ROWS } from './rows.js';
export * from './row.js';
export { countSlots, renderTemplate, extractArgs } from './template.js';
export { Catalog, CatalogError, catalog, render, match, renderReason, COMBINED_PREFIX, type Reason, type ArgsFor, type Match } from './catalog.js';
