import type { Plugin } from 'graphql-yoga';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { NoSchemaIntrospectionCustomRule } from 'graphql';

/**
 * Static limits every document must pass before it runs, over HTTP, SSE and WebSocket alike
 * (they sit in the envelop chain that all three share). Sized for this schema: the deepest
 * legitimate query (rooms → edges → node → messages → edges → node → sender → friendship) is 8
 * levels. Cost counts 2 per object and 1 per scalar, times the page size of the lists they sit
 * in (literal first/last): a rooms page of 50 with members and last messages costs about 2,000; a
 * room's 100 latest messages about 2,500; 100 rooms × 100 messages (250,000) is refused. Lists are
 * also bounded at run time by first/last ≤ 100.
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
    costLimit: {
      maxCost: QUERY_LIMITS.maxCost,
      objectCost: 2,
      scalarCost: 1,
      // Linear in depth; `first`/`last` literals multiply a list's cost by its page size.
      depthCostFactor: 1,
      ignoreIntrospection: true,
      exposeLimits: true,
    },
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
