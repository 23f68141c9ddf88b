import { randomBytes } from 'node:crypto';
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

/** A group room created by users[0] with everyone in `users` (friends of users[0]) as members. */
export async function createRoom(url: string, users: BenchUser[], name = 'bench room'): Promise<BenchRoom> {
  if (users.length > 101) throw new Error('createRoom takes at most 100 members besides the creator');
  const { createRoom } = await gql<{ createRoom: { id: string } }>(
    url,
    CREATE_ROOM,
    { input: { name, memberIds: users.slice(1).map((user) => user.id) } },
    { token: users[0]!.token },
  );
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
