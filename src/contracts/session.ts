// /v1/session: the console signs in with an access key pair and asks who is signed in.
import { Type, type Static } from '@sinclair/typebox';

export const SignIn = Type.Object(
  { accessKeyId: Type.String({ minLength: 1, maxLength: 256 }), accessKeySecret: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type SignIn = Static<typeof SignIn>;

export const Session = Type.Object({ account: Type.String(), accessKeyId: Type.String() });
export type Session = Static<typeof Session>;
