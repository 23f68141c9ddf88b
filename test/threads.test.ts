import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createGroup, openDirectRoom, sendMessage } from './helpers/chat.js';
import { postgresUrl } from './helpers/database.js';
import { CapturedLog } from './helpers/logs.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, sleep, subscribe } from './helpers/ws.js';

// Replies, threads and mentions (DESIGN "Contract, round 2") through the public API, with three
// users: an owner, a member, and a stranger who shares no room with them.

const Send = graphql(`
  mutation ThreadSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      cursor
      replyTo {
        id
        body
      }
      threadRoot {
        id
      }
      mentions {
        username
      }
    }
  }
`);

const ReadMessage = graphql(`
  query ThreadMessage($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      ... on Message {
        id
        body
        deletedAt
        replyCount
        lastReplyAt
        replyTo {
          id
          body
          deletedAt
        }
        mentions {
          username
        }
        replies(first: $first, after: $after) {
          edges {
            node {
              id
              body
              threadRoot {
                id
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

const RoomPage = graphql(`
  query ThreadRoomPage($id: ID!) {
    room(id: $id) {
      unreadCount
      messages(last: 50) {
        edges {
          node {
            id
            replyCount
          }
        }
      }
    }
  }
`);

const ThreadsPage = graphql(`
  query ThreadsPage($id: ID!, $last: Int!) {
    room(id: $id) {
      messages(last: $last) {
        edges {
          node {
            id
            replyTo {
              id
            }
            threadRoot {
              id
            }
            mentions {
              username
            }
            replies(first: 3) {
              edges {
                node {
                  id
                  mentions {
                    username
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

const Edit = graphql(`
  mutation ThreadEdit($input: EditMessageInput!) {
    editMessage(input: $input) {
      id
      mentions {
        username
      }
    }
  }
`);

const Delete = graphql(`
  mutation ThreadDelete($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      id
    }
  }
`);

const Pin = graphql(`
  mutation ThreadPin($messageId: ID!) {
    pinMessage(messageId: $messageId) {
      id
    }
  }
`);

const Unpin = graphql(`
  mutation ThreadUnpin($messageId: ID!) {
    unpinMessage(messageId: $messageId) {
      id
    }
  }
`);

const Unfriend = graphql(`
  mutation ThreadUnfriend($userId: ID!) {
    removeFriend(userId: $userId)
  }
`);

const Block = graphql(`
  mutation ThreadBlock($userId: ID!) {
    blockUser(userId: $userId) {
      id
    }
  }
`);

const Added = graphql(`
  subscription ThreadAdded($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      id
      body
      threadRoot {
        id
      }
    }
  }
`);

const Inbox = graphql(`
  subscription ThreadInbox {
    inbox {
      kind
      message {
        id
        body
      }
    }
  }
`);

/** The server's debug log: one "query" line per SQL statement it runs. */
const log = new CapturedLog('debug');
let server: TestServer;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let room: string;
let strangerRoom: string;

beforeAll(async () => {
  server = await startServer({ logger: log.logger });
  [owner, member, stranger] = (await Promise.all(
    ['towner', 'tmember', 'tstranger'].map((prefix) => signUpUser(server.url, prefix)),
  )) as [TestUser, TestUser, TestUser];
  await makeFriends(server.url, owner, member);
  room = await createGroup(server.url, owner, [member], 'threads');
  strangerRoom = await createGroup(server.url, stranger, [], 'elsewhere');
});

afterAll(async () => {
  await server?.stop();
});

interface SendFields {
  body: string;
  replyToId?: string;
  threadRootId?: string;
}
const send = async (user: TestUser, input: SendFields) =>
  request(server.url, Send, { input: { roomId: room, ...input } }, { token: user.token });
const read = async (user: TestUser, id: string, first?: number, after?: string) =>
  (expectData(await request(server.url, ReadMessage, { id, first, after }, { token: user.token })).node ?? null) as {
    id: string;
    body: string;
    deletedAt: string | null;
    replyCount: number;
    lastReplyAt: string | null;
    replyTo: { id: string; body: string; deletedAt: string | null } | null;
    mentions: Array<{ username: string }>;
    replies: {
      edges: Array<{ node: { id: string; body: string; threadRoot: { id: string } | null } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };

describe('replies', () => {
  it('quote a message of the same room, which reads as its tombstone once deleted', async () => {
    const quoted = await sendMessage(server.url, owner, room, 'quote me');
    const reply = expectData(await send(member, { body: 'quoting', replyToId: quoted.id })).sendMessage;
    expect(reply.replyTo).toEqual({ id: quoted.id, body: 'quote me' });
    expectData(await request(server.url, Delete, { messageId: quoted.id }, { token: owner.token }));
    expect((await read(member, reply.id)).replyTo).toEqual({ id: quoted.id, body: '', deletedAt: expect.any(String) });
  });

  it("refuse another room's message as NOT_FOUND, and tell a non-member nothing about the room", async () => {
    const elsewhere = await sendMessage(server.url, stranger, strangerRoom, 'not yours');
    expectError(await send(owner, { body: 'x', replyToId: elsewhere.id }), 'NOT_FOUND');
    expectError(await send(owner, { body: 'x', threadRootId: elsewhere.id }), 'NOT_FOUND');
    const ours = await sendMessage(server.url, owner, room, 'ours');
    const probe = expectError(await send(stranger, { body: 'x', replyToId: ours.id }), 'NOT_FOUND');
    expect(probe.message).toMatch(/room/i);
    expectError(await send(owner, { body: 'x', replyToId: 'not-an-id' }), 'BAD_USER_INPUT');
  });
});

describe('threads', () => {
  it('keep thread messages out of Room.messages and page them in Message.replies', async () => {
    const root = await sendMessage(server.url, owner, room, 'root');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const sent = expectData(await send(i % 2 ? owner : member, { body: `r${i}`, threadRootId: root.id }));
      expect(sent.sendMessage.threadRoot).toEqual({ id: root.id });
      ids.push(sent.sendMessage.id);
    }
    const page = expectData(await request(server.url, RoomPage, { id: room }, { token: member.token })).room!;
    const topLevel = page.messages.edges.map((edge) => edge.node);
    expect(topLevel.map((node) => node.id)).toContain(root.id);
    expect(topLevel.map((node) => node.id)).not.toContain(ids[0]);
    expect(topLevel.find((node) => node.id === root.id)?.replyCount).toBe(5);
    const first = await read(member, root.id, 3);
    expect(first.replies.edges.map((edge) => edge.node.id)).toEqual(ids.slice(0, 3));
    expect(first.replies.pageInfo.hasNextPage).toBe(true);
    const rest = await read(member, root.id, 3, first.replies.pageInfo.endCursor!);
    expect(rest.replies.edges.map((edge) => edge.node.id)).toEqual(ids.slice(3));
    expect(rest.lastReplyAt).not.toBeNull();
  });

  it('count replies exactly under concurrent sends', async () => {
    const root = await sendMessage(server.url, owner, room, 'busy root');
    const sends = Array.from({ length: 30 }, (_, i) =>
      send(i % 2 ? owner : member, { body: `c${i}`, threadRootId: root.id }),
    );
    for (const response of await Promise.all(sends)) expectData(response);
    const read30 = await read(owner, root.id, 100);
    expect(read30.replyCount).toBe(30);
    expect(read30.replies.edges).toHaveLength(30);
  });

  it('edit and pin a root while replies go into its thread, all at once, without a deadlock', async () => {
    const root = await sendMessage(server.url, owner, room, 'edited root');
    const change = async (i: number) => {
      if (i % 2) return expectData(await send(member, { body: `racing ${i}`, threadRootId: root.id }));
      const edit = { input: { messageId: root.id, body: `edit ${i}` } };
      if (i % 4) return expectData(await request(server.url, Edit, edit, { token: owner.token }));
      const token = { token: owner.token };
      if (i % 8) return expectData(await request(server.url, Unpin, { messageId: root.id }, token));
      return expectData(await request(server.url, Pin, { messageId: root.id }, token));
    };
    await Promise.all(Array.from({ length: 48 }, (_, i) => change(i)));
    expect((await read(owner, root.id)).replyCount).toBe(24);
  });

  it('refuse a thread message as a root with BAD_USER_INPUT on threadRootId', async () => {
    const root = await sendMessage(server.url, owner, room, 'a root');
    const inThread = expectData(await send(owner, { body: 'inside', threadRootId: root.id })).sendMessage;
    const refused = expectError(await send(owner, { body: 'nested', threadRootId: inThread.id }), 'BAD_USER_INPUT');
    expect(refused.extensions?.field).toBe('threadRootId');
  });

  it('deliver top-level and thread messages on messageAdded in one sequence, so after resumes both', async () => {
    const start = await sendMessage(server.url, owner, room, 'before the drop');
    const client = connect(server.wsUrl, member.token);
    try {
      const live = subscribe(client, Added, { roomId: room, after: start.cursor });
      const root = await sendMessage(server.url, owner, room, 'live root');
      const reply = expectData(await send(owner, { body: 'live reply', threadRootId: root.id })).sendMessage;
      const events = await live.waitFor(2);
      expect(events.map((event) => [event.messageAdded.id, event.messageAdded.threadRoot?.id ?? null])).toEqual([
        [root.id, null],
        [reply.id, root.id],
      ]);
      live.stop();
      // Resuming from the root replays the thread message that came after it.
      const resumed = subscribe(client, Added, { roomId: room, after: root.cursor });
      const later = expectData(await send(member, { body: 'after resume', threadRootId: root.id })).sendMessage;
      expect((await resumed.waitFor(2)).map((event) => event.messageAdded.id)).toEqual([reply.id, later.id]);
    } finally {
      await client.dispose();
    }
  });

  it('count thread messages as unread', async () => {
    const before = expectData(await request(server.url, RoomPage, { id: room }, { token: member.token })).room!;
    const root = await sendMessage(server.url, owner, room, 'unread root');
    expectData(await send(owner, { body: 'unread reply', threadRootId: root.id }));
    const after = expectData(await request(server.url, RoomPage, { id: room }, { token: member.token })).room!;
    expect(after.unreadCount - before.unreadCount).toBe(2);
  });
});

describe('mentions', () => {
  it('record members named as @username, not others, and tell them in their inbox', async () => {
    const client = connect(server.wsUrl, member.token);
    try {
      const inbox = subscribe(client, Inbox, {});
      await sleep(300); // the inbox follows the member's rooms
      const body = `hey @${member.username.toUpperCase()} and @${stranger.username} and @${owner.username}`;
      const sent = expectData(await send(owner, { body })).sendMessage;
      expect(sent.mentions.map((user) => user.username).sort()).toEqual([member.username, owner.username].sort());
      const events = await inbox.waitFor(2);
      expect(events.map((event) => [event.inbox.kind, event.inbox.message?.id])).toEqual([
        ['MESSAGE_ADDED', sent.id],
        ['MENTIONED', sent.id],
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('never tell the sender of their own mention, and tell a mention added by an edit', async () => {
    const client = connect(server.wsUrl, owner.token);
    try {
      const inbox = subscribe(client, Inbox, {});
      await sleep(300);
      const self = expectData(await send(owner, { body: `note to @${owner.username}` })).sendMessage;
      const plain = await sendMessage(server.url, member, room, 'no mention yet');
      const edited = expectData(
        await request(
          server.url,
          Edit,
          { input: { messageId: plain.id, body: `now @${owner.username}` } },
          { token: member.token },
        ),
      ).editMessage;
      expect(edited.mentions.map((user) => user.username)).toEqual([owner.username]);
      const events = await inbox.waitFor(3);
      expect(events.map((event) => [event.inbox.kind, event.inbox.message?.id])).toEqual([
        ['MESSAGE_ADDED', self.id],
        ['MESSAGE_ADDED', plain.id],
        ['MENTIONED', plain.id],
      ]);
      // Editing away the mention removes it.
      const cleared = expectData(
        await request(server.url, Edit, { input: { messageId: plain.id, body: 'no one' } }, { token: member.token }),
      ).editMessage;
      expect(cleared.mentions).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('cannot be added by editing a message in a direct room whose members stopped being friends', async () => {
    const [a, b] = (await Promise.all(['ea', 'eb'].map((prefix) => signUpUser(server.url, prefix)))) as [
      TestUser,
      TestUser,
    ];
    await makeFriends(server.url, a, b);
    const direct = await openDirectRoom(server.url, a, b);
    const old = await sendMessage(server.url, a, direct, 'before');
    expectData(await request(server.url, Unfriend, { userId: b.id }, { token: a.token }));
    const input = { messageId: old.id, body: `now @${b.username}` };
    expectError(await request(server.url, Edit, { input }, { token: a.token }), 'FORBIDDEN');
    // Deleting one's own message is still allowed.
    expectData(await request(server.url, Delete, { messageId: old.id }, { token: a.token }));
  });

  it('tell nobody across a block, either way', async () => {
    const [a, b, host] = (await Promise.all(['ma', 'mb', 'mhost'].map((prefix) => signUpUser(server.url, prefix)))) as [
      TestUser,
      TestUser,
      TestUser,
    ];
    await makeFriends(server.url, host, a);
    await makeFriends(server.url, host, b);
    const shared = await createGroup(server.url, host, [a, b], 'blocked mentions');
    expectData(await request(server.url, Block, { userId: b.id }, { token: a.token }));
    const clients = [connect(server.wsUrl, a.token), connect(server.wsUrl, b.token)];
    try {
      const [inboxA, inboxB] = clients.map((client) => subscribe(client, Inbox, {}));
      await sleep(300);
      await sendMessage(server.url, b, shared, `@${a.username} hello`);
      await sendMessage(server.url, a, shared, `@${b.username} hello`);
      const marker = await sendMessage(server.url, host, shared, 'marker');
      await inboxA!.waitFor(3);
      await inboxB!.waitFor(3);
      for (const inbox of [inboxA!, inboxB!]) {
        expect(inbox.events.map((event) => event.inbox.kind)).toEqual([
          'MESSAGE_ADDED',
          'MESSAGE_ADDED',
          'MESSAGE_ADDED',
        ]);
        expect(inbox.events.at(-1)?.inbox.message?.id).toBe(marker.id);
      }
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});

describe('statements', () => {
  it('read replies, threads and mentions of a whole page in a bounded number of statements', async () => {
    const busy = await createGroup(server.url, owner, [member], 'counted');
    for (let i = 0; i < 20; i++) {
      const root = await sendMessage(server.url, owner, busy, `root ${i} @${member.username}`);
      await request(
        server.url,
        Send,
        { input: { roomId: busy, body: `reply ${i} @${owner.username}`, threadRootId: root.id, replyToId: root.id } },
        { token: member.token },
      );
    }
    const count = async (last: number) => {
      const before = log.count('query');
      const page = expectData(await request(server.url, ThreadsPage, { id: busy, last }, { token: owner.token }));
      expect(page.room?.messages.edges).toHaveLength(last);
      for (const { node } of page.room!.messages.edges) {
        expect(node.mentions).toHaveLength(1);
        expect(node.replies.edges).toHaveLength(1);
      }
      return log.count('query') - before;
    };
    const few = await count(3);
    const many = await count(20);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(8);
  });
});

// Two instances need a shared PostgreSQL and Redis: this runs in the suite's PostgreSQL + Redis pass.
describe.runIf(postgresUrl && process.env.REDIS_URL)('two instances', () => {
  let second: TestServer;
  beforeAll(async () => {
    second = await startServer({ databaseUrl: server.databaseUrl });
  });
  afterAll(() => second?.stop());

  it('deliver thread messages and mentions sent through A to subscribers on B, and resume across them', async () => {
    const start = await sendMessage(server.url, owner, room, 'cross start');
    const client = connect(second.wsUrl, member.token);
    try {
      const live = subscribe(client, Added, { roomId: room, after: start.cursor });
      const inbox = subscribe(client, Inbox, {});
      await sleep(300);
      const root = await sendMessage(server.url, owner, room, 'cross root');
      const reply = expectData(
        await send(owner, { body: `cross reply @${member.username}`, threadRootId: root.id }),
      ).sendMessage;
      expect((await live.waitFor(2)).map((event) => event.messageAdded.id)).toEqual([root.id, reply.id]);
      await inbox.waitFor(3);
      expect(inbox.events.map((event) => [event.inbox.kind, event.inbox.message?.id])).toEqual([
        ['MESSAGE_ADDED', root.id],
        ['MESSAGE_ADDED', reply.id],
        ['MENTIONED', reply.id],
      ]);
      live.stop();
      const resumed = subscribe(client, Added, { roomId: room, after: start.cursor });
      expect((await resumed.waitFor(2)).map((event) => event.messageAdded.id)).toEqual([root.id, reply.id]);
    } finally {
      await client.dispose();
    }
  });
});
