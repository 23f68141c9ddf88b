import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, subscribe } from './helpers/ws.js';

const HeadCursorQuery = graphql(`
  query HeadCursor($id: ID!) {
    node(id: $id) {
      ... on Room {
        headCursor
        lastMessage {
          cursor
        }
      }
    }
  }
`);

const MessagesFromHead = graphql(`
  subscription MessagesFromHead($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      body
      cursor
    }
  }
`);

let server: TestServer;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startServer();
  [alice, bob] = await Promise.all([signUpUser(server.url, 'head'), signUpUser(server.url, 'head')]);
  await makeFriends(server.url, alice, bob);
});

afterAll(async () => {
  await server?.stop();
});

async function headOf(roomId: string, viewer: TestUser) {
  const { node } = expectData(await request(server.url, HeadCursorQuery, { id: roomId }, { token: viewer.token }));
  if (!node || !('headCursor' in node)) throw new Error('not a room');
  return node;
}

describe('Room.headCursor', () => {
  it('gives an empty room a cursor: subscribe from it, send at once, and the first message arrives', async () => {
    const roomId = await createGroup(server.url, alice, [bob], 'empty');
    const room = await headOf(roomId, bob);
    expect(room.lastMessage).toBeNull();
    expect(room.headCursor).toEqual(expect.any(String));
    // Subscribed while the socket is still opening, and the send does not wait for it.
    const socket = connect(server.wsUrl, bob.token);
    const messages = subscribe(socket, MessagesFromHead, { roomId, after: room.headCursor });
    await sendMessage(server.url, alice, roomId, 'first');
    await sendMessage(server.url, alice, roomId, 'second');
    expect((await messages.waitFor(2)).map((event) => event.messageAdded.body)).toEqual(['first', 'second']);
    await socket.dispose();
  });

  it('is the newest message’s cursor: subscribing from it replays nothing already sent', async () => {
    const roomId = await createGroup(server.url, alice, [bob], 'busy');
    await sendMessage(server.url, alice, roomId, 'old one');
    await sendMessage(server.url, alice, roomId, 'old two');
    const room = await headOf(roomId, bob);
    expect(room.headCursor).toBe(room.lastMessage?.cursor);
    const socket = connect(server.wsUrl, bob.token);
    const messages = subscribe(socket, MessagesFromHead, { roomId, after: room.headCursor });
    await sendMessage(server.url, alice, roomId, 'new');
    const [event] = await messages.waitFor(1);
    expect(event!.messageAdded.body).toBe('new');
    await sendMessage(server.url, alice, roomId, 'newer');
    await messages.waitFor(2);
    expect(messages.events.map((each) => each.messageAdded.body)).toEqual(['new', 'newer']);
    await socket.dispose();
  });

  it('is readable by members only', async () => {
    const roomId = await createGroup(server.url, alice, [bob], 'private');
    const stranger = await signUpUser(server.url, 'head');
    const response = await request(server.url, HeadCursorQuery, { id: roomId }, { token: stranger.token });
    expect(response.data?.node ?? null).toBeNull();
  });

  it('refuses malformed positions next to it as BAD_USER_INPUT', async () => {
    const roomId = await createGroup(server.url, alice, [bob], 'bad cursors');
    const socket = connect(server.wsUrl, bob.token);
    for (const key of ['00', '-1', '01', '1e3', '']) {
      const after = Buffer.from(`msg:${key}`).toString('base64url');
      const messages = subscribe(socket, MessagesFromHead, { roomId, after });
      await messages.ended;
      expectError({ errors: messages.errors ?? [] }, 'BAD_USER_INPUT');
    }
    await socket.dispose();
  });
});
