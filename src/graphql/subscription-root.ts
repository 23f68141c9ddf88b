import type { Plugin } from 'graphql-yoga';
import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * A subscription's root field may not carry @skip or @include (the GraphQL spec's "single root
 * field" rule, which graphql 16 does not check yet): with the field skipped, graphql-js has no
 * field to subscribe to and throws a TypeError instead of answering.
 */
export function NoConditionalSubscriptionRootRule(context: ValidationContext): ASTVisitor {
  const check = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      for (const directive of selection.directives ?? []) {
        if (directive.name.value === 'skip' || directive.name.value === 'include') {
          context.reportError(
            new GraphQLError(`A subscription's root field cannot be conditional (@${directive.name.value}).`, {
              nodes: directive,
            }),
          );
        }
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) check(selection.selectionSet, seen);
      if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = context.getFragment(selection.name.value);
        if (fragment) check(fragment.selectionSet, seen);
      }
    }
  };
  return {
    OperationDefinition(operation) {
      if (operation.operation === 'subscription') check(operation.selectionSet, new Set());
    },
  };
}

/** The rule above in the envelop chain, so HTTP, SSE and WebSocket operations all get it. */
export function noConditionalSubscriptionRootPlugin(): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(NoConditionalSubscriptionRootRule) };
}
