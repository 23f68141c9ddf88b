import { randomBytes } from 'node:crypto';
import { MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM } from '../../src/realtime/subscription-quota.js';
import { benchEnv } from './env.js';
import { gql } from './graphql.js';

export interface BenchUser {
  id: string;
  username: string;
  token: string;
}

export interface BenchRoom {
  id: string;
  /** Every user is a member; users[0] created the room. */
  users: BenchUser[];
}

const SIGN_UP = `mutation BenchSignUp($input: SignUpInput!) {
  signUp(input: $input) { accessToken user { id username } }
}`;
const FRIEND_REQUEST = `mutation BenchFriendRequest($userId: ID!) { sendFriendRequest(userId: $userId) { id } }`;
const ACCEPT = `mutation BenchAccept($requestId: ID!) { acceptFriendRequest(requestId: $requestId) { id } }`;
const CREATE_ROOM = `mutation BenchCreateRoom($input: CreateRoomInput!) { createRoom(input: $input) { id } }`;
const ADD_MEMBERS = `mutation BenchAddMembers($roomId: ID!, $userIds: [ID!]!) { addRoomMembers(roomId: $roomId, userIds: $userIds) { id } }`;
/** createRoom's and addRoomMembers' limit on users per call. */
const MEMBERS_PER_CALL = 100;

/**
 * Users to sign up so that `subscribers` sockets of one room, using their tokens round-robin, stay
 * within the server's live subscriptions per user and room (MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM,
 * src/realtime/subscription-quota.ts, 20): at least BENCH_USERS, more for large rooms.
 */
export function usersForSubscribers(subscribers: number): number {
  return Math.max(benchEnv.users, Math.ceil(subscribers / MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM));
}

export const SEND_MESSAGE = `mutation BenchSend($input: SendMessageInput!) {
  sendMessage(input: $input) { id cursor body createdAt }
}`;

/**
 * The selection every subscriber uses, shaped like a chat client's message list item. The W1
 * baseline sends frames rendered from a real frame of this selection.
 */
export const MESSAGE_ADDED = `subscription BenchMessageAdded($roomId: ID!, $after: String) {
  messageAdded(roomId: $roomId, after: $after) { id body cursor createdAt sender { id displayName } }
}`;

/**
 * The same with a field whose value depends on the subscriber (User.friendship, marked
 * viewer-specific in the schema): W1 measures what it adds per delivery against MESSAGE_ADDED.
 */
export const MESSAGE_ADDED_VIEWER = `subscription BenchMessageAddedViewer($roomId: ID!, $after: String) {
  messageAdded(roomId: $roomId, after: $after) { id body cursor createdAt sender { id displayName friendship } }
}`;

/**
 * MESSAGE_ADDED and SEND_MESSAGE as the peer servers (bench/peers/) take them: the same selections;
 * peers have no `after` replay (nor history to replay from a cursor).
 */
export const PEER_MESSAGE_ADDED = `subscription BenchMessageAdded($roomId: ID!) {
  messageAdded(roomId: $roomId) { id body cursor createdAt sender { id displayName } }
}`;
export const PEER_SEND_MESSAGE = SEND_MESSAGE;

export interface SentMessage {
  id: string;
  cursor: string;
  body: string;
  createdAt: string;
}

/**
 * Signs up `count` users through the API (one argon2 hash each, so keep it small) and makes
 * users[0] friends with every other one.
 */
export async function signUpUsers(url: string, count = benchEnv.users): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  const tag = randomBytes(3).toString('hex');
  for (let i = 0; i < count; i++) {
    const username = `bench_${tag}_${i}`;
    const { signUp } = await gql<{ signUp: { accessToken: string; user: { id: string; username: string } } }>(
      url,
      SIGN_UP,
      { input: { username, password: `bench password ${tag}` } },
    );
    users.push({ id: signUp.user.id, username, token: signUp.accessToken });
  }
  const [owner, ...others] = users;
  for (const other of others) {
    const { sendFriendRequest } = await gql<{ sendFriendRequest: { id: string } }>(
      url,
      FRIEND_REQUEST,
      { userId: other.id },
      { token: owner!.token },
    );
    await gql(url, ACCEPT, { requestId: sendFriendRequest.id }, { token: other.token });
  }
  return users;
}

/**
 * A group room created by users[0] with everyone in `users` (friends of users[0]) as members:
 * createRoom with the first 100, addRoomMembers with the rest, 100 per call.
 */
export async function createRoom(url: string, users: BenchUser[], name = 'bench room'): Promise<BenchRoom> {
  const [owner, ...others] = users;
  const memberIds = others.map((user) => user.id);
  const { createRoom } = await gql<{ createRoom: { id: string } }>(
    url,
    CREATE_ROOM,
    { input: { name, memberIds: memberIds.slice(0, MEMBERS_PER_CALL) } },
    { token: owner!.token },
  );
  for (let start = MEMBERS_PER_CALL; start < memberIds.length; start += MEMBERS_PER_CALL) {
    await gql(
      url,
      ADD_MEMBERS,
      { roomId: createRoom.id, userIds: memberIds.slice(start, start + MEMBERS_PER_CALL) },
      { token: owner!.token },
    );
  }
  return { id: createRoom.id, users };
}

export async function sendMessage(url: string, user: BenchUser, roomId: string, body: string): Promise<SentMessage> {
  const { sendMessage } = await gql<{ sendMessage: SentMessage }>(
    url,
    SEND_MESSAGE,
    { input: { roomId, body } },
    { token: user.token },
  );
  return sendMessage;
}

/** Decodes a Relay global id the way the server encodes it (`base64url("<Type>:<row id>")`). */
export function rowIdOf(globalId: string, type: string): string {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  if (!decoded.startsWith(`${type}:`)) {
    throw new Error(
      `global id ${globalId} does not decode to ${type}:<id> (id format changed? update bench/lib/seed.ts)`,
    );
  }
  return decoded.slice(type.length + 1);
}

/** A message cursor as the server encodes it (`base64url("msg:<message row id>")`); callers verify it. */
export const messageCursor = (messageRowId: string) => Buffer.from(`msg:${messageRowId}`).toString('base64url');
