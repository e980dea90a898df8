export { ROWS } from './rows.js';
export { AGENT_ROWS } from './agent-rows.js';
export * from './row.js';
export { countSlots, renderTemplate, extractArgs } from './template.js';
export { Catalog, CatalogError, catalog, seedRows, render, match, renderReason, COMBINED_PREFIX, type Reason, type ArgsFor, type Match } from './catalog.js';
