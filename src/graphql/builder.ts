import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLContext, SignedInContext } from './context.js';
import { notFound, unauthenticated } from '../platform/errors.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import type { User } from '../features/accounts/users.repository.js';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: { authenticated: boolean };
  /** `t.withAuth({ authenticated: true })` gives resolvers a context whose viewer is not null. */
  AuthContexts: { authenticated: SignedInContext };
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({ authenticated: context.viewer !== null }),
    unauthorizedError: () => unauthenticated(),
    // Subscriptions are authorized once when they start, not per event.
    authorizeOnSubscribe: true,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, id),
    decodeGlobalID: (globalId) => decodeGlobalId(globalId),
    nodeQueryOptions: {
      description: 'Any object by its global id: NOT_FOUND when it does not exist or is not yours to see.',
      args: { id: { description: 'A global id (`id` of any Node).' } },
      authScopes: { authenticated: true },
      // Something that does not exist and something the viewer may not see answer alike.
      resolve: async (_root, { id }, _context, _info, resolveNode) => {
        const node = await resolveNode(id);
        // A deleted account loads (it still shows as a sender or member) but is not looked up.
        if (node == null || (id.typename === 'User' && (node as User).deletedAt)) throw notFound(id.typename);
        return node;
      },
    },
    nodesQueryOptions: false,
    // Descriptions of what the plugin generates: every connection reads the same way.
    nodeTypeOptions: { description: 'An object with a global id: refetch any of them with `node(id:)`.' },
    idFieldOptions: { description: 'Opaque global id: the same object always has the same id.' },
    pageInfoTypeOptions: { description: 'Where a page stands in its list (Relay).' },
    hasNextPageFieldOptions: { description: 'More items follow the last edge (exact when paging forward).' },
    hasPreviousPageFieldOptions: { description: 'More items precede the first edge (exact when paging backward).' },
    startCursorFieldOptions: { description: "The first edge's cursor; null for an empty page." },
    endCursorFieldOptions: { description: "The last edge's cursor; null for an empty page." },
    defaultConnectionTypeOptions: { description: 'A page of a list, in the order the field describes (Relay).' },
    defaultEdgeTypeOptions: { description: 'One item of a page, with its cursor.' },
    edgesFieldOptions: { description: "The page's items, in the list's order." },
    pageInfoFieldOptions: { description: 'Cursors and whether more pages follow or precede.' },
    cursorFieldOptions: { description: 'Pass as `after` (or `before`) to page on from this item.' },
    nodeFieldOptions: { description: 'The item.' },
    firstArgOptions: { description: 'Page forward: at most this many items (0–100, default 20).' },
    afterArgOptions: { description: 'Start after this cursor (an edge cursor of this list).' },
    lastArgOptions: {
      description: 'Page backward: at most this many items before `before`, or the last ones (0–100).',
    },
    beforeArgOptions: { description: 'End before this cursor (an edge cursor of this list).' },
  },
});

// @specifiedBy lets codegen and other tools know the format: an RFC 3339 date-time string.
builder.addScalarType('DateTime', DateTimeResolver, {
  description:
    'An instant as an RFC 3339 (ISO 8601) string. Sent at UTC with milliseconds, such as ' +
    '2007-12-03T10:15:30.000Z; taken with any offset.',
  specifiedByURL: 'https://scalars.graphql.org/andimarek/date-time',
});
builder.queryType({
  description: 'Reads. All but `me` and `errorCodes` need a signed-in user (UNAUTHENTICATED otherwise).',
});
builder.mutationType({ description: 'Writes. Each spends a rate limit (RATE_LIMITED with `retryAfter` when over).' });
builder.subscriptionType({
  description: 'Live updates over WebSocket (graphql-transport-ws) or SSE on /graphql; all need a signed-in user.',
});
