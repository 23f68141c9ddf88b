/**
 * Baseline for W1 and W4: a bare `ws` server that speaks just enough of graphql-transport-ws for
 * the same graphql-ws clients (connection_init → connection_ack, subscribe, ping/pong, complete)
 * and, for every message published on Redis channel BASELINE_CHANNEL, sends each subscribed socket
 * the frame the real server would: `{"id":"<subscription id>","type":"next","payload":<message>}`,
 * where the published message is the `payload` JSON, pre-rendered by the load generator from a real
 * server frame. No GraphQL, no database: the floor the real server is compared against.
 *
 * A subscribe whose variables carry `after` is answered at once with BASELINE_REPLAY_PAYLOAD, as the
 * real server replays the message after that cursor (so a handshake ends on the same first frame).
 *
 * Rooms, for W1's CPU per delivery (a room of N subscribers against a room of one): a message
 * published on `<BASELINE_CHANNEL>:room:<roomId>` goes only to the sockets whose subscribe named
 * that `roomId` (variables.roomId), the way a chat server routes a message to its room. One
 * PSUBSCRIBE covers every room; a message on BASELINE_CHANNEL itself still goes to every socket.
 *
 * Many small rooms (W7, with BASELINE_ROOM_EVENTS=1): a socket may hold several subscriptions at
 * once, each under its own id (messageAdded of each of its rooms, and an inbox). A subscribe whose
 * variables carry `rooms` (an array of room ids) is an inbox: the rooms are the ones its user is a
 * member of, which the real server reads from its database and this one is told. A message
 * published on `<BASELINE_CHANNEL>:events:<roomId>` is two payloads separated by a NUL character
 * (JSON text never holds a raw one): the first goes, as a `next` frame, to every messageAdded
 * subscription that named the room, the second to every inbox that lists it. One more PSUBSCRIBE
 * covers every room; without the variable nothing of this is subscribed (W1 and W4 as before).
 *
 * Env: PORT, REDIS_URL, BASELINE_CHANNEL, BASELINE_REPLAY_PAYLOAD (JSON, optional),
 * BASELINE_ROOM_EVENTS (1: the W7 channels above).
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT ?? '0');
const channel = process.env.BASELINE_CHANNEL ?? 'bench.baseline';
const replayPayload = process.env.BASELINE_REPLAY_PAYLOAD ?? '{"data":{"messageAdded":{"id":"replay"}}}';

const roomEvents = process.env.BASELINE_ROOM_EVENTS === '1';

/** The socket's latest subscription id: a message on BASELINE_CHANNEL goes to it. */
const subscriptionOf = new Map<WebSocket, string>();
/** Sockets by the roomId their subscription named, each with its subscription id. */
const rooms = new Map<string, Map<WebSocket, string>>();
/** Inbox subscriptions by a room they list, each with its subscription id. */
const inboxes = new Map<string, Map<WebSocket, string>>();
/** Per socket, its subscriptions: id → the room it named (messageAdded) or the rooms it lists (inbox). */
const subscriptionsOf = new Map<WebSocket, Map<string, { roomId?: string; inboxRooms?: string[] }>>();

function remove(index: Map<string, Map<WebSocket, string>>, roomId: string, socket: WebSocket, id: string) {
  const members = index.get(roomId);
  if (members?.get(socket) !== id) return;
  members.delete(socket);
  if (members.size === 0) index.delete(roomId);
}

function add(index: Map<string, Map<WebSocket, string>>, roomId: string, socket: WebSocket, id: string) {
  let members = index.get(roomId);
  if (!members) index.set(roomId, (members = new Map()));
  members.set(socket, id);
}

/** Ends one subscription of the socket, or all of them (id undefined: the socket closed). */
function leave(socket: WebSocket, id?: string) {
  const subscriptions = subscriptionsOf.get(socket);
  if (id === undefined || subscriptionOf.get(socket) === id) subscriptionOf.delete(socket);
  if (!subscriptions) return;
  for (const [subscriptionId, subscription] of subscriptions) {
    if (id !== undefined && subscriptionId !== id) continue;
    subscriptions.delete(subscriptionId);
    if (subscription.roomId !== undefined) remove(rooms, subscription.roomId, socket, subscriptionId);
    for (const roomId of subscription.inboxRooms ?? []) remove(inboxes, roomId, socket, subscriptionId);
  }
  if (subscriptions.size === 0) subscriptionsOf.delete(socket);
}

