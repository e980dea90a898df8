// The body of every refusal of the HTTP API.
import { Type, type Static } from '@sinclair/typebox';

/** `{"error": {"code", "message", ...}}`: more fields beside code and message as the code needs (`problems`, `purgedUpTo`...). */
export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: true }),
});
export type ErrorBody = Static<typeof ErrorBody>;
