import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { postgresUrl } from './helpers/database.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, sleep, subscribe, type Subscription } from './helpers/ws.js';

const MarkReadMutation = graphql(`
  mutation ReceiptsMarkRead($roomId: ID!, $messageId: ID) {
    markRoomRead(roomId: $roomId, messageId: $messageId) {
      id
    }
  }
`);

const MembershipsQuery = graphql(`
  query ReceiptsMemberships($id: ID!) {
    room(id: $id) {
      unreadCount
      mutedUntil
      memberships {
        edges {
          node {
            user {
              id
            }
            lastReadMessage {
              id
            }
            lastReadAt
          }
        }
      }
    }
  }
`);

const ReadReceiptsSubscription = graphql(`
  subscription ReadReceipts($roomId: ID!) {
    readReceipts(roomId: $roomId) {
      user {
        id
      }
      role
      lastReadMessage {
        id
      }
      lastReadAt
    }
  }
`);

const MuteMutation = graphql(`
  mutation MuteRoom($roomId: ID!, $until: DateTime) {
    muteRoom(roomId: $roomId, until: $until) {
      id
      mutedUntil
    }
  }
`);

const InboxSubscription = graphql(`
  subscription MutedInbox {
    inbox {
      kind
      muted
      message {
        body
      }
    }
  }
`);

/** The number in a message's global id ("Message:17", base64): later messages have larger ones. */
const messageNumber = (id: string) => BigInt(Buffer.from(id, 'base64').toString('utf8').split(':')[1]!);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

async function seedGroup(on: TestServer = server) {
  const [alice, bob, carol, stranger] = await Promise.all(
    ['alice', 'bob', 'carol', 'stranger'].map((prefix) => signUpUser(on.url, prefix)),
  );
  await makeFriends(on.url, alice!, bob!);
  await makeFriends(on.url, alice!, carol!);
  const roomId = await createGroup(on.url, alice!, [bob!, carol!], 'readers');
  return { alice: alice!, bob: bob!, carol: carol!, stranger: stranger!, roomId };
}

const markRead = (viewer: TestUser, roomId: string, messageId?: string, on: TestServer = server) =>
  request(on.url, MarkReadMutation, { roomId, messageId }, { token: viewer.token });

async function positions(viewer: TestUser, roomId: string) {
  const { room } = expectData(await request(server.url, MembershipsQuery, { id: roomId }, { token: viewer.token }));
  return Object.fromEntries(room!.memberships.edges.map(({ node }) => [node.user.id, node]));
}

/** Marks a message read again and again until the subscription reports it: live from then on. */
async function untilLive(subscription: Subscription<unknown>, reader: TestUser, roomId: string, on: TestServer) {
  for (let i = 0; i < 100; i++) {
    const probe = await sendMessage(on.url, reader, roomId, `probe ${i}`);
    expectData(await markRead(reader, roomId, probe.id, on));
    await sleep(100);
    if (subscription.events.length > 0) return;
  }
  throw new Error('readReceipts did not go live');
}

