import { GraphQLError, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { coded } from '../platform/errors.js';

/**
 * How deeply `variables` may nest. This schema's deepest input (an input object holding a list)
 * is 3 levels; anything far deeper is an attack on whatever walks the value recursively later
 * (JSON.stringify of a share key threw at 6,000 levels, after the subscription was set up).
 */
export const MAX_VARIABLES_DEPTH = 10;

/**
 * Refuses `variables` nested deeper than MAX_VARIABLES_DEPTH, unused ones included. Walks with an
 * explicit stack, so no depth can overflow it. Null when they are fine.
 */
export function variablesError(variables: unknown): GraphQLError | null {
  if (typeof variables !== 'object' || variables === null) return null;
  const stack: Array<[value: object, depth: number]> = [[variables, 1]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [value, depth] = entry;
    if (depth > MAX_VARIABLES_DEPTH) {
      return new GraphQLError(`Variables may nest at most ${MAX_VARIABLES_DEPTH} levels deep.`, {
        extensions: coded('BAD_USER_INPUT'),
      });
    }
    for (const child of Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return null;
}

/**
 * Only the variables `operation` declares: a subscription keeps its variables for its whole life
 * and keys its shared execution by them, so undeclared ones (ignored by GraphQL) must not ride along.
 */
export function declaredVariables(
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): Record<string, unknown> {
  const declared: Record<string, unknown> = {};
  if (!variables || typeof variables !== 'object') return declared;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (Object.hasOwn(variables, name)) declared[name] = variables[name];
  }
  return declared;
}

/** The depth check for operations over HTTP and SSE (sockets check in their onSubscribe). */
export function variablesLimitPlugin(): Plugin {
  return {
    onParams: ({ params, setResult }) => {
      const error = variablesError(params.variables);
      if (error) setResult({ errors: [error] });
    },
  };
}
