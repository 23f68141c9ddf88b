/**
 * Setup through the public API only (so the scripts run against any deployment of either
 * version): users, friendships, rooms, messages, and raw graphql-transport-ws sockets.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { must, sleep } from './lib.js';

export interface User {
  id: string;
  username: string;
  password: string;
  token: string;
}

const tag = randomBytes(3).toString('hex');
let signedUp = 0;

export async function signUp(url: string, name = 'attack'): Promise<User> {
  const username = `${name}_${tag}_${signedUp++}`;
  const password = `attack password ${tag}`;
  const { signUp } = await must<{ signUp: { accessToken: string; user: { id: string } } }>(
    url,
    'mutation ($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } } }',
    { input: { username, password } },
  );
  return { id: signUp.user.id, username, password, token: signUp.accessToken };
}

/** `a` asks, `b` accepts. */
export async function befriend(url: string, a: User, b: User) {
  const { sendFriendRequest } = await must<{ sendFriendRequest: { id: string } }>(
    url,
    'mutation ($userId: ID!) { sendFriendRequest(userId: $userId) { id } }',
    { userId: b.id },
    a.token,
  );
  await must(
    url,
    'mutation ($id: ID!) { acceptFriendRequest(requestId: $id) { id } }',
    { id: sendFriendRequest.id },
    b.token,
  );
}

/** A group room of `owner` and `members` (friends of the owner); returns its id. */
export async function createRoom(url: string, owner: User, members: User[], name = 'attack room'): Promise<string> {
  const { createRoom } = await must<{ createRoom: { id: string } }>(
    url,
    'mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }',
    { input: { name, memberIds: members.map((member) => member.id) } },
    owner.token,
  );
  return createRoom.id;
}

export const SEND_MESSAGE = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }';

/** `count` messages of `body` into a room, senders taking turns in parallel (each waits out its limit). */
export async function fillRoom(url: string, senders: User[], roomId: string, count: number, body: string) {
  await Promise.all(
    senders.map(async (sender, index) => {
      for (let k = index; k < count; k += senders.length) {
        await must(
          url,
          SEND_MESSAGE,
          { input: { roomId, body: body.slice(0, body.length - 6) + String(k).padStart(6, '0') } },
          sender.token,
        );
      }
    }),
  );
}

/** `length` characters of plain text. */
export const longText = (length: number) =>
  'lorem ipsum dolor sit amet '.repeat(Math.ceil(length / 27)).slice(0, length);

/** The amplifying query: the last 70 messages, and through each one's room the last 100 again. */
export const AMPLIFY =
  'query ($id: ID!) { room(id: $id) { messages(last: 70) { edges { node { room { messages(last: 100) { edges { node { body } } } } } } } } }';
/** One page of the 100 latest messages, bodies only (cost 4,612 after the fix). */
export const PAGE = 'query ($id: ID!) { room(id: $id) { messages(last: 100) { edges { node { body } } } } }';
/**
 * The heaviest the fixed server accepts: 10 aliased pages (cost 46,120 of 50,000; with 4,000
 * character bodies about 4.0 MB, under the 4 MiB response cap).
 */
export const HEAVY = `query ($id: ID!) { ${Array.from(
  { length: 10 },
  (_, i) => `p${i}: room(id: $id) { messages(last: 100) { edges { node { body } } } }`,
).join(' ')} }`;

/** A room of `messages` long messages, written by its owner and three friends (within the message limit). */
export async function longRoom(
  url: string,
  messages: number,
  length: number,
): Promise<{ users: User[]; roomId: string }> {
  const users = [await signUp(url, 'owner')];
  for (let i = 0; i < 3; i++) {
    users.push(await signUp(url, 'member'));
    await befriend(url, users[0]!, users[i + 1]!);
  }
  const roomId = await createRoom(url, users[0]!, users.slice(1), 'long messages');
  await fillRoom(url, users, roomId, messages, longText(length));
  return { users, roomId };
}

export interface Socket {
  ws: WebSocket;
  /** Every message received, parsed. */
  messages: Array<{ id?: string; type: string; payload?: unknown }>;
  closed: Promise<number>;
}

/** A raw graphql-transport-ws socket, acknowledged; rejects with `HTTP_<status>` or `CLOSED_<code>`. */
export function openSocket(wsUrl: string, token: string): Promise<Socket> {
  const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
  const messages: Socket['messages'] = [];
  const closed = new Promise<number>((resolve) => ws.on('close', resolve));
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP_${res.statusCode}`)));
    ws.on('error', () => reject(new Error('NETWORK')));
    void closed.then((code) => reject(new Error(`CLOSED_${code}`)));
    ws.on('open', () =>
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
    );
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      messages.push(message);
      if (message.type === 'connection_ack') resolve({ ws, messages, closed });
    });
  });
}

/** Sends a subscribe frame (given as text, so hostile variables can be spliced in). */
export const subscribeFrame = (id: string, query: string, variablesJson = '{}') =>
  `{"id":${JSON.stringify(id)},"type":"subscribe","payload":{"query":${JSON.stringify(query)},"variables":${variablesJson}}}`;

/** Resolves once `condition` holds, or after `timeoutMs` with false. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}
