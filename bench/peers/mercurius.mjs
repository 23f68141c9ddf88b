/**
 * Peer (b): Mercurius 16 on Fastify 5 with its built-in subscriptions (`subscription: true`,
 * https://mercurius.dev/#/docs/subscriptions): the in-memory pub/sub (mqemitter) Mercurius gives
 * every resolver as `context.pubsub`, one topic per room, over WebSocket on the GraphQL route
 * (Mercurius speaks graphql-transport-ws, the graphql-ws protocol). Defaults otherwise (no JIT). In
 * memory, no authentication.
 *
 *   node bench/peers/mercurius.mjs     # PORT=0 (default): any free port, printed
 */
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { announce, createStore, host, port, stopOnSignal, typeDefs } from './shared.mjs';

const store = createStore();
const topic = (roomId) => `MESSAGE_ADDED.${roomId}`;

const resolvers = {
  Query: {
    messages: (_root, { roomId, last }) => store.last(roomId, last),
  },
  Mutation: {
    sendMessage: async (_root, { input }, { pubsub }) => {
      const message = store.add(input);
      await pubsub.publish({ topic: topic(message.roomId), payload: { messageAdded: message } });
      return message;
    },
  },
  Subscription: {
    messageAdded: {
      subscribe: async (_root, { roomId }, { pubsub }) => await pubsub.subscribe(topic(roomId)),
    },
  },
};

const app = Fastify();
app.register(mercurius, { schema: typeDefs, resolvers, subscription: true, graphiql: false });
app.get('/ready', async () => ({ status: 'ready' }));
await app.listen({ port, host });
announce('mercurius', app.server.address());
stopOnSignal(() => app.close());
