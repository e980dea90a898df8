// /v1/clock: the service's time, and moving a virtual clock forward.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './json.js';

export const ClockState = Type.Object({
  mode: StringEnum(['real', 'virtual'] as const),
  /** RFC 3339. */
  now: Type.String(),
  /** The factor on the emulator's modelled durations (1 on a virtual clock). */
  timeScale: Type.Number(),
});
export type ClockState = Static<typeof ClockState>;

/** One of the two: forward by a duration ("10m"), or to a later time (RFC 3339). */
export const ClockMove = Type.Object(
  { advance: Type.Optional(Type.String({ maxLength: 64 })), to: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
export type ClockMove = Static<typeof ClockMove>;
