// GET /v1/catalog: the events the service knows, for the console's Catalog page and the
// descriptions it shows beside events.
import { Type, type Static } from '@sinclair/typebox';

export const CatalogRow = Type.Object({
  group: Type.String(),
  /** The resource module of the row, where the seed names one. */
  resource: Type.Optional(Type.String()),
  reason: Type.String(),
  type: Type.String(),
  message: Type.String(),
  description: Type.String(),
});
export type CatalogRow = Static<typeof CatalogRow>;

export const CatalogAnswer = Type.Object({
  /** The seed's rows, in its order. */
  rows: Type.Array(CatalogRow),
  /** The Kubernetes agent's events the emulator records beside them (not in the seed). */
  agentRows: Type.Array(CatalogRow),
});
export type CatalogAnswer = Static<typeof CatalogAnswer>;
