import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createGroup, openDirectRoom, sendMessage } from './helpers/chat.js';
import { CapturedLog } from './helpers/logs.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, sleep, subscribe } from './helpers/ws.js';

const PinMutation = graphql(`
  mutation PinsPin($messageId: ID!) {
    pinMessage(messageId: $messageId) {
      id
      body
      pinnedAt
    }
  }
`);

const UnpinMutation = graphql(`
  mutation PinsUnpin($messageId: ID!) {
    unpinMessage(messageId: $messageId) {
      id
      pinnedAt
    }
  }
`);

const PinnedQuery = graphql(`
  query PinsOfRoom($id: ID!) {
    room(id: $id) {
      pinnedMessages {
        id
        body
        pinnedAt
      }
    }
  }
`);

const PinnedOfRoomsQuery = graphql(`
  query PinsOfRooms($first: Int!) {
    rooms(first: $first) {
      edges {
        node {
          id
          pinnedMessages {
            id
            body
            sender {
              username
            }
          }
        }
      }
    }
  }
`);

const DeleteMutation = graphql(`
  mutation PinsDelete($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      id
      pinnedAt
    }
  }
`);

const EditMutation = graphql(`
  mutation PinsEdit($input: EditMessageInput!) {
    editMessage(input: $input) {
      id
    }
  }
`);

const LeaveMutation = graphql(`
  mutation PinsLeave($roomId: ID!) {
    leaveRoom(roomId: $roomId)
  }
`);

const RemoveFriendMutation = graphql(`
  mutation PinsRemoveFriend($userId: ID!) {
    removeFriend(userId: $userId)
  }
`);

const UpdatesSubscription = graphql(`
  subscription PinsUpdates($roomId: ID!) {
    messageUpdated(roomId: $roomId) {
      id
      body
      pinnedAt
      deletedAt
    }
  }
`);

/** The server's debug log: one "query" line per SQL statement it runs. */
const log = new CapturedLog('debug');
let server: TestServer;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startServer({ logger: log.logger });
  [alice, bob] = await Promise.all([signUpUser(server.url, 'pin_a'), signUpUser(server.url, 'pin_b')]);
  await makeFriends(server.url, alice, bob);
});
afterAll(() => server?.stop());

const pin = (user: TestUser, messageId: string) =>
  request(server.url, PinMutation, { messageId }, { token: user.token });
const unpin = (user: TestUser, messageId: string) =>
  request(server.url, UnpinMutation, { messageId }, { token: user.token });
async function pinnedIn(user: TestUser, roomId: string) {
  const { room } = expectData(await request(server.url, PinnedQuery, { id: roomId }, { token: user.token }));
  return room!.pinnedMessages;
}

/** A group of alice and bob with `count` messages, returned oldest first. */
async function roomWithMessages(count: number, name = 'pins') {
  const roomId = await createGroup(server.url, alice, [bob], name);
  const messages = [];
  for (let i = 0; i < count; i++) messages.push(await sendMessage(server.url, i % 2 ? bob : alice, roomId, `m${i}`));
  return { roomId, ids: messages.map((message) => message.id) };
}

