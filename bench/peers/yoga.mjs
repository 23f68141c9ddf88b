/**
 * Peer (c): graphql-yoga 5 with graphql-ws, as yoga's own recipe sets it up
 * (https://the-guild.dev/graphql/yoga-server/docs/features/subscriptions, "GraphQL over WebSocket
 * Protocol (via graphql-ws)"; examples/graphql-ws in yoga's repository): `createYoga` on a
 * node:http server, a `ws` WebSocketServer on yoga's endpoint, graphql-ws's `useServer` running
 * every operation through `yoga.getEnveloped`, and yoga's in-memory `createPubSub`, one topic per
 * room. The naive setup: each subscriber's events are executed for that subscriber. In memory, no
 * authentication.
 *
 *   node bench/peers/yoga.mjs          # PORT=0 (default): any free port, printed
 */
import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import { createPubSub, createSchema, createYoga } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { announce, createStore, host, port, stopOnSignal, typeDefs } from './shared.mjs';

// createPubSub's `eventTarget` option: one listener per subscriber of a room, unbounded (Node warns
// past 10 listeners of one event type on an EventTarget).
const eventTarget = new globalThis.EventTarget();
setMaxListeners(0, eventTarget);
const pubSub = createPubSub({ eventTarget });
const store = createStore();

const yoga = createYoga({
  graphiql: { subscriptionsProtocol: 'WS' },
  schema: createSchema({
    typeDefs,
    resolvers: {
      Query: {
        messages: (_root, { roomId, last }) => store.last(roomId, last),
      },
      Mutation: {
        sendMessage: (_root, { input }) => {
          const message = store.add(input);
          pubSub.publish('messageAdded', message.roomId, message);
          return message;
        },
      },
      Subscription: {
        messageAdded: {
          subscribe: (_root, { roomId }) => pubSub.subscribe('messageAdded', roomId),
          resolve: (payload) => payload,
        },
      },
    },
  }),
});

const server = createServer((req, res) => {
  if (req.url === '/ready') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
  return yoga(req, res);
});
const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });

useServer(
  {
    execute: (args) => args.execute(args),
    subscribe: (args) => args.subscribe(args),
    onSubscribe: async (ctx, _id, params) => {
      const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
        ...ctx,
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        params,
      });
      const args = {
        schema,
        operationName: params.operationName,
        document: parse(params.query),
        variableValues: params.variables,
        contextValue: await contextFactory(),
        execute,
        subscribe,
      };
      const errors = validate(args.schema, args.document);
      if (errors.length) return errors;
      return args;
    },
  },
  wss,
);

server.listen(port, host, () => announce('yoga', server.address()));
stopOnSignal(
  () =>
    new Promise((resolve) => {
      for (const socket of wss.clients) socket.close(1001, 'Server shutting down');
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
