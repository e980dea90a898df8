// Request and response schemas of the world control routes, and how a fault is rendered. The
// world itself is described by the emulator's own schema (the one world files are checked by),
// so an answer never drops a field the world has; the rest of the answers are contracts'. The
// requests are bounded by the emulator's limits, so they are declared here.
import { Type, type Static } from '@sinclair/typebox';
import { MAINTENANCE_NOTICE } from '../../emulator/incidents.js';
import { MAX_CONTROL_COUNT, MAX_SLOW_FACTOR } from '../../emulator/world/bounds.js';
import { WorldSchema, type Fault } from '../../emulator/index.js';
import { type FaultJson, WorldRuntime } from '../../contracts/index.js';
import { formatDuration } from '../../model/duration.js';
import { toRfc3339 } from '../../model/time.js';

const strict = { additionalProperties: false } as const;

/** GET /v1/world: the world, its hosts, where instances run, the faults in force. */
export const WorldAnswer = Type.Object({ world: WorldSchema, ...WorldRuntime.properties }, strict);
export type WorldAnswer = Static<typeof WorldAnswer>;
/** POST /v1/world: the world after the change. */
export const WorldChangeAnswer = Type.Object({ world: WorldSchema }, strict);

export const FaultRequestBody = Type.Object(
  {
    // The kind is checked by the handler, to answer with the list of kinds.
    kind: Type.String({ maxLength: 64 }),
    target: Type.String({ minLength: 1, maxLength: 128 }),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CONTROL_COUNT })),
    duration: Type.Optional(Type.String({ maxLength: 64 })),
    deadline: Type.Optional(Type.String({ maxLength: 64 })),
    detail: Type.Optional(Type.String({ maxLength: 1024 })),
    factor: Type.Optional(Type.Number({ minimum: 1, maximum: MAX_SLOW_FACTOR, description: 'registry-slow: how many times slower pulls are (default 10)' })),
  },
  strict,
);
export type FaultRequestBody = Static<typeof FaultRequestBody>;

export const ReclaimRequest = Type.Object(
  {
    zoneId: Type.String({ minLength: 1, maxLength: 128 }),
    instanceType: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CONTROL_COUNT })),
  },
  strict,
);
export type ReclaimRequest = Static<typeof ReclaimRequest>;

/**
 * A fault with its times as the rest of the API writes them: durations as typed, instants in
 * RFC 3339. A maintenance always has its deadline (the emulator's default when none was given),
 * and ends there: the host's instances are restarted elsewhere and the fault is over.
 */
export function faultJson(f: Fault): FaultJson {
  const deadline = f.kind === 'host-maintenance' ? (f.deadline ?? MAINTENANCE_NOTICE) : f.deadline;
  const limits = [f.duration, f.kind === 'host-maintenance' ? deadline : undefined].filter((x): x is number => x !== undefined);
  const ends = limits.length ? Math.min(...limits) : undefined;
  return {
    id: f.id,
    kind: f.kind,
    target: f.target,
    ...(f.count !== undefined ? { count: f.count } : {}),
    ...(f.duration !== undefined ? { duration: formatDuration(f.duration) } : {}),
    ...(deadline !== undefined ? { deadline: formatDuration(deadline) } : {}),
    ...(f.detail !== undefined ? { detail: f.detail } : {}),
    ...(f.factor !== undefined ? { factor: f.factor } : {}),
    injectedAt: toRfc3339(f.injectedAt),
    ...(ends !== undefined ? { endsAt: toRfc3339(f.injectedAt + ends) } : {}),
    hits: f.hits,
  };
}
