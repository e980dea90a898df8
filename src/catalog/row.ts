import type { EventType } from '../model/event.js';

export const CATALOG_GROUPS = ['ContainerGroup', 'ImageCache', 'DataCache', 'VirtualNode', 'Resource', 'SystemOM'] as const;
export type CatalogGroup = (typeof CATALOG_GROUPS)[number];

/** Events of the Kubernetes agent in the instance: not one of the seed's groups. */
export const AGENT_GROUP = 'K8sAgent';

export const RESOURCE_MODULES = ['RamRole', 'vSwitch', 'SecurityGroup', 'ENI', 'EIP', 'SLS'] as const;
export type ResourceModule = (typeof RESOURCE_MODULES)[number];

/** One row of the seed's tables, as written there. */
export interface CatalogRowData {
  group: CatalogGroup | typeof AGENT_GROUP;
  /** The seed's "resource module" column: Resource rows only. */
  resource?: ResourceModule;
  reason: string;
  type: EventType;
  /** The message template with its `%s` slots; for SystemOM rows, the seed's example message. */
  message: string;
  description: string;
}

/** A catalog row with what is derived from it once, at load. */
export interface CatalogRow extends CatalogRowData {
  /** Position in the seed, from 0. */
  index: number;
  /** Number of `%s` slots in the template (0 for SystemOM rows, whose message is an example). */
  slots: number;
  /** SystemOM rows: the message is an example, and a report may give the observed message instead. */
  exampleMessage: boolean;
}

/** A row as the JSON outputs show it (`catalog --json`, GET /v1/catalog): these keys, `resource` on Resource rows only. */
export function rowJson(r: CatalogRowData) {
  return {
    group: r.group,
    ...(r.resource ? { resource: r.resource } : {}),
    reason: r.reason,
    type: r.type,
    message: r.message,
    description: r.description,
  };
}
