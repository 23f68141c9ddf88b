import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLField,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';

/** Where a description is missing: `Type`, `Type.field`, `Type.field(arg)` or `Enum.VALUE`. */
function undescribed(type: GraphQLNamedType): string[] {
  const missing = type.description?.trim() ? [] : [type.name];
  const fields: Array<Pick<GraphQLField<unknown, unknown>, 'name' | 'description' | 'args'>> =
    isObjectType(type) || isInterfaceType(type)
      ? Object.values(type.getFields())
      : isInputObjectType(type)
        ? Object.values(type.getFields()).map((field) => ({ ...field, args: [] }))
        : [];
  for (const field of fields) {
    if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
    for (const arg of field.args) {
      if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
    }
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe('schema descriptions', () => {
  // What a frontend developer reads in GraphiQL and in generated types: every type, field,
  // argument and enum value of ours says what it is (built-in scalars and introspection excluded).
  it('describes every type, field, argument and enum value', () => {
    const ours = Object.values(schema.getTypeMap()).filter(
      (type) => !type.name.startsWith('__') && !isSpecifiedScalarType(type),
    );
    expect(ours.length).toBeGreaterThan(40);
    expect(ours.flatMap(undescribed)).toEqual([]);
  });
});
