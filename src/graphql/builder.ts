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
  },
});

builder.addScalarType('DateTime', DateTimeResolver, {});
builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
