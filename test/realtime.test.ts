import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { postgresUrl } from './helpers/database.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { subscribeSse } from './helpers/sse.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, connected, nextClose, nextCloseEvent, sleep, subscribe } from './helpers/ws.js';

const MessageAddedSubscription = graphql(`
  subscription OnMessageAdded($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      id
      body
      cursor
      sender {
        id
      }
    }
  }
`);

const MessageUpdatedSubscription = graphql(`
  subscription OnMessageUpdated($roomId: ID!) {
    messageUpdated(roomId: $roomId) {
      id
      body
      editedAt
      deletedAt
    }
  }
`);

const FriendshipOfSender = graphql(`
  subscription FriendshipOfSender($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      id
      sender {
        friendship
      }
    }
  }
`);

const TypingSubscription = graphql(`
  subscription OnTyping($roomId: ID!) {
    typing(roomId: $roomId) {
      roomId
      typing
      expiresAt
      user {
        id
      }
    }
  }
`);

const InboxSubscription = graphql(`
  subscription OnInbox {
    inbox {
      kind
      roomId
      message {
        body
      }
    }
  }
`);

const TypingMutation = graphql(`
  mutation Typing($roomId: ID!) {
    sendTypingIndicator(roomId: $roomId)
  }
`);

const WhoQuery = graphql(`
  query WhoOverSocket {
    me {
      id
    }
  }
`);

const LogOutEverywhere = graphql(`
  mutation LogOutForSocket {
    logOut
  }
`);

const RefreshForSocket = graphql(`
  mutation RefreshForSocket($input: RefreshTokenInput!) {
    refreshToken(input: $input) {
      refreshToken
    }
  }
`);

const EditForSocket = graphql(`
  mutation EditForSocket($input: EditMessageInput!) {
    editMessage(input: $input) {
      id
    }
  }
`);

const DeleteForSocket = graphql(`
  mutation DeleteForSocket($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      id
    }
  }
`);

const LeaveForSocket = graphql(`
  mutation LeaveForSocket($roomId: ID!) {
    leaveRoom(roomId: $roomId)
  }
`);

/** Orders global ids by the row id inside them: the room's commit order. */
const rowId = (globalId: string) => BigInt(Buffer.from(globalId, 'base64url').toString().split(':')[1]!);
const byRowId = (a: string, b: string) => (rowId(a) < rowId(b) ? -1 : rowId(a) > rowId(b) ? 1 : 0);

let server: TestServer;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let room: string;

beforeAll(async () => {
  server = await startServer();
  [owner, member, outsider] = await Promise.all([
    signUpUser(server.url, 'owner'),
    signUpUser(server.url, 'member'),
    signUpUser(server.url, 'outsider'),
  ]);
  await makeFriends(server.url, owner, member);
  room = await createGroup(server.url, owner, [member], 'live');
});
afterAll(() => server?.stop());