describe('read receipts', () => {
  it('moves a member’s read position forward only, and shows it to the other members', async () => {
    const { alice, bob, roomId } = await seedGroup();
    const first = await sendMessage(server.url, alice, roomId, 'one');
    const second = await sendMessage(server.url, alice, roomId, 'two');
    expect((await positions(alice, roomId))[bob.id]).toMatchObject({ lastReadMessage: null, lastReadAt: null });
    expectData(await markRead(bob, roomId, second.id));
    const moved = (await positions(alice, roomId))[bob.id]!;
    expect(moved.lastReadMessage?.id).toBe(second.id);
    expect(Date.parse(moved.lastReadAt!)).toBeGreaterThan(Date.now() - 60_000);
    expectData(await markRead(bob, roomId, first.id)); // backwards: no change
    const after = (await positions(alice, roomId))[bob.id]!;
    expect(after).toEqual(moved);
    // An empty id is a malformed id, not "the latest".
    expect(expectError(await markRead(bob, roomId, ''), 'BAD_USER_INPUT').extensions?.field).toBe('messageId');
  });

  it('delivers other members’ reads live, never the viewer’s own, to members only', async () => {
    const { alice, bob, carol, stranger, roomId } = await seedGroup();
    const client = connect(server.wsUrl, alice.token);
    const strangerClient = connect(server.wsUrl, stranger.token);
    try {
      const receipts = subscribe(client, ReadReceiptsSubscription, { roomId });
      await untilLive(receipts, bob, roomId, server);
      const latest = await sendMessage(server.url, carol, roomId, 'read me');
      expectData(await markRead(alice, roomId, latest.id)); // her own: not delivered to her
      expectData(await markRead(carol, roomId, latest.id));
      const carols = () => receipts.events.map((event) => event.readReceipts).filter((r) => r.user.id === carol.id);
      for (let i = 0; i < 200 && carols().length === 0; i++) await sleep(50);
      expect(carols()).toEqual([
        expect.objectContaining({ user: { id: carol.id }, role: 'MEMBER', lastReadMessage: { id: latest.id } }),
      ]);
      await sleep(400);
      expect(receipts.events.map((event) => event.readReceipts.user.id)).not.toContain(alice.id);
      const refused = subscribe(strangerClient, ReadReceiptsSubscription, { roomId });
      await refused.ended;
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await client.dispose();
      await strangerClient.dispose();
    }
  });

  it('coalesces a burst of reads into the latest position per member', async () => {
    const { alice, bob, roomId } = await seedGroup();
    const client = connect(server.wsUrl, alice.token);
    try {
      const receipts = subscribe(client, ReadReceiptsSubscription, { roomId });
      await untilLive(receipts, bob, roomId, server);
      await sleep(400);
      const seen = receipts.events.length;
      const sent = [];
      for (let i = 0; i < 10; i++) sent.push(await sendMessage(server.url, alice, roomId, `m${i}`));
      await Promise.all(sent.map((message) => markRead(bob, roomId, message.id)));
      const last = sent.at(-1)!.id;
      for (let i = 0; i < 100 && receipts.events.at(-1)?.readReceipts.lastReadMessage?.id !== last; i++)
        await sleep(50);
      expect(receipts.events.at(-1)?.readReceipts.lastReadMessage?.id).toBe(last);
      // Ten reads, of which only those that moved the marker were announced, a window's worth at a time.
      expect(receipts.events.length - seen).toBeLessThan(10);
    } finally {
      await client.dispose();
    }
  });
});

