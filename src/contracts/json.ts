// Schema builders the contracts share.
import { Kind, Type, TypeRegistry, type SchemaOptions, type TSchema } from '@sinclair/typebox';

export interface TStringEnum<T extends string = string> extends TSchema {
  [Kind]: 'StringEnum';
  static: T;
  type: 'string';
  enum: T[];
}

// So that TypeBox's Value and compiler can check the kind too (tests check answers with them).
TypeRegistry.Set<TStringEnum>('StringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value));

/**
 * A string from a fixed list, typed as the list's union. `{type: string, enum}` rather than
 * TypeBox's union of literals: a union is an `anyOf`, which fast-json-stringify resolves by
 * validating each value against every branch, on every answer.
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TStringEnum<T[number]> {
  return { ...options, [Kind]: 'StringEnum', type: 'string', enum: [...values] } as TStringEnum<T[number]>;
}

/**
 * An object passed through whole (an OpenAPI rendering of a resource): every field it has is sent.
 * Its readers know its fields from the OpenAPI, not from this service.
 */
export function OpenObject(options: SchemaOptions = {}) {
  return Type.Record(Type.String(), Type.Unknown(), options);
}
