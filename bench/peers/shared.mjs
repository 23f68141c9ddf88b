/**
 * What every peer server shares: the GraphQL shape of the W1 workload (a `messageAdded(roomId)`
 * subscription, a `sendMessage` mutation returning the message, the fields the bench's subscribers
 * select), an in-memory message store, and how a peer says where it listens. No dependencies: each
 * peer brings its own GraphQL stack from bench/peers/node_modules.
 *
 * Storage is in memory (the newest MAX_KEPT messages per room) and every field is a plain property
 * read by the default resolver: the cheapest a peer can be, so the comparison flatters the peers,
 * not the chat server.
 */
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { setTimeout } from 'node:timers';

export const typeDefs = /* GraphQL */ `
  type Query {
    """
    The newest messages of a room, oldest first (in memory).
    """
    messages(roomId: ID!, last: Int = 50): [Message!]!
  }

  type Mutation {
    sendMessage(input: SendMessageInput!): Message!
  }

  type Subscription {
    messageAdded(roomId: ID!): Message!
  }

  input SendMessageInput {
    roomId: ID!
    body: String!
    clientId: String
  }

  type Message {
    id: ID!
    roomId: ID!
    body: String!
    clientId: String
    cursor: String!
    createdAt: String!
    sender: User!
  }

  type User {
    id: ID!
    displayName: String!
  }
`;

/** Messages kept per room. */
const MAX_KEPT = 1_000;

/** Nobody signs in: every message is sent by this user. */
const SENDER = Object.freeze({ id: 'VXNlcjox', displayName: 'Bench sender' });

export function createStore() {
  const rooms = new Map();
  let lastId = 0;
  return {
    /** Stores a message sent to a room and returns it, every field already a property. */
    add({ roomId, body, clientId }) {
      const id = String(++lastId);
      const message = {
        id: Buffer.from(`Message:${id}`).toString('base64url'),
        roomId,
        body,
        clientId: clientId ?? null,
        cursor: Buffer.from(`msg:${id}`).toString('base64url'),
        createdAt: new Date().toISOString(),
        sender: SENDER,
      };
      let kept = rooms.get(roomId);
      if (!kept) rooms.set(roomId, (kept = []));
      kept.push(message);
      if (kept.length > MAX_KEPT) kept.splice(0, kept.length - MAX_KEPT);
      return message;
    },
    last(roomId, count) {
      const kept = rooms.get(roomId) ?? [];
      return kept.slice(Math.max(0, kept.length - Math.max(0, count ?? 50)));
    },
  };
}

/** PORT from the environment, 0 (any free port) by default. */
export const port = Number(process.env.PORT ?? '0');
export const host = process.env.HOST ?? '127.0.0.1';

/**
 * Prints where the peer listens (a JSON line at pino's info level, which the bench does not count
 * as a warning) and tells the bench over IPC when it spawned this process.
 */
export function announce(name, address) {
  const url = `http://${host}:${address.port}/graphql`;
  process.stdout.write(`${JSON.stringify({ level: 30, msg: `${name} listening on ${url}`, port: address.port })}\n`);
  process.send?.({ type: 'listening', port: address.port });
}

/** SIGTERM/SIGINT: `close()`, then exit (at the latest after 3 s). */
export function stopOnSignal(close) {
  const stop = () => {
    setTimeout(() => process.exit(0), 3_000).unref();
    Promise.resolve()
      .then(close)
      .then(
        () => process.exit(0),
        () => process.exit(0),
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