describe('muting', () => {
  it("gives each member's inbox their own mute when members share one subscription document", async () => {
    const { alice, bob, carol, roomId } = await seedGroup();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expectData(await request(server.url, MuteMutation, { roomId, until }, { token: bob.token }));
    const clients = [alice, bob, carol].map((user) => connect(server.wsUrl, user.token));
    try {
      const inboxes = clients.map((client) => subscribe(client, InboxSubscription, {}));
      for (let i = 0; i < 100 && inboxes.some((inbox) => inbox.events.length === 0); i++) {
        await sendMessage(server.url, alice, roomId, `probe ${i}`);
        await sleep(50);
      }
      await sleep(200);
      const seen = inboxes.map((inbox) => inbox.events.length);
      await sendMessage(server.url, carol, roomId, 'to all three');
      const last = await Promise.all(inboxes.map(async (inbox, i) => (await inbox.waitFor(seen[i]! + 1)).at(-1)!));
      expect(last.map((event) => event.inbox)).toEqual(
        [false, true, false].map((muted) => ({ kind: 'MESSAGE_ADDED', muted, message: { body: 'to all three' } })),
      );
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });

  it('keeps counting unread and delivering the inbox, marked muted, until unmuted', async () => {
    const { alice, bob, roomId } = await seedGroup();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const muted = expectData(await request(server.url, MuteMutation, { roomId, until }, { token: bob.token }));
    expect(Date.parse(muted.muteRoom.mutedUntil!)).toBe(Date.parse(until));
    const client = connect(server.wsUrl, bob.token);
    try {
      const inbox = subscribe(client, InboxSubscription, {});
      for (let i = 0; i < 100 && inbox.events.length === 0; i++) {
        await sendMessage(server.url, alice, roomId, `probe ${i}`);
        await sleep(50);
      }
      const seen = inbox.events.length;
      await sendMessage(server.url, alice, roomId, `hey @${bob.username}`);
      const events = await inbox.waitFor(seen + 2);
      expect(events.slice(seen).map((event) => event.inbox)).toEqual([
        { kind: 'MESSAGE_ADDED', muted: true, message: { body: `hey @${bob.username}` } },
        { kind: 'MENTIONED', muted: true, message: { body: `hey @${bob.username}` } },
      ]);
      const { room } = expectData(await request(server.url, MembershipsQuery, { id: roomId }, { token: bob.token }));
      expect(room!.unreadCount).toBeGreaterThan(0);
      const unmuted = expectData(
        await request(server.url, MuteMutation, { roomId, until: null }, { token: bob.token }),
      );
      expect(unmuted.muteRoom.mutedUntil).toBeNull();
      for (let i = 0; i < 100 && !(await inboxShows(inbox, false)); i++) {
        await sendMessage(server.url, alice, roomId, `again ${i}`);
        await sleep(50);
      }
      expect(inbox.events.at(-1)!.inbox).toMatchObject({ kind: 'MESSAGE_ADDED', muted: false });
    } finally {
      await client.dispose();
    }
  });

  it('refuses a mute in the past and a room the viewer is not in', async () => {
    const { stranger, bob, roomId } = await seedGroup();
    const past = await request(
      server.url,
      MuteMutation,
      { roomId, until: new Date(Date.now() - 1000).toISOString() },
      { token: bob.token },
    );
    expect(expectError(past, 'BAD_USER_INPUT').extensions?.field).toBe('until');
    const until = new Date(Date.now() + 60_000).toISOString();
    expectError(await request(server.url, MuteMutation, { roomId, until }, { token: stranger.token }), 'NOT_FOUND');
    // Another member's mute is theirs alone.
    expectData(await request(server.url, MuteMutation, { roomId, until }, { token: bob.token }));
  });
});

async function inboxShows(inbox: Subscription<{ inbox: { muted: boolean } }>, muted: boolean) {
  return inbox.events.at(-1)?.inbox.muted === muted;
}

describe.runIf(postgresUrl && process.env.REDIS_URL)('on two instances sharing PostgreSQL and Redis', () => {
  let second: TestServer;
  beforeAll(async () => {
    second = await startServer({ databaseUrl: server.databaseUrl });
  });
  afterAll(() => second?.stop());

  it('delivers a read on one instance to a subscriber on the other', async () => {
    const { alice, bob, roomId } = await seedGroup();
    const client = connect(second.wsUrl, alice.token);
    try {
      const receipts = subscribe(client, ReadReceiptsSubscription, { roomId });
      await untilLive(receipts, bob, roomId, server);
      expect(receipts.events.at(-1)!.readReceipts.user.id).toBe(bob.id);
    } finally {
      await client.dispose();
    }
  });

  it('never moves a member backwards when instances publish their windows out of order', async () => {
    const { alice, bob, carol, roomId } = await seedGroup();
    const client = connect(server.wsUrl, alice.token);
    try {
      const receipts = subscribe(client, ReadReceiptsSubscription, { roomId });
      await untilLive(receipts, carol, roomId, server);
      const messages = [];
      for (let i = 0; i < 12; i++) messages.push(await sendMessage(server.url, alice, roomId, `m${i}`));
      // Carol opens a window on the second instance; Bob reads there a moment after reading on the first.
      for (let i = 0; i < messages.length; i += 2) {
        expectData(await markRead(carol, roomId, messages[i]!.id, second));
        await sleep(20);
        expectData(await markRead(bob, roomId, messages[i]!.id, server));
        await sleep(60);
        expectData(await markRead(bob, roomId, messages[i + 1]!.id, second));
      }
      const last = messages.at(-1)!.id;
      const bobs = () => receipts.events.map((event) => event.readReceipts).filter((r) => r.user.id === bob.id);
      for (let i = 0; i < 100 && bobs().at(-1)?.lastReadMessage?.id !== last; i++) await sleep(50);
      const positions = bobs().map((receipt) => messageNumber(receipt.lastReadMessage!.id));
      expect(positions.at(-1)).toBe(messageNumber(last));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(positions).size).toBe(positions.length);
    } finally {
      await client.dispose();
    }
  });

  it('marks the inbox muted on the other instance', async () => {
    const { alice, bob, roomId } = await seedGroup();
    const client = connect(second.wsUrl, bob.token);
    try {
      const inbox = subscribe(client, InboxSubscription, {});
      for (let i = 0; i < 100 && inbox.events.length === 0; i++) {
        await sendMessage(server.url, alice, roomId, `probe ${i}`);
        await sleep(50);
      }
      const until = new Date(Date.now() + 60_000).toISOString();
      expectData(await request(server.url, MuteMutation, { roomId, until }, { token: bob.token }));
      for (let i = 0; i < 100 && !(await inboxShows(inbox, true)); i++) {
        await sendMessage(server.url, alice, roomId, `again ${i}`);
        await sleep(50);
      }
      expect(inbox.events.at(-1)!.inbox.muted).toBe(true);
    } finally {
      await client.dispose();
    }
  });
});
