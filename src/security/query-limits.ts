import type { Plugin } from 'graphql-yoga';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import {
  getNamedType,
  getOperationAST,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DomainError, coded } from '../platform/errors.js';
import { DEFAULT_PAGE_SIZE } from '../graphql/pagination.js';

/**
 * Limits every operation must pass before it runs, over HTTP, SSE and WebSocket alike. Sized for
 * this schema: the deepest legitimate query (rooms → edges → node → messages → edges → node →
 * sender → friendship) is 8 levels. Cost counts 2 per object and 1 per scalar (a message body 40,
 * for the bytes it may hold), times the page size of the connections they sit in, plus 10 per
 * connection read: a rooms page of 50 with members and last messages costs about 4,500; a room's
 * 100 latest messages with bodies and senders about 5,000; a message page whose every message
 * reads its room's history again (70 × 100 bodies, 380,000) is refused.
 * Depth, aliases, directives and tokens are checked with the document (graphql-armor, in the
 * envelop chain all three share); cost when the operation runs, since a page size may come from a
 * variable (see operationCost).
 */
export const QUERY_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 1_500,
  maxCost: 50_000,
} as const;

export function queryLimitsPlugin() {
  return EnvelopArmorPlugin({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true, exposeLimits: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases, allowList: [], exposeLimits: true },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, exposeLimits: true },
    maxTokens: { n: QUERY_LIMITS.maxTokens, exposeLimits: true },
    // graphql-armor's cost reads only literal first/last: `messages(last: $n)` would count once.
    costLimit: { enabled: false },
    // "Did you mean …?" would map the schema for a caller who cannot introspect it.
    blockFieldSuggestion: { enabled: true },
  });
}

/**
 * Refuses introspection (off in production unless INTROSPECTION=1). A validation rule in the
 * envelop chain, so HTTP, SSE and WebSocket operations all get it; yoga's own plugin keys on the
 * HTTP request, which socket operations do not have.
 */
export function disableIntrospectionPlugin(): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) };
}

/**
 * What an operation may cost to answer: 2 per object and 1 per scalar field, and a connection
 * (a field taking `first`/`last`) multiplies its subtree by the page it asks for, from a literal, a
 * variable or the variable's default, else DEFAULT_PAGE_SIZE (a page over MAX_PAGE_SIZE counts as
 * asked; its resolver would refuse it). Fragments count where they are spread; @skip/@include are
 * not applied (a skipped subtree still counts), and introspection fields count nothing.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): number {
  // yoga's parse cache hands out the same document for the same text: most cost the same every time.
  const cached = fixedCosts.get(document)?.get(operationName ?? '');
  if (cached !== undefined) return cached;
  let dependsOnVariables = false;
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;
  const { fragments, defaults } = definitionsOf(document, operation);

  const intValue = (node: ValueNode | undefined): number | null => {
    if (node?.kind === Kind.INT) return Number(node.value);
    if (node?.kind !== Kind.VARIABLE) return null;
    dependsOnVariables = true;
    const value = variables?.[node.name.value];
    if (typeof value === 'number') return value;
    return value === undefined ? intValue(defaults.get(node.name.value)) : null;
  };

  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        cost += fragmentCost(selection.name.value);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += costOf(selection.selectionSet, type);
        continue;
      }
      const name = selection.name.value;
      if (name === '__schema' || name === '__type') continue;
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      const declared = (field?.extensions as FieldCostExtensions | undefined) ?? {};
      if (!selection.selectionSet) {
        cost += declared.cost ?? 1;
        continue;
      }
      let page = declared.listSize ?? 1;
      let statement = 0;
      if (field?.args.some((arg) => arg.name === 'first' || arg.name === 'last')) {
        const argument = (argName: string) => selection.arguments?.find((arg) => arg.name.value === argName)?.value;
        const asked = intValue(argument('first')) ?? intValue(argument('last')) ?? DEFAULT_PAGE_SIZE;
        page = Math.max(asked, 0);
        statement = declared.statementCost ?? CONNECTION_COST;
      }
      cost += statement + page * (2 + costOf(selection.selectionSet, field && getNamedType(field.type)));
    }
    return cost;
  };
  // Once per fragment: spreads of spreads would otherwise be walked an exponential number of times.
  const fragmentCosts = new Map<string, number>();
  const fragmentCost = (name: string): number => {
    let cost = fragmentCosts.get(name);
    if (cost === undefined) {
      const fragment = fragments.get(name);
      cost = fragment ? costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value)) : 0;
      fragmentCosts.set(name, cost);
    }
    return cost;
  };
  const cost = costOf(operation.selectionSet, root);
  if (!dependsOnVariables) rememberFixedCost(document, operationName, cost);
  return cost;
}

/** The document's fragments by name, and the operation's variable defaults by name. */
function definitionsOf(document: DocumentNode, operation: OperationDefinitionNode) {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  return { fragments, defaults };
}

