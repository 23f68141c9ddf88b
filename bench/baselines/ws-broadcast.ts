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
 * Env: PORT, REDIS_URL, BASELINE_CHANNEL, BASELINE_REPLAY_PAYLOAD (JSON, optional).
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT ?? '0');
const channel = process.env.BASELINE_CHANNEL ?? 'bench.baseline';
const replayPayload = process.env.BASELINE_REPLAY_PAYLOAD ?? '{"data":{"messageAdded":{"id":"replay"}}}';

const subscriptionOf = new Map<WebSocket, string>();
/** Sockets by the roomId their subscription named, each with its subscription id. */
const rooms = new Map<string, Map<WebSocket, string>>();
const roomOf = new Map<WebSocket, string>();

function leave(socket: WebSocket) {
  subscriptionOf.delete(socket);
  const roomId = roomOf.get(socket);
  if (roomId === undefined) return;
  roomOf.delete(socket);
  const members = rooms.get(roomId);
  members?.delete(socket);
  if (members?.size === 0) rooms.delete(roomId);
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
      case 'subscribe':
        if (typeof message.id !== 'string') return socket.close(4400, 'Invalid message');
        leave(socket);
        subscriptionOf.set(socket, message.id);
        if (typeof message.payload?.variables?.roomId === 'string') {
          const roomId = message.payload.variables.roomId;
          roomOf.set(socket, roomId);
          let members = rooms.get(roomId);
          if (!members) rooms.set(roomId, (members = new Map()));
          members.set(socket, message.id);
        }
        if (message.payload?.variables?.after != null) socket.send(frame(message.id, replayPayload));
        return;
      case 'complete':
        leave(socket);
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
redis.on('pmessage', (_pattern: string, roomChannel: string, payload: string) => {
  const members = rooms.get(roomChannel.slice(roomPrefix.length));
  if (!members) return;
  for (const [socket, id] of members) socket.send(frame(id, payload));
});

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