describe('pinning', () => {
  it('lists a room’s pins newest pin first, whoever sent the message, and unpinning takes one out', async () => {
    const { roomId, ids } = await roomWithMessages(4);
    for (const id of [ids[1]!, ids[3]!, ids[0]!]) {
      const { pinMessage } = expectData(await pin(alice, id));
      expect(pinMessage.id).toBe(id);
      expect(Date.parse(pinMessage.pinnedAt!)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect((await pinnedIn(bob, roomId)).map((message) => message.body)).toEqual(['m0', 'm3', 'm1']);

    const { unpinMessage } = expectData(await unpin(bob, ids[3]!));
    expect(unpinMessage).toEqual({ id: ids[3], pinnedAt: null });
    expect((await pinnedIn(alice, roomId)).map((message) => message.body)).toEqual(['m0', 'm1']);
    // Pinned again, it is the newest pin.
    expectData(await pin(bob, ids[3]!));
    expect((await pinnedIn(alice, roomId)).map((message) => message.body)).toEqual(['m3', 'm0', 'm1']);
  });

  it('announces pins and unpins on messageUpdated; a pin of a pinned message or an unpin of an unpinned one changes nothing and announces nothing', async () => {
    const { roomId, ids } = await roomWithMessages(1);
    const [id] = ids as [string];
    const client = connect(server.wsUrl, bob.token);
    try {
      const updates = subscribe(client, UpdatesSubscription, { roomId });
      await sleep(300); // listening (graphql-ws has no signal for it)
      expectData(await unpin(alice, id)); // not pinned: nothing
      const first = expectData(await pin(alice, id)).pinMessage;
      const again = expectData(await pin(bob, id)).pinMessage;
      expect(again.pinnedAt).toBe(first.pinnedAt); // the first pin stands
      expectData(await unpin(bob, id));
      expect(expectData(await unpin(alice, id)).unpinMessage.pinnedAt).toBeNull();
      // An edit marks the end: nothing the no-ops announced can arrive after it.
      const edit = { input: { messageId: id, body: 'edited' } };
      expectData(await request(server.url, EditMutation, edit, { token: alice.token }));
      const events = await updates.waitFor(3);
      await sleep(200);
      expect(updates.events.map((event) => event.messageUpdated)).toEqual([
        { id, body: 'm0', pinnedAt: first.pinnedAt, deletedAt: null },
        { id, body: 'm0', pinnedAt: null, deletedAt: null },
        { id, body: 'edited', pinnedAt: null, deletedAt: null },
      ]);
      expect(events).toHaveLength(3);
    } finally {
      await client.dispose();
    }
  });

  it('keeps at most 50 pins per room: the 51st is BAD_USER_INPUT, a repeated pin at the cap is still a no-op, an unpin frees a slot', async () => {
    const { roomId, ids } = await roomWithMessages(52, 'capped');
    for (const id of ids.slice(0, 50)) expectData(await pin(alice, id));
    const refused = expectError(await pin(bob, ids[50]!), 'BAD_USER_INPUT');
    expect(refused.message).toMatch(/at most 50 pinned/);
    expect(refused.extensions?.field).toBe('messageId');
    expectData(await pin(bob, ids[49]!));
    const pinned = await pinnedIn(alice, roomId);
    expect(pinned).toHaveLength(50);
    expect(pinned[0]!.body).toBe('m49');
    expect(pinned.some((message) => message.body === 'm50')).toBe(false);

    expectData(await unpin(alice, ids[0]!));
    expectData(await pin(bob, ids[50]!));
    expectError(await pin(bob, ids[51]!), 'BAD_USER_INPUT');
    expect((await pinnedIn(alice, roomId)).map((message) => message.body).slice(0, 2)).toEqual(['m50', 'm49']);
  });

  it('lets concurrent pins racing for the last slots take exactly the slots left', async () => {
    const { roomId, ids } = await roomWithMessages(65, 'race');
    for (const id of ids.slice(0, 45)) expectData(await pin(alice, id));
    const racing = await Promise.all(ids.slice(45).map((id, i) => pin(i % 2 ? alice : bob, id)));
    const codes = racing.map((response) => response.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((code) => code === 'OK')).toHaveLength(5);
    expect(codes.filter((code) => code === 'BAD_USER_INPUT')).toHaveLength(15);
    expect(await pinnedIn(bob, roomId)).toHaveLength(50);
  });

  it('refuses a deleted message with CONFLICT, and deleting a pinned message unpins it', async () => {
    const { roomId, ids } = await roomWithMessages(2);
    const [kept, doomed] = ids as [string, string];
    expectData(await pin(bob, kept));
    expectData(await pin(bob, doomed));
    const client = connect(server.wsUrl, alice.token);
    try {
      const updates = subscribe(client, UpdatesSubscription, { roomId });
      await sleep(300);
      const { deleteMessage } = expectData(
        await request(server.url, DeleteMutation, { messageId: doomed }, { token: bob.token }),
      );
      expect(deleteMessage.pinnedAt).toBeNull();
      const [deleted] = await updates.waitFor(1);
      expect(deleted!.messageUpdated).toMatchObject({ id: doomed, body: '', pinnedAt: null });
      expect(deleted!.messageUpdated.deletedAt).not.toBeNull();
    } finally {
      await client.dispose();
    }
    expect((await pinnedIn(alice, roomId)).map((message) => message.id)).toEqual([kept]);
    expectError(await pin(alice, doomed), 'CONFLICT');
    expectError(await unpin(alice, doomed), 'CONFLICT');
    expect((await pinnedIn(alice, roomId)).map((message) => message.id)).toEqual([kept]);
  });

  it('is NOT_FOUND for a message of a room you are not in, or no longer in', async () => {
    const carol = await signUpUser(server.url, 'pin_c');
    await makeFriends(server.url, alice, carol);
    const roomId = await createGroup(server.url, alice, [bob, carol], 'leaving');
    const message = await sendMessage(server.url, alice, roomId, 'secret');
    const stranger = await signUpUser(server.url, 'pin_s');
    expectError(await pin(stranger, message.id), 'NOT_FOUND');
    expectError(await unpin(stranger, message.id), 'NOT_FOUND');

    expectData(await pin(carol, message.id));
    expectData(await request(server.url, LeaveMutation, { roomId }, { token: carol.token }));
    expectError(await unpin(carol, message.id), 'NOT_FOUND');
    expectError(await pin(carol, message.id), 'NOT_FOUND');
    expectError(await request(server.url, PinnedQuery, { id: roomId }, { token: carol.token }), 'NOT_FOUND');
    expect((await pinnedIn(alice, roomId)).map((pinned) => pinned.id)).toEqual([message.id]);
    // A message that never existed answers the same; a room's id is not a message id.
    expectError(await pin(alice, Buffer.from('Message:999999999').toString('base64url')), 'NOT_FOUND');
    expect(expectError(await pin(alice, roomId), 'BAD_USER_INPUT').extensions?.field).toBe('messageId');
  });

  it('in a direct room, needs the two to be friends: FORBIDDEN once unfriended, while the pins stay readable', async () => {
    const [dave, erin] = await Promise.all([signUpUser(server.url, 'pin_d'), signUpUser(server.url, 'pin_e')]);
    await makeFriends(server.url, dave, erin);
    const roomId = await openDirectRoom(server.url, dave, erin);
    const [first, second] = [
      await sendMessage(server.url, dave, roomId, 'first'),
      await sendMessage(server.url, erin, roomId, 'second'),
    ];
    expectData(await pin(erin, first.id));
    expectData(await request(server.url, RemoveFriendMutation, { userId: erin.id }, { token: dave.token }));
    expectError(await pin(dave, second.id), 'FORBIDDEN');
    expectError(await unpin(erin, first.id), 'FORBIDDEN');
    expect((await pinnedIn(dave, roomId)).map((message) => message.body)).toEqual(['first']);
  });
});

describe('Room.pinnedMessages', () => {
  it('reads the pins of a whole page of rooms in one statement, for 3 rooms as for 12', async () => {
    const viewer = await signUpUser(server.url, 'pin_v');
    await makeFriends(server.url, viewer, bob);
    for (let i = 0; i < 12; i++) {
      const roomId = await createGroup(server.url, viewer, [bob], `pinned ${i}`);
      const message = await sendMessage(server.url, bob, roomId, `pin of room ${i}`);
      expectData(await pin(viewer, message.id));
    }
    const count = async (first: number) => {
      await request(server.url, PinnedOfRoomsQuery, { first }, { token: viewer.token }); // the session check, if any
      const before = log.count('query');
      const { rooms } = expectData(await request(server.url, PinnedOfRoomsQuery, { first }, { token: viewer.token }));
      expect(rooms.edges).toHaveLength(first);
      for (const { node } of rooms.edges) {
        expect(node.pinnedMessages).toHaveLength(1);
        expect(node.pinnedMessages[0]!.body).toMatch(/^pin of room \d+$/);
        expect(node.pinnedMessages[0]!.sender.username).toBe(bob.username);
      }
      return log.count('query') - before;
    };
    // rooms, their pins, the senders: nothing per room.
    expect(await count(3)).toBeLessThanOrEqual(3);
    expect(await count(12)).toBeLessThanOrEqual(3);
  });
});

describe('the pin rate limit', () => {
  it('spends the edit budget', async () => {
    const limited = await startServer({ env: { RATE_LIMITS: 'edit=3/60s' } });
    try {
      const [a, b] = await Promise.all([signUpUser(limited.url, 'pin_la'), signUpUser(limited.url, 'pin_lb')]);
      await makeFriends(limited.url, a, b);
      const roomId = await createGroup(limited.url, a, [b], 'limited');
      const message = await sendMessage(limited.url, a, roomId, 'limited');
      const as = { token: a.token };
      expectData(await request(limited.url, PinMutation, { messageId: message.id }, as));
      expectData(await request(limited.url, UnpinMutation, { messageId: message.id }, as));
      expectData(await request(limited.url, PinMutation, { messageId: message.id }, as));
      const refused = expectError(
        await request(limited.url, UnpinMutation, { messageId: message.id }, as),
        'RATE_LIMITED',
      );
      expect(refused.extensions?.retryAfter).toBeGreaterThan(0);
      // Another user's budget is their own.
      expectData(await request(limited.url, UnpinMutation, { messageId: message.id }, { token: b.token }));
    } finally {
      await limited.stop();
    }
  });
});