function rememberFixedCost(document: DocumentNode, operationName: string | null | undefined, cost: number) {
  let byOperation = fixedCosts.get(document);
  if (!byOperation) fixedCosts.set(document, (byOperation = new Map()));
  byOperation.set(operationName ?? '', cost);
}

/**
 * What a field declares about its cost where it is defined (Pothos `extensions`): `cost` for a
 * scalar that may be long (1 per 100 characters it may hold: a 4,000-character body costs 40, as
 * much as 40 short fields); `listSize` for a list without paging arguments (how many items to
 * count it as); `statementCost` for a connection whose reading costs more than a page of an index
 * range (CONNECTION_COST), such as a search that ranks every match: counted instead of it.
 */
export interface FieldCostExtensions {
  cost?: number;
  listSize?: number;
  statementCost?: number;
}

/**
 * What a connection adds once per parent it is read for, on top of its items: a page of its own
 * to find and shape (read together with its siblings' pages, but still work per parent).
 */
const CONNECTION_COST = 10;

/** Costs of documents whose page sizes are all literal (or defaults), by operation name. */
const fixedCosts = new WeakMap<DocumentNode, Map<string, number>>();

/** The refusal of an operation over QUERY_LIMITS.maxCost (a validation failure, like the other limits). */
export function costLimitError(cost: number): GraphQLError {
  return new GraphQLError(`Query cost limit of ${QUERY_LIMITS.maxCost} exceeded, found ${cost}.`, {
    extensions: coded('GRAPHQL_VALIDATION_FAILED'),
  });
}

/**
 * Refuses, before it runs, an operation whose cost with its variables is over the limit: HTTP and
 * SSE, and queries and mutations over a socket. Socket subscriptions do not pass through
 * envelop's subscribe: server.ts checks those.
 */
export function costLimitPlugin(): Plugin {
  const check = async ({
    args,
    setResultAndStopExecution,
  }: {
    args: {
      schema: GraphQLSchema;
      document: DocumentNode;
      operationName?: string | null;
      variableValues?: unknown;
      contextValue: unknown;
    };
    setResultAndStopExecution: (result: { errors: GraphQLError[] }) => void;
  }) => {
    const variables = args.variableValues as Record<string, unknown> | null | undefined;
    const cost = operationCost(args.schema, args.document, args.operationName, variables);
    const refused = await spendQueryCost(args.contextValue as CostPayer, cost);
    if (refused) return setResultAndStopExecution({ errors: [refused] });
    if (cost > QUERY_LIMITS.maxCost) setResultAndStopExecution({ errors: [costLimitError(cost)] });
  };
  return { onExecute: check, onSubscribe: check };
}

/** What spending a query's cost needs from the operation's context. */
interface CostPayer {
  viewer: { userId: string } | null;
  clientAddress: string;
  limits: { consume(name: 'queryCost', subject: string, amount: number): Promise<void> };
}

/**
 * Spends the operation's cost from its user's `queryCost` budget (per address when signed out),
 * refused operations included: asking for too much costs the asker too. Null when it may run;
 * else the RATE_LIMITED error, marked `limit: 'queryCost'` so that the HTTP layer can turn the
 * caller's next requests away cheaply until the budget renews (see penalty-box.ts).
 */
export async function spendQueryCost(payer: CostPayer, cost: number): Promise<GraphQLError | null> {
  const subject = payer.viewer ? payer.viewer.userId : `address:${payer.clientAddress}`;
  try {
    await payer.limits.consume('queryCost', subject, Math.max(1, Math.min(cost, 10 * QUERY_LIMITS.maxCost)));
    return null;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return new GraphQLError(err.message, { extensions: { code: err.code, ...err.details, limit: 'queryCost' } });
  }
}