describe('socket authentication', () => {
  it('closes with 4403 without a token, with a bad one, and with a revoked one', async () => {
    expect(await nextClose(connect(server.wsUrl))).toBe(4403);
    expect(await nextClose(connect(server.wsUrl, 'not-a-token'))).toBe(4403);
    const user = await signUpUser(server.url, 'revoked');
    expectData(await request(server.url, LogOutEverywhere, {}, { token: user.token }));
    expect(await nextClose(connect(server.wsUrl, user.token))).toBe(4403);
  });

  it('closes an open socket with 4403 on logOut', async () => {
    const user = await signUpUser(server.url, 'leaving');
    const client = connect(server.wsUrl, user.token);
    await connected(client);
    const closed = nextCloseEvent(client);
    const loggedOutAt = Date.now();
    expectData(await request(server.url, LogOutEverywhere, {}, { token: user.token }));
    // The revocation's own reason (an expiry says 'Token expired'), and in a few seconds at most: a
    // bound on behaviour, far above the ~ms it takes and below any periodic re-check (sessions are
    // re-read from the database every 10 s).
    expect(await closed).toEqual({ code: 4403, reason: 'Session revoked' });
    expect(Date.now() - loggedOutAt).toBeLessThan(5_000);
  });

  it('closes the socket with 4403 when refresh-token reuse revokes the session', async () => {
    const user = await signUpUser(server.url, 'stolen');
    const client = connect(server.wsUrl, user.token);
    await connected(client);
    const closed = nextClose(client);
    expectData(await request(server.url, RefreshForSocket, { input: { refreshToken: user.refreshToken } }));
    // Once more is the grace use (a retry whose answer was lost); a third time is a replay.
    expectData(await request(server.url, RefreshForSocket, { input: { refreshToken: user.refreshToken } }));
    await request(server.url, RefreshForSocket, { input: { refreshToken: user.refreshToken } });
    expect(await closed).toBe(4403);
  });

  it('closes the socket with 4403 when its access token expires', async () => {
    const shortLived = await startServer({ env: { ACCESS_TOKEN_TTL: '2s' } });
    try {
      const user = await signUpUser(shortLived.url, 'expiring');
      const client = connect(shortLived.wsUrl, user.token);
      await connected(client);
      expect(await nextClose(client)).toBe(4403);
    } finally {
      await shortLived.stop();
    }
  });
});

