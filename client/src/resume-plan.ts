import {
  Kind,
  parse,
  print,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';

/** The alias under which the client selects `cursor` when the operation did not; removed before delivery. */
export const CURSOR_ALIAS = '_resumeCursor';
/** The variable the client passes `after` in when the operation had a literal or no `after`. */
export const AFTER_VARIABLE = '_resumeAfter';

/** How to resume one `messageAdded` subscription document. */
export interface ResumePlan {
  /** The document to send: `after` a variable, `cursor` selected. */
  query: string;
  /** The response key of messageAdded in each result. */
  field: string;
  /** The key of the cursor in each message. */
  cursorKey: string;
  /** True when the client added `cursor` (under CURSOR_ALIAS) and strips it before delivery. */
  stripCursor: boolean;
  /** The variable that carries `after`. */
  afterVariable: string;
  /** The `after` the document means when the variables give none: a literal, or the variable's default. */
  defaultAfter: string | null;
  /** The room: a literal id, or a variable (with its default). */
  room: { value: string } | { variable: string; defaultValue: string | null } | null;
}

/**
 * The resume plan of a subscription to `messageAdded`, or null for any other operation (which the
 * client passes through untouched).
 */
export function planResume(query: string, operationName?: string | null): ResumePlan | null {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return null; // the server will say what is wrong with it
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation || operation.operation !== 'subscription' || (!operationName && operations.length !== 1)) return null;
  const [field, ...others] = operation.selectionSet.selections;
  if (!field || others.length > 0 || field.kind !== Kind.FIELD || field.name.value !== 'messageAdded') return null;

  const after = argumentOf(field, 'after');
  const afterVariable = after?.kind === Kind.VARIABLE ? after.name.value : AFTER_VARIABLE;
  const hasCursor = field.selectionSet?.selections.some(
    (s) => s.kind === Kind.FIELD && s.name.value === 'cursor' && !s.alias,
  );
  const rewritten = rewrite(operation, field, { addAfter: after?.kind !== Kind.VARIABLE, addCursor: !hasCursor });
  return {
    query: rewritten ? print(replace(document, operation, rewritten)) : query,
    field: field.alias?.value ?? field.name.value,
    cursorKey: hasCursor ? 'cursor' : CURSOR_ALIAS,
    stripCursor: !hasCursor,
    afterVariable,
    defaultAfter: stringOf(after?.kind === Kind.VARIABLE ? defaultOf(operation, afterVariable) : after),
    room: roomOf(operation, argumentOf(field, 'roomId')),
  };
}

function argumentOf(field: FieldNode, name: string): ValueNode | undefined {
  return field.arguments?.find((a) => a.name.value === name)?.value;
}

function defaultOf(operation: OperationDefinitionNode, variable: string): ValueNode | undefined {
  return operation.variableDefinitions?.find((d) => d.variable.name.value === variable)?.defaultValue;
}

const stringOf = (value: ValueNode | undefined) => (value?.kind === Kind.STRING ? value.value : null);

function roomOf(operation: OperationDefinitionNode, value: ValueNode | undefined): ResumePlan['room'] {
  if (value?.kind === Kind.STRING) return { value: value.value };
  if (value?.kind !== Kind.VARIABLE) return null;
  return { variable: value.name.value, defaultValue: stringOf(defaultOf(operation, value.name.value)) };
}

/** The operation with `after: $_resumeAfter` and `_resumeCursor: cursor` added as asked; null if nothing to add. */
function rewrite(
  operation: OperationDefinitionNode,
  field: FieldNode,
  add: { addAfter: boolean; addCursor: boolean },
): OperationDefinitionNode | null {
  if (!add.addAfter && !add.addCursor) return null;
  const afterArgument: ArgumentNode = {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: 'after' },
    value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
  };
  const afterDefinition: VariableDefinitionNode = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
    type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
  };
  const cursorField: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: CURSOR_ALIAS },
    name: { kind: Kind.NAME, value: 'cursor' },
  };
  const newField: FieldNode = {
    ...field,
    arguments: add.addAfter
      ? [...(field.arguments ?? []).filter((a) => a.name.value !== 'after'), afterArgument]
      : field.arguments,
    selectionSet:
      add.addCursor && field.selectionSet
        ? { ...field.selectionSet, selections: [...field.selectionSet.selections, cursorField] }
        : field.selectionSet,
  };
  return {
    ...operation,
    variableDefinitions: add.addAfter
      ? [...(operation.variableDefinitions ?? []), afterDefinition]
      : operation.variableDefinitions,
    selectionSet: { ...operation.selectionSet, selections: [newField] },
  };
}

function replace(document: DocumentNode, from: OperationDefinitionNode, to: OperationDefinitionNode): DocumentNode {
  return { ...document, definitions: document.definitions.map((d) => (d === from ? to : d)) };
}
