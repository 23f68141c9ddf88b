import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { openDirectRoom, SendMessageMutation, sendMessage } from './helpers/chat.js';
import { postgresUrl } from './helpers/database.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, sleep, subscribe, type Subscription } from './helpers/ws.js';

// A direct room follows the friendship: once unfriended (or blocked), its history stays readable,
// but sending, typing and live delivery stop until the two are friends again.

const RemoveFriendMutation = graphql(`
  mutation DirectRoomRemoveFriend($userId: ID!) {
    removeFriend(userId: $userId)
  }
`);

const BlockMutation = graphql(`
  mutation DirectRoomBlock($userId: ID!) {
    blockUser(userId: $userId) {
      id
    }
  }
`);

const UnblockMutation = graphql(`
  mutation DirectRoomUnblock($userId: ID!) {
    unblockUser(userId: $userId) {
      id
    }
  }
`);

const TypingMutation = graphql(`
  mutation DirectRoomTyping($roomId: ID!) {
    sendTypingIndicator(roomId: $roomId)
  }
`);

const EditMutation = graphql(`
  mutation DirectRoomEdit($input: EditMessageInput!) {
    editMessage(input: $input) {
      id
    }
  }
`);

const HistoryQuery = graphql(`
  query DirectRoomHistory($id: ID!, $messageId: ID!) {
    room(id: $id) {
      id
      messages(last: 10) {
        edges {
          node {
            body
          }
        }
      }
    }
    node(id: $messageId) {
      ... on Message {
        body
      }
    }
    rooms(first: 10) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const DirectInbox = graphql(`
  subscription DirectInbox {
    inbox {
      kind
      message {
        body
      }
    }
  }
`);

const MessageAddedSubscription = graphql(`
  subscription DirectRoomMessageAdded($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      body
    }
  }
`);

const MessageUpdatedSubscription = graphql(`
  subscription DirectRoomMessageUpdated($roomId: ID!) {
    messageUpdated(roomId: $roomId) {
      body
    }
  }