describe('messageAdded', () => {
  it("errors a non-member's subscription while the socket keeps serving other operations", async () => {
    const client = connect(server.wsUrl, outsider.token);
    try {
      const denied = subscribe(client, MessageAddedSubscription, { roomId: room });
      await denied.ended;
      expect(denied.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const me = subscribe(client, WhoQuery, {});
      expect((await me.waitFor(1))[0]).toEqual({ me: { id: outsider.id } });
    } finally {
      await client.dispose();
    }
  });

  it('delivers 10 senders × 50 messages to 20 subscribers, complete and in order', async () => {
    const [creator, ...people] = await Promise.all(
      Array.from({ length: 31 }, (_, i) => signUpUser(server.url, `fan${i}`)),
    );
    for (const person of people) await makeFriends(server.url, creator!, person);
    const senders = people.slice(0, 10);
    const listeners = people.slice(10, 30);
    const fanRoom = await createGroup(server.url, creator!, people, 'fan-out');

    const clients = listeners.map((listener) => connect(server.wsUrl, listener.token));
    try {
      // Subscribing after a first message makes every subscription see all that follows, however
      // long it takes to go live: whatever it missed meanwhile is replayed.
      const probe = await sendMessage(server.url, creator!, fanRoom, 'probe');
      const subscriptions = clients.map((client) =>
        subscribe(client, MessageAddedSubscription, { roomId: fanRoom, after: probe.cursor }),
      );

      const sent = await Promise.all(
        senders.map(async (sender, s) => {
          const ids: string[] = [];
          for (let i = 0; i < 50; i++) ids.push((await sendMessage(server.url, sender, fanRoom, `s${s}-m${i}`)).id);
          return ids;
        }),
      );
      for (const subscription of subscriptions) {
        const events = await subscription.waitFor(500, 60_000);
        const ids = events.map((event) => event.messageAdded.id);
        expect(ids).toHaveLength(500);
        expect(new Set(ids).size).toBe(500);
        // In order: the room's order (ascending ids), and each sender's own messages in send order.
        expect(ids).toEqual([...ids].sort(byRowId));
        for (const senderIds of sent) expect(ids.filter((id) => senderIds.includes(id))).toEqual(senderIds);
      }
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  }, 120_000);

  it('resumes after a disconnect from the last seen cursor: exactly the missed messages, then live', async () => {
    const resumeRoom = await createGroup(server.url, owner, [member], 'resume');
    const start = await sendMessage(server.url, owner, resumeRoom, 'start');
    let client = connect(server.wsUrl, member.token);
    const first = subscribe(client, MessageAddedSubscription, { roomId: resumeRoom, after: start.cursor });
    await sendMessage(server.url, owner, resumeRoom, 'seen-1');
    const seen = await first.waitFor(1);
    await client.dispose();

    const missed: string[] = [];
    for (let i = 0; i < 30; i++) missed.push((await sendMessage(server.url, owner, resumeRoom, `missed-${i}`)).id);

    client = connect(server.wsUrl, member.token);
    try {
      const resumed = subscribe(client, MessageAddedSubscription, {
        roomId: resumeRoom,
        after: seen[0]!.messageAdded.cursor,
      });
      const replayed = await resumed.waitFor(30);
      expect(replayed.map((event) => event.messageAdded.id)).toEqual(missed);
      const live = await sendMessage(server.url, owner, resumeRoom, 'live');
      await resumed.waitFor(31);
      await sleep(200);
      expect(resumed.events.map((event) => event.messageAdded.id)).toEqual([...missed, live.id]);
    } finally {
      await client.dispose();
    }
  });

  it('loses nothing and repeats nothing when messages arrive during the replay', async () => {
    const busyRoom = await createGroup(server.url, owner, [member], 'busy');
    const before: { id: string; cursor: string }[] = [];
    for (let i = 0; i < 120; i++) before.push(await sendMessage(server.url, owner, busyRoom, `before-${i}`));
    const client = connect(server.wsUrl, member.token);
    try {
      const subscription = subscribe(client, MessageAddedSubscription, { roomId: busyRoom, after: before[0]!.cursor });
      const during = await Promise.all(
        Array.from({ length: 20 }, (_, i) => sendMessage(server.url, owner, busyRoom, `during-${i}`)),
      );
      const all = await subscription.waitFor(119 + 20);
      await sleep(200);
      const ids = subscription.events.map((event) => event.messageAdded.id);
      expect(all.length).toBe(139);
      const expected = [...before.slice(1), ...during].map((m) => m.id);
      expect(ids).toEqual(expected.sort(byRowId));
    } finally {
      await client.dispose();
    }
  });

  it('without after, delivers everything sent once the subscription is live, in order', async () => {
    const liveRoom = await createGroup(server.url, owner, [member], 'live-only');
    const client = connect(server.wsUrl, member.token);
    try {
      const subscription = subscribe(client, MessageAddedSubscription, { roomId: liveRoom });
      // There is no acknowledgement of a subscription: probe until the first message comes through.
      for (let i = 0; i < 50 && subscription.events.length === 0; i++) {
        await sendMessage(server.url, owner, liveRoom, `probe-${i}`);
        await sleep(50);
      }
      const probes = subscription.events.length;
      expect(probes).toBeGreaterThan(0);
      const sent: string[] = [];
      for (let i = 0; i < 20; i++) sent.push((await sendMessage(server.url, owner, liveRoom, `after-${i}`)).id);
      const events = await subscription.waitFor(probes + 20);
      expect(events.slice(probes).map((event) => event.messageAdded.id)).toEqual(sent);
    } finally {
      await client.dispose();
    }
  });

  it('resolves viewer-dependent fields for each subscriber, not once for all', async () => {
    const start = await sendMessage(server.url, owner, room, 'start');
    const ownerClient = connect(server.wsUrl, owner.token);
    const memberClient = connect(server.wsUrl, member.token);
    try {
      const asOwner = subscribe(ownerClient, FriendshipOfSender, { roomId: room, after: start.cursor });
      const asMember = subscribe(memberClient, FriendshipOfSender, { roomId: room, after: start.cursor });
      await sendMessage(server.url, owner, room, 'who am I to you');
      const [ownerView] = await asOwner.waitFor(1);
      const [memberView] = await asMember.waitFor(1);
      expect(ownerView!.messageAdded.sender.friendship).toBe('SELF');
      expect(memberView!.messageAdded.sender.friendship).toBe('FRIENDS');
    } finally {
      await Promise.all([ownerClient.dispose(), memberClient.dispose()]);
    }
  });

  it('rejects an after cursor that is malformed or of another room', async () => {
    const other = await createGroup(server.url, owner, [member], 'other');
    const foreign = await sendMessage(server.url, owner, other, 'elsewhere');
    const client = connect(server.wsUrl, member.token);
    try {
      for (const after of ['garbage', foreign.cursor]) {
        const subscription = subscribe(client, MessageAddedSubscription, { roomId: room, after });
        await subscription.ended;
        expect(subscription.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    } finally {
      await client.dispose();
    }
  });

  it('ends when the subscriber leaves the room', async () => {
    const leaving = await createGroup(server.url, owner, [member], 'leaving');
    const start = await sendMessage(server.url, owner, leaving, 'start');
    const client = connect(server.wsUrl, member.token);
    try {
      const subscription = subscribe(client, MessageAddedSubscription, { roomId: leaving, after: start.cursor });
      await sendMessage(server.url, owner, leaving, 'hello');
      await subscription.waitFor(1);
      expectData(await request(server.url, LeaveForSocket, { roomId: leaving }, { token: member.token }));
      await subscription.ended;
      expect(subscription.completed).toBe(true);
    } finally {
      await client.dispose();
    }
  });
});

describe('other live events', () => {
  it('delivers edits and deletions', async () => {
    const client = connect(server.wsUrl, member.token);
    try {
      const updates = subscribe(client, MessageUpdatedSubscription, { roomId: room });
      const probe = await sendMessage(server.url, owner, room, 'original');
      await sleep(100); // the subscription is live once the server has acknowledged it
      expectData(
        await request(
          server.url,
          EditForSocket,
          { input: { messageId: probe.id, body: 'edited' } },
          { token: owner.token },
        ),
      );
      expectData(await request(server.url, DeleteForSocket, { messageId: probe.id }, { token: owner.token }));
      const events = await updates.waitFor(2);
      expect(events[0]!.messageUpdated).toMatchObject({ id: probe.id, body: 'edited', deletedAt: null });
      expect(events[1]!.messageUpdated).toMatchObject({ id: probe.id, body: '' });
      expect(events[1]!.messageUpdated.deletedAt).not.toBeNull();
    } finally {
      await client.dispose();
    }
  });

  it('shows typing to other members, not to the typist, and lets it lapse', async () => {
    const ownerClient = connect(server.wsUrl, owner.token);
    const memberClient = connect(server.wsUrl, member.token);
    try {
      const seenByMember = subscribe(memberClient, TypingSubscription, { roomId: room });
      const seenByOwner = subscribe(ownerClient, TypingSubscription, { roomId: room });
      await sleep(200);
      expect(
        expectData(await request(server.url, TypingMutation, { roomId: room }, { token: owner.token }))
          .sendTypingIndicator,
      ).toBe(true);
      const [started] = await seenByMember.waitFor(1);
      expect(started!.typing).toMatchObject({ roomId: room, typing: true, user: { id: owner.id } });
      const [stopped] = (await seenByMember.waitFor(2, 10_000)).slice(1);
      expect(stopped!.typing).toMatchObject({ typing: false, expiresAt: null, user: { id: owner.id } });
      expect(seenByOwner.events).toEqual([]);
    } finally {
      await Promise.all([ownerClient.dispose(), memberClient.dispose()]);
    }
  });

  it('refuses typing into a room the user is not in, on every call (the coalescing must not answer true)', async () => {
    for (let call = 0; call < 3; call++) {
      const response = await request(server.url, TypingMutation, { roomId: room }, { token: outsider.token });
      expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('streams the inbox: messages in any room and rooms added', async () => {
    const [reader, friend] = await Promise.all([signUpUser(server.url, 'reader'), signUpUser(server.url, 'pal')]);
    await makeFriends(server.url, reader, friend);
    const existing = await createGroup(server.url, friend, [reader], 'existing');
    const client = connect(server.wsUrl, reader.token);
    try {
      const inbox = subscribe(client, InboxSubscription, {});
      await sleep(200);
      await sendMessage(server.url, friend, existing, 'in existing');
      const added = await createGroup(server.url, friend, [reader], 'new one');
      await sleep(100);
      await sendMessage(server.url, friend, added, 'in new one');
      const events = await inbox.waitFor(3);
      expect(events.map((event) => event.inbox)).toEqual([
        { kind: 'MESSAGE_ADDED', roomId: existing, message: { body: 'in existing' } },
        { kind: 'ROOM_ADDED', roomId: added, message: null },
        { kind: 'MESSAGE_ADDED', roomId: added, message: { body: 'in new one' } },
      ]);
    } finally {
      await client.dispose();
    }
  });
  it('announces ROOM_ADDED only once it follows the room: a message sent on hearing it arrives, in 8 new rooms at once', async () => {
    const [reader, friend] = await Promise.all([signUpUser(server.url, 'reader'), signUpUser(server.url, 'pal')]);
    await makeFriends(server.url, reader, friend);
    const client = connect(server.wsUrl, reader.token);
    try {
      const inbox = subscribe(client, InboxSubscription, {});
      await connected(client);
      await sleep(200);
      const rooms = await Promise.all(
        Array.from({ length: 8 }, (_, i) => createGroup(server.url, friend, [reader], `added ${i}`)),
      );
      const sends: Array<Promise<unknown>> = [];
      for (let heard = 0; sends.length < rooms.length; heard += 1) {
        const event = (await inbox.waitFor(heard + 1))[heard]!.inbox;
        if (event.kind !== 'ROOM_ADDED') continue;
        sends.push(sendMessage(server.url, reader, event.roomId, `first in ${event.roomId}`));
      }
      await Promise.all(sends);
      const events = (await inbox.waitFor(rooms.length * 2)).map((event) => event.inbox);
      const messages = events.filter((event) => event.kind === 'MESSAGE_ADDED');
      expect(messages.map((event) => event.roomId).sort()).toEqual([...rooms].sort());
      for (const room of rooms) {
        const kinds = events.filter((event) => event.roomId === room).map((event) => event.kind);
        expect(kinds).toEqual(['ROOM_ADDED', 'MESSAGE_ADDED']);
      }
    } finally {
      await client.dispose();
    }
  });
});

describe('subscriptions over SSE', () => {
  it('replays and continues live with a bearer header', async () => {
    const sseRoom = await createGroup(server.url, owner, [member], 'sse');
    const first = await sendMessage(server.url, owner, sseRoom, 'one');
    const second = await sendMessage(server.url, owner, sseRoom, 'two');
    const stream = await subscribeSse(
      server.url,
      member.token,
      'subscription ($roomId: ID!, $after: String) { messageAdded(roomId: $roomId, after: $after) { id body } }',
      { roomId: sseRoom, after: first.cursor },
    );
    try {
      await stream.waitFor(1);
      const third = await sendMessage(server.url, owner, sseRoom, 'three');
      const events = await stream.waitFor(2);
      expect(events.map((event) => [event.event, event.data?.data?.messageAdded])).toEqual([
        ['next', { id: second.id, body: 'two' }],
        ['next', { id: third.id, body: 'three' }],
      ]);
    } finally {
      stream.close();
    }
  });

  it("ends an SSE subscription with UNAUTHENTICATED on its session's logOut, and only that one", async () => {
    const leaving = await signUpUser(server.url, 'sse_leaving');
    const staying = await signUpUser(server.url, 'sse_staying');
    await makeFriends(server.url, staying, leaving);
    const sharedRoom = await createGroup(server.url, staying, [leaving], 'sse logout');
    // From a message sent before: what is sent next arrives whether it lands before or after the
    // stream has joined the room's feed (the response can start before that).
    const opening = await sendMessage(server.url, staying, sharedRoom, 'opening');
    const query =
      'subscription ($roomId: ID!, $after: String) { messageAdded(roomId: $roomId, after: $after) { body } }';
    const variables = { roomId: sharedRoom, after: opening.cursor };
    const leavingStream = await subscribeSse(server.url, leaving.token, query, variables);
    const stayingStream = await subscribeSse(server.url, staying.token, query, variables);
    try {
      await sendMessage(server.url, staying, sharedRoom, 'before');
      await leavingStream.waitFor(1);
      await stayingStream.waitFor(1);
      const loggedOutAt = Date.now();
      expectData(await request(server.url, LogOutEverywhere, {}, { token: leaving.token }));
      // As for sockets: the revocation's own message, within a bound on behaviour, not on speed.
      const [, revoked, complete] = await leavingStream.waitFor(3, 5_000);
      expect(Date.now() - loggedOutAt).toBeLessThan(5_000);
      expect(revoked!.event).toBe('next');
      expect(revoked!.data?.errors?.[0]).toMatchObject({
        message: 'Session revoked.',
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(complete!.event).toBe('complete');
      await leavingStream.ended;

      await sendMessage(server.url, staying, sharedRoom, 'after');
      const [, after] = await stayingStream.waitFor(2);
      expect(after!.data?.data).toEqual({ messageAdded: { body: 'after' } });
      expect(leavingStream.events).toHaveLength(3);
    } finally {
      leavingStream.close();
      stayingStream.close();
    }
  });

  it('ends an SSE subscription with UNAUTHENTICATED when its access token expires', async () => {
    const shortLived = await startServer({ env: { ACCESS_TOKEN_TTL: '2s' } });
    try {
      const user = await signUpUser(shortLived.url, 'sse_expiring');
      const stream = await subscribeSse(shortLived.url, user.token, 'subscription { inbox { kind } }');
      try {
        const [expired, complete] = await stream.waitFor(2, 8_000);
        // Ended while running: a token already expired at the start would be refused differently.
        expect(expired!.data?.errors?.[0]).toMatchObject({
          message: 'Token expired.',
          extensions: { code: 'UNAUTHENTICATED' },
        });
        expect(complete!.event).toBe('complete');
      } finally {
        stream.close();
      }
    } finally {
      await shortLived.stop();
    }
  });

  it('refuses an SSE subscription with a bad bearer token', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: 'Bearer nope' },
      body: JSON.stringify({
        query: 'subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { id } }',
        variables: { roomId: room },
      }),
    });
    expect(await response.text()).toContain('UNAUTHENTICATED');
  });
});

// Two instances need a shared PostgreSQL and Redis: this runs in the suite's PostgreSQL + Redis pass.
if (postgresUrl && process.env.REDIS_URL) {
  describe('two instances sharing PostgreSQL and Redis', () => {
    let second: TestServer;
    beforeAll(async () => {
      second = await startServer({ databaseUrl: server.databaseUrl });
    });
    afterAll(() => second?.stop());

    it('delivers to a subscriber on instance B what is sent through instance A, in order', async () => {
      const start = await sendMessage(server.url, owner, room, 'start');
      const client = connect(second.wsUrl, member.token);
      try {
        const subscription = subscribe(client, MessageAddedSubscription, { roomId: room, after: start.cursor });
        const sent: string[] = [];
        for (let i = 0; i < 50; i++) sent.push((await sendMessage(server.url, owner, room, `cross-${i}`)).id);
        const events = await subscription.waitFor(50);
        expect(events.map((event) => event.messageAdded.id)).toEqual(sent);
      } finally {
        await client.dispose();
      }
    });

    it('keeps order when both instances take messages for one room at once', async () => {
      const start = await sendMessage(second.url, owner, room, 'start');
      const client = connect(second.wsUrl, member.token);
      try {
        const subscription = subscribe(client, MessageAddedSubscription, { roomId: room, after: start.cursor });
        const sent = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            sendMessage(i % 2 ? server.url : second.url, i % 3 ? owner : member, room, `both-${i}`),
          ),
        );
        const events = await subscription.waitFor(40);
        const ids = events.map((event) => event.messageAdded.id);
        expect(ids).toEqual(sent.map((m) => m.id).sort(byRowId));
      } finally {
        await client.dispose();
      }
    });

    it("closes the session's socket on instance B when it logs out through instance A", async () => {
      const user = await signUpUser(server.url, 'twoplaces');
      const client = connect(second.wsUrl, user.token);
      await connected(client);
      const closed = nextClose(client);
      expectData(await request(server.url, LogOutEverywhere, {}, { token: user.token }));
      expect(await closed).toBe(4403);
    });

    it('refuses a session logged out through instance A on instance B, which had just accepted it', async () => {
      const user = await signUpUser(server.url, 'twohttp');
      // B has checked this session moments ago (what it may keep in memory for a few seconds).
      expect(expectData(await request(second.url, WhoQuery, {}, { token: user.token })).me?.id).toBe(user.id);
      const client = connect(second.wsUrl, user.token);
      await connected(client);
      const closed = nextClose(client);
      expectData(await request(server.url, LogOutEverywhere, {}, { token: user.token }));
      // The socket closing on B shows B has had the revocation event; from then on HTTP refuses too.
      expect(await closed).toBe(4403);
      expectError(await request(second.url, WhoQuery, {}, { token: user.token }), 'UNAUTHENTICATED');
    });
  });
}

// Holding the stream's setup back needs a lock another connection can take: PostgreSQL pass only.
if (postgresUrl) {
  describe('an SSE subscription whose setup is held back', () => {
    /**
     * Starts an SSE subscription while another connection holds `table` locked (a read the
     * stream's setup makes then waits), and tells whether its response began meanwhile.
     */
    async function subscribeHeldBack(table: string, query: string, variables: Record<string, unknown>) {
      const admin = new pg.Client({ connectionString: server.databaseUrl });
      await admin.connect();
      try {
        await admin.query('begin');
        await admin.query(`lock table ${table} in access exclusive mode`);
        const started = subscribeSse(server.url, member.token, query, variables);
        const state = await Promise.race([started.then(() => 'began'), sleep(1_000).then(() => 'waiting')]);
        await admin.query('commit');
        return { state, stream: await started };
      } finally {
        await admin.end();
      }
    }

    it('begins its response only once it is listening, and then receives what is sent', async () => {
      const heldRoom = await createGroup(server.url, owner, [member], 'held back');
      // The room feed reads the room's last seq when it starts listening.
      const { state, stream } = await subscribeHeldBack(
        'rooms',
        'subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { body } }',
        { roomId: heldRoom },
      );
      try {
        expect(state).toBe('waiting');
        await sendMessage(server.url, owner, heldRoom, 'first');
        const [first] = await stream.waitFor(1, 5_000);
        expect(first!.data?.data).toEqual({ messageAdded: { body: 'first' } });
      } finally {
        stream.close();
      }
    });

    it('begins an inbox only once it follows every room of the viewer', async () => {
      const heldRoom = await createGroup(server.url, owner, [member], 'held inbox');
      // The inbox lists the viewer's rooms before it follows them.
      const { state, stream } = await subscribeHeldBack(
        'room_members',
        'subscription { inbox { kind message { body } } }',
        {},
      );
      try {
        expect(state).toBe('waiting');
        await sendMessage(server.url, owner, heldRoom, 'to the inbox');
        const [first] = await stream.waitFor(1, 5_000);
        expect(first!.data?.data).toEqual({ inbox: { kind: 'MESSAGE_ADDED', message: { body: 'to the inbox' } } });
      } finally {
        stream.close();
      }
    });
  });
}
