// What the world control routes answer beside the world itself (whose schema is the emulator's,
// the one world files are checked by): the faults in force, the hosts, the placements, the spot
// market's reclaims. Their requests are bounded by the emulator's limits and declared by the API.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './json.js';

const strict = { additionalProperties: false } as const;

/** A fault, its durations as typed and its instants in RFC 3339 on the service's clock. */
export const FaultJson = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    target: Type.String(),
    count: Type.Optional(Type.Integer()),
    duration: Type.Optional(Type.String()),
    deadline: Type.Optional(Type.String()),
    detail: Type.Optional(Type.String()),
    factor: Type.Optional(Type.Number()),
    injectedAt: Type.String({ description: "RFC 3339, on the service's clock" }),
    endsAt: Type.Optional(Type.String({ description: "when the fault is over by itself: its duration, or a maintenance's deadline" })),
    hits: Type.Integer(),
  },
  strict,
);
export type FaultJson = Static<typeof FaultJson>;

export const HostJson = Type.Object(
  {
    id: Type.String(),
    zoneId: Type.String(),
    vcpu: Type.Integer(),
    usedVcpu: Type.Number({ description: 'vCPUs the instances placed on it take' }),
    health: StringEnum(['healthy', 'failed'] as const),
    maintenance: Type.Boolean({ description: 'a maintenance is planned: nothing new is placed on it' }),
  },
  strict,
);
export type HostJson = Static<typeof HostJson>;

export const PlacementJson = Type.Object(
  {
    containerGroupId: Type.String(),
    account: Type.String(),
    zoneId: Type.String(),
    hostId: Type.String(),
    instanceType: Type.String(),
    spot: Type.Boolean(),
    ip: Type.String(),
    eipId: Type.Optional(Type.String()),
  },
  strict,
);
export type PlacementJson = Static<typeof PlacementJson>;

/** GET /v1/world beside `world`: the hosts, where instances run, the faults in force. */
export const WorldRuntime = Type.Object({ hosts: Type.Array(HostJson), placements: Type.Array(PlacementJson), faults: Type.Array(FaultJson) }, strict);
export type WorldRuntime = Static<typeof WorldRuntime>;

export const FaultsAnswer = Type.Object({ faults: Type.Array(FaultJson) }, strict);
export type FaultsAnswer = Static<typeof FaultsAnswer>;
export const FaultAnswer = Type.Object({ fault: FaultJson }, strict);
export type FaultAnswer = Static<typeof FaultAnswer>;

export const FaultKindJson = Type.Object({ kind: Type.String(), target: Type.String(), about: Type.String() }, strict);
export const FaultKindsAnswer = Type.Object({ kinds: Type.Array(FaultKindJson) }, strict);
export type FaultKindsAnswer = Static<typeof FaultKindsAnswer>;

/** POST /v1/spot/reclaim: the instances the market took back. */
export const ReclaimAnswer = Type.Object({ containerGroupIds: Type.Array(Type.String()) }, strict);
export type ReclaimAnswer = Static<typeof ReclaimAnswer>;