`);

const TypingSubscription = graphql(`
  subscription DirectRoomTypingEvents($roomId: ID!) {
    typing(roomId: $roomId) {
      typing
    }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

/** Two new friends and their direct room. */
async function friendsWithRoom() {
  const [a, b] = await Promise.all([signUpUser(server.url, 'a'), signUpUser(server.url, 'b')]);
  await makeFriends(server.url, a, b);
  return { a, b, roomId: await openDirectRoom(server.url, a, b) };
}

const trySend = (sender: TestUser, roomId: string, body = 'hi') =>
  request(server.url, SendMessageMutation, { input: { roomId, body } }, { token: sender.token });

const unfriend = async (viewer: TestUser, other: TestUser) =>
  expectData(await request(server.url, RemoveFriendMutation, { userId: other.id }, { token: viewer.token }));

/** Waits for the subscription to end, failing after a few seconds: it would otherwise stay open for good. */
async function endedSoon(subscription: Subscription<unknown>) {
  const timeout = sleep(5_000).then(() => Promise.reject(new Error('the subscription is still open after 5 s')));
  await Promise.race([subscription.ended, timeout]);
}

/** Ends without an error: the stream is over, as when a member leaves a room. */
async function expectEndsSoon(subscription: Subscription<unknown>) {
  await endedSoon(subscription);
  expect(subscription.errors).toBeNull();
  expect(subscription.completed).toBe(true);
}

describe('a direct room after the friendship ends', () => {
  it('refuses messages and typing both ways after removeFriend, while both still read its history', async () => {
    const { a, b, roomId } = await friendsWithRoom();
    const before = await sendMessage(server.url, b, roomId, 'while friends');
    await unfriend(a, b);

    for (const member of [a, b]) {
      expectError(await trySend(member, roomId), 'FORBIDDEN');
      // Twice: the typing throttle must not turn the second refusal into a success.
      for (let i = 0; i < 2; i++) {
        expectError(await request(server.url, TypingMutation, { roomId }, { token: member.token }), 'FORBIDDEN');
      }
      const history = expectData(
        await request(server.url, HistoryQuery, { id: roomId, messageId: before.id }, { token: member.token }),
      );
      expect(history.room?.messages.edges.map((edge) => edge.node.body)).toEqual(['while friends']);
      expect(history.node).toEqual({ body: 'while friends' });
      expect(history.rooms.edges.map((edge) => edge.node.id)).toContain(roomId);
    }
  });

  it('refuses messages after a block is lifted without a new friendship', async () => {
    const { a, b, roomId } = await friendsWithRoom();
    expectData(await request(server.url, BlockMutation, { userId: b.id }, { token: a.token }));
    expectData(await request(server.url, UnblockMutation, { userId: b.id }, { token: a.token }));
    expectError(await trySend(a, roomId), 'FORBIDDEN');
    expectError(await trySend(b, roomId), 'FORBIDDEN');
  });

  it('refuses new subscriptions to the room', async () => {
    const { a, b, roomId } = await friendsWithRoom();
    const before = await sendMessage(server.url, a, roomId, 'while friends');
    await unfriend(b, a);
    const client = connect(server.wsUrl, a.token);
    try {
      const refused = [
        subscribe(client, MessageAddedSubscription, { roomId }),
        subscribe(client, MessageAddedSubscription, { roomId, after: before.cursor }),
        subscribe(client, MessageUpdatedSubscription, { roomId }),
        subscribe(client, TypingSubscription, { roomId }),
      ];
      for (const subscription of refused) {
        await endedSoon(subscription);
        expect(subscription.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      }
    } finally {
      await client.dispose();
    }
  });

  it('ends open messageAdded, messageUpdated and typing subscriptions of both members at removeFriend', async () => {
    const { a, b, roomId } = await friendsWithRoom();
    const start = await sendMessage(server.url, a, roomId, 'start');
    const [clientA, clientB] = [connect(server.wsUrl, a.token), connect(server.wsUrl, b.token)];
    try {
      const added = subscribe(clientB, MessageAddedSubscription, { roomId, after: start.cursor });
      const addedForA = subscribe(clientA, MessageAddedSubscription, { roomId, after: start.cursor });
      const updated = subscribe(clientB, MessageUpdatedSubscription, { roomId });
      const typing = subscribe(clientB, TypingSubscription, { roomId });
      // Each is live once it has had an event.
      await sendMessage(server.url, a, roomId, 'live');
      await Promise.all([added.waitFor(1), addedForA.waitFor(1)]);
      await waitForEvent(updated, () =>
        request(server.url, EditMutation, { input: { messageId: start.id, body: 'edited' } }, { token: a.token }),
      );
      await waitForEvent(typing, () => request(server.url, TypingMutation, { roomId }, { token: a.token }));

      await unfriend(a, b);
      await Promise.all([added, addedForA, updated, typing].map(expectEndsSoon));
    } finally {
      await Promise.all([clientA.dispose(), clientB.dispose()]);
    }
  });

  it('ends an open messageAdded subscription of the blocked member at blockUser', async () => {
    const { a, b, roomId } = await friendsWithRoom();
    const start = await sendMessage(server.url, a, roomId, 'start');
    const client = connect(server.wsUrl, b.token);
    try {
      const added = subscribe(client, MessageAddedSubscription, { roomId, after: start.cursor });
      await sendMessage(server.url, a, roomId, 'live');
      await added.waitFor(1);
      expectData(await request(server.url, BlockMutation, { userId: b.id }, { token: a.token }));
      await expectEndsSoon(added);
    } finally {
      await client.dispose();
    }
  });

  it('works again, the same room, once they are friends again', async () => {
    const { a, b, roomId } = await friendsWithRoom();
    await unfriend(a, b);
    expectError(await trySend(b, roomId), 'FORBIDDEN');
    await makeFriends(server.url, b, a);
    expect(await openDirectRoom(server.url, a, b)).toBe(roomId);
    const client = connect(server.wsUrl, a.token);
    try {
      const start = await sendMessage(server.url, b, roomId, 'friends again');
      const added = subscribe(client, MessageAddedSubscription, { roomId, after: start.cursor });
      await sendMessage(server.url, b, roomId, 'and live');
      expect(await added.waitFor(1)).toEqual([{ messageAdded: { body: 'and live' } }]);
      expect(expectData(await request(server.url, TypingMutation, { roomId }, { token: a.token }))).toEqual({
        sendTypingIndicator: true,
      });
    } finally {
      await client.dispose();
    }
  });
});

describe('the inbox of a direct room across the friendship', () => {
  it('keeps following the room while suspended, and delivers its messages again once they are friends', async () => {
    const { a, b, roomId } = await friendsWithRoom();
    const client = connect(server.wsUrl, a.token);
    try {
      const inbox = subscribe(client, DirectInbox, {});
      await waitForEvent(inbox, () => sendMessage(server.url, b, roomId, 'before'));
      await unfriend(a, b);
      await sleep(200);
      expect(inbox.completed).toBe(false);
      await makeFriends(server.url, b, a);
      const seen = inbox.events.length;
      await sendMessage(server.url, b, roomId, 'friends again');
      await inbox.waitFor(seen + 1);
      expect(inbox.events.at(-1)).toEqual({
        inbox: { kind: 'MESSAGE_ADDED', message: { body: 'friends again' } },
      });
    } finally {
      await client.dispose();
    }
  });
});

/** Repeats `act` until the subscription has an event: it may take a moment to be listening. */
async function waitForEvent(subscription: Subscription<unknown>, act: () => Promise<unknown>) {
  for (let attempt = 0; subscription.events.length === 0; attempt++) {
    if (attempt === 50) throw new Error('the subscription never received an event');
    await act();
    await sleep(100);
  }
}

// Two instances need a shared PostgreSQL and Redis: this runs in the suite's PostgreSQL + Redis pass.
if (postgresUrl && process.env.REDIS_URL) {
  describe('two instances sharing PostgreSQL and Redis', () => {
    let second: TestServer;
    beforeAll(async () => {
      second = await startServer({ databaseUrl: server.databaseUrl, keepDatabase: true });
    });
    afterAll(() => second?.stop());

    it('ends a subscription on instance B when the friendship ends through instance A', async () => {
      const { a, b, roomId } = await friendsWithRoom();
      const start = await sendMessage(server.url, a, roomId, 'start');
      const client = connect(second.wsUrl, b.token);
      try {
        const added = subscribe(client, MessageAddedSubscription, { roomId, after: start.cursor });
        await sendMessage(server.url, a, roomId, 'across');
        await added.waitFor(1);
        await unfriend(a, b);
        await expectEndsSoon(added);
        expectError(await trySend(b, roomId), 'FORBIDDEN');
      } finally {
        await client.dispose();
      }
    });
  });
}
