/**
 * Peer (a): Apollo Server 5 as its documentation sets up subscriptions
 * (https://www.apollographql.com/docs/apollo-server/data/subscriptions): Express 5 with
 * `expressMiddleware` for queries and mutations, a `ws` WebSocketServer on the same HTTP server
 * with graphql-ws's `useServer({ schema })`, and graphql-subscriptions' in-memory `PubSub`, one
 * topic per room. The schema is `makeExecutableSchema` from @graphql-tools/schema. In memory, no
 * authentication.
 *
 *   node bench/peers/apollo.mjs        # PORT=0 (default): any free port, printed
 */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { makeExecutableSchema } from '@graphql-tools/schema';
import cors from 'cors';
import express from 'express';
import { PubSub } from 'graphql-subscriptions';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { announce, createStore, host, port, stopOnSignal, typeDefs } from './shared.mjs';

// PubSub's documented `eventEmitter` option: one listener per subscriber of a room, unbounded (a
// default EventEmitter warns past 10 listeners of one topic).
const eventEmitter = new EventEmitter();
eventEmitter.setMaxListeners(0);
const pubsub = new PubSub({ eventEmitter });
const store = createStore();
const topic = (roomId) => `MESSAGE_ADDED.${roomId}`;

const resolvers = {
  Query: {
    messages: (_root, { roomId, last }) => store.last(roomId, last),
  },
  Mutation: {
    sendMessage: (_root, { input }) => {
      const message = store.add(input);
      pubsub.publish(topic(message.roomId), { messageAdded: message });
      return message;
    },
  },
  Subscription: {
    messageAdded: {
      subscribe: (_root, { roomId }) => pubsub.asyncIterableIterator(topic(roomId)),
    },
  },
};

const schema = makeExecutableSchema({ typeDefs, resolvers });
const app = express();
const httpServer = createServer(app);
const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
const serverCleanup = useServer({ schema }, wsServer);

const server = new ApolloServer({
  schema,
  plugins: [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    {
      async serverWillStart() {
        return {
          async drainServer() {
            await serverCleanup.dispose();
          },
        };
      },
    },
  ],
});
await server.start();
app.get('/ready', (_req, res) => res.json({ status: 'ready' }));
app.use('/graphql', cors(), express.json(), expressMiddleware(server));

httpServer.listen(port, host, () => announce('apollo', httpServer.address()));
stopOnSignal(() => server.stop());