const http = createServer((req, res) => {
  const status = req.url === '/ready' || req.url === '/health' ? 200 : 404;
  res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"status":"ready"}' : '{}');
});

const wss = new WebSocketServer({
  server: http,
  path: '/graphql',
  handleProtocols: (protocols) => (protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false),
});

const frame = (id: string, payload: string) => `{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`;

wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    let message: { type?: string; id?: string; payload?: { variables?: Record<string, unknown> } };
    try {
      message = JSON.parse(String(data));
    } catch {
      return socket.close(4400, 'Invalid message');
    }
    switch (message.type) {
      case 'connection_init':
        return socket.send('{"type":"connection_ack"}');
      case 'ping':
        return socket.send('{"type":"pong"}');
      case 'subscribe': {
        if (typeof message.id !== 'string') return socket.close(4400, 'Invalid message');
        const variables = message.payload?.variables;
        leave(socket, message.id); // graphql-ws ids are unique per socket; a reused one replaces its subscription
        let subscriptions = subscriptionsOf.get(socket);
        if (!subscriptions) subscriptionsOf.set(socket, (subscriptions = new Map()));
        if (Array.isArray(variables?.rooms)) {
          const inboxRooms = variables.rooms.filter((roomId): roomId is string => typeof roomId === 'string');
          subscriptions.set(message.id, { inboxRooms });
          for (const roomId of inboxRooms) add(inboxes, roomId, socket, message.id);
          return;
        }
        subscriptionOf.set(socket, message.id);
        if (typeof variables?.roomId === 'string') {
          subscriptions.set(message.id, { roomId: variables.roomId });
          add(rooms, variables.roomId, socket, message.id);
        } else {
          subscriptions.set(message.id, {});
        }
        if (variables?.after != null) socket.send(frame(message.id, replayPayload));
        return;
      }
      case 'complete':
        if (typeof message.id === 'string') leave(socket, message.id);
        return;
      default:
        return;
    }
  });
  socket.on('close', () => leave(socket));
});

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: false });
redis.on('error', (err) => console.error(JSON.stringify({ level: 50, msg: `redis error: ${err.message}` })));
const roomPrefix = `${channel}:room:`;
await redis.subscribe(channel);
await redis.psubscribe(`${roomPrefix}*`);
redis.on('message', (_channel: string, payload: string) => {
  for (const [socket, id] of subscriptionOf) socket.send(frame(id, payload));
});
const eventsPrefix = `${channel}:events:`;
if (roomEvents) await redis.psubscribe(`${eventsPrefix}*`);
redis.on('pmessage', (_pattern: string, roomChannel: string, payload: string) => {
  if (roomEvents && roomChannel.startsWith(eventsPrefix))
    return roomEvent(roomChannel.slice(eventsPrefix.length), payload);
  const members = rooms.get(roomChannel.slice(roomPrefix.length));
  if (!members) return;
  for (const [socket, id] of members) socket.send(frame(id, payload));
});

/** W7: one message of a room, to its messageAdded subscribers and its members' inboxes. */
function roomEvent(roomId: string, payloads: string) {
  const split = payloads.indexOf('\u0000');
  const members = rooms.get(roomId);
  if (members) {
    const payload = split < 0 ? payloads : payloads.slice(0, split);
    for (const [socket, id] of members) socket.send(frame(id, payload));
  }
  const readers = inboxes.get(roomId);
  if (readers && split >= 0) {
    const payload = payloads.slice(split + 1);
    for (const [socket, id] of readers) socket.send(frame(id, payload));
  }
}

http.listen(port, '127.0.0.1');

const stop = () => {
  for (const socket of wss.clients) socket.close(1001, 'Server shutting down');
  redis.disconnect();
  wss.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
