// The virtual nodes list's query (search, status, region, the page's cursor), kept in the URL.
import { parseListQuery, type ListQuery } from './list-query.js';

/** The emulator's virtual node statuses (src/emulator/virtual-nodes/virtual-node.ts). */
export const VIRTUAL_NODE_STATUSES = ['Pending', 'Ready', 'Failed'] as const;

export const parseVirtualNodesQuery = (search: URLSearchParams): ListQuery => parseListQuery(search, VIRTUAL_NODE_STATUSES);
