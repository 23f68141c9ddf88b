import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createGroup, openDirectRoom, sendMessage, SendMessageMutation } from './helpers/chat.js';
import { postgresUrl } from './helpers/database.js';
import { CapturedLog } from './helpers/logs.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, sleep, subscribe, type Subscription } from './helpers/ws.js';

// Reactions (DESIGN "Contract, round 2") through the public API: a group room of an owner and five
// members, a stranger who shares no room with them, and direct rooms for the friendship rules.

const AddReaction = graphql(`
  mutation ReactionAdd($messageId: ID!, $emoji: String!) {
    addReaction(messageId: $messageId, emoji: $emoji) {
      id
      reactions {
        emoji
        count
        reactedByMe
      }
    }
  }
`);

const RemoveReaction = graphql(`
  mutation ReactionRemove($messageId: ID!, $emoji: String!) {
    removeReaction(messageId: $messageId, emoji: $emoji) {
      id
      reactions {
        emoji
        count
        reactedByMe
      }
    }
  }
`);

const ReadReactions = graphql(`
  query ReactionRead($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      ... on Message {
        reactions {
          emoji
          count
          reactedByMe
          users(first: $first, after: $after) {
            edges {
              cursor
              node {
                id
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
  }
`);

const ReactionUpdates = graphql(`
  subscription ReactionUpdates($roomId: ID!) {
    messageUpdated(roomId: $roomId) {
      id
      reactions {
        emoji
        count
        reactedByMe
      }
    }
  }
`);

const DeleteReacted = graphql(`
  mutation ReactionDeleteMessage($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      id
    }
  }
`);

const LeaveReacted = graphql(`
  mutation ReactionLeaveRoom($roomId: ID!) {
    leaveRoom(roomId: $roomId)
  }
`);

const Unfriend = graphql(`
  mutation ReactionUnfriend($userId: ID!) {
    removeFriend(userId: $userId)
  }
`);

const Block = graphql(`
  mutation ReactionBlock($userId: ID!) {
    blockUser(userId: $userId) {
      id
    }
  }
`);

let server: TestServer;
let owner: TestUser;
let members: TestUser[];
let stranger: TestUser;
let room: string;

beforeAll(async () => {
  server = await startServer();
  const users = await Promise.all(Array.from({ length: 7 }, (_, i) => signUpUser(server.url, `react${i}`)));
  [owner, stranger, members] = [users[0]!, users[1]!, users.slice(2)];
  for (const member of members) await makeFriends(server.url, owner, member);
  room = await createGroup(server.url, owner, members, 'reactions');
});
afterAll(() => server?.stop());

const add = (user: TestUser, messageId: string, emoji: string, url = server.url) =>
  request(url, AddReaction, { messageId, emoji }, { token: user.token });
const remove = (user: TestUser, messageId: string, emoji: string, url = server.url) =>
  request(url, RemoveReaction, { messageId, emoji }, { token: user.token });
const read = (user: TestUser, id: string, page: { first?: number; after?: string } = {}) =>
  request(server.url, ReadReactions, { id, ...page }, { token: user.token });

/** The message's groups as the user sees them: [emoji, count, reactedByMe]. */
async function groupsSeenBy(user: TestUser, messageId: string) {
  const { node } = expectData(await read(user, messageId));
  if (node?.__typename !== 'Message') throw new Error(`not a message: ${JSON.stringify(node)}`);
  return node.reactions.map((group) => [group.emoji, group.count, group.reactedByMe]);
}

const newMessage = async (body = 'react to me') => (await sendMessage(server.url, owner, room, body)).id;

describe('the emoji rule', () => {
  it('accepts one emoji (plain, ZWJ sequence, flag) or a :shortcode:', async () => {
    const messageId = await newMessage();
    for (const emoji of ['👍', '👩‍💻', '🇰🇷', ':party_parrot:', ':+1:', ':a-b:']) {
      expectData(await add(owner, messageId, emoji));
    }
    expect((await groupsSeenBy(owner, messageId)).map(([emoji]) => emoji).sort()).toEqual(
      ['👍', '👩‍💻', '🇰🇷', ':party_parrot:', ':+1:', ':a-b:'].sort(),
    );
  });

  it('refuses two emojis, text and bad shortcodes with BAD_USER_INPUT on `emoji`, adding and removing', async () => {
    const messageId = await newMessage();
    const refused = ['👍👍', '👍 ', 'ok', 'hello', '', ':a:', ':Thumbs:', ':two words:', `:${'a'.repeat(33)}:`, '::'];
    for (const emoji of refused) {
      for (const change of [add, remove]) {
        const error = expectError(await change(owner, messageId, emoji), 'BAD_USER_INPUT');
        expect(error.extensions?.field, emoji).toBe('emoji');
      }
    }
    expect(await groupsSeenBy(owner, messageId)).toEqual([]);
  });
});

describe('adding and removing', () => {
  it('groups by emoji, most used first, ties by the earliest first reaction, with counts', async () => {
    const messageId = await newMessage();
    const [a, b, c] = members as [TestUser, TestUser, TestUser];
    // Reacted with in this order, which is not the alphabetical one.
    expectData(await add(owner, messageId, ':zed:'));
    expectData(await add(a, messageId, ':ant:'));
    expectData(await add(b, messageId, ':mid:'));
    expectData(await add(c, messageId, ':ant:'));
    expectData(await add(a, messageId, ':bee:'));
    expect(await groupsSeenBy(owner, messageId)).toEqual([
      [':ant:', 2, false],
      [':zed:', 1, true],
      [':mid:', 1, false],
      [':bee:', 1, false],
    ]);
    // :bee: overtakes the ones before it once it has more.
    expectData(await add(owner, messageId, ':bee:'));
    expectData(await add(b, messageId, ':bee:'));
    expect((await groupsSeenBy(owner, messageId)).map(([emoji]) => emoji)).toEqual([
      ':bee:',
      ':ant:',
      ':zed:',
      ':mid:',
    ]);
  });

  it('answers reactedByMe for whoever asks', async () => {
    const messageId = await newMessage();
    const [a, b] = members as [TestUser, TestUser];
    expectData(await add(a, messageId, '🎉'));
    expectData(await add(b, messageId, '👍'));
    expect(await groupsSeenBy(a, messageId)).toEqual([
      ['🎉', 1, true],
      ['👍', 1, false],
    ]);
    expect(await groupsSeenBy(b, messageId)).toEqual([
      ['🎉', 1, false],
      ['👍', 1, true],
    ]);
    expect(await groupsSeenBy(owner, messageId)).toEqual([
      ['🎉', 1, false],
      ['👍', 1, false],
    ]);
  });

  it('changes nothing when adding twice or removing what is not there', async () => {
    const messageId = await newMessage();
    const first = expectData(await add(owner, messageId, '👍')).addReaction;
    expect(first.reactions).toEqual([{ emoji: '👍', count: 1, reactedByMe: true }]);
    const again = expectData(await add(owner, messageId, '👍')).addReaction;
    expect(again).toEqual(first);
    // Someone else's reaction is not the viewer's to remove.
    const notMine = expectData(await remove(members[0]!, messageId, '👍')).removeReaction;
    expect(notMine.reactions).toEqual([{ emoji: '👍', count: 1, reactedByMe: false }]);
    expectData(await remove(owner, messageId, '🎉'));
    expect(await groupsSeenBy(owner, messageId)).toEqual([['👍', 1, true]]);
  });

  it("removes only the viewer's reaction, and the group with its last one", async () => {
    const messageId = await newMessage();
    const [a] = members as [TestUser];
    expectData(await add(owner, messageId, '👍'));
    expectData(await add(a, messageId, '👍'));
    const removed = expectData(await remove(owner, messageId, '👍')).removeReaction;
    expect(removed.reactions).toEqual([{ emoji: '👍', count: 1, reactedByMe: false }]);
    expect(await groupsSeenBy(a, messageId)).toEqual([['👍', 1, true]]);
    expect(expectData(await remove(a, messageId, '👍')).removeReaction.reactions).toEqual([]);
  });

  it('pages the users of a group in the order they reacted', async () => {
    const messageId = await newMessage();
    const order = [members[3]!, owner, members[0]!, members[4]!, members[1]!];
    for (const user of order) expectData(await add(user, messageId, '👋'));
    const seen: string[] = [];
    let after: string | undefined;
    const pages: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const { node } = expectData(await read(owner, messageId, { first: 2, after }));
      if (node?.__typename !== 'Message') throw new Error('not a message');
      const { users } = node.reactions[0]!;
      seen.push(...users.edges.map((edge) => edge.node.id));
      pages.push(users.pageInfo.hasNextPage);
      after = users.pageInfo.endCursor ?? undefined;
    }
    expect(seen).toEqual(order.map((user) => user.id));
    expect(pages).toEqual([true, true, false]);
    // A cursor of another list, or made up, is refused.
    for (const bad of ['garbage', Buffer.from('reactor:2024-02-30T00:00:00.000000Z~1').toString('base64url')]) {
      expectError(await read(owner, messageId, { first: 2, after: bad }), 'BAD_USER_INPUT');
    }
  });
});

describe('the cap of 20 distinct emojis', () => {
  it('refuses a 21st distinct emoji with BAD_USER_INPUT, while more of the 20 are welcome', async () => {
    const messageId = await newMessage();
    for (let i = 1; i <= 20; i++) expectData(await add(owner, messageId, `:e${i}:`));
    const error = expectError(await add(members[0]!, messageId, ':e21:'), 'BAD_USER_INPUT');
    expect(error.extensions?.field).toBe('emoji');
    expectData(await add(members[0]!, messageId, ':e7:'));
    expect(await groupsSeenBy(owner, messageId)).toHaveLength(20);
    // A slot freed is a slot to take.
    expectData(await remove(owner, messageId, ':e1:'));
    expectData(await add(members[0]!, messageId, ':e21:'));
    expect(await groupsSeenBy(owner, messageId)).toHaveLength(20);
  });

  it('lets exactly one of many concurrent adds take the 20th slot', async () => {
    for (let round = 0; round < 3; round++) {
      const messageId = await newMessage(`race ${round}`);
      for (let i = 1; i <= 19; i++) expectData(await add(owner, messageId, `:s${i}:`));
      const racers = [owner, ...members];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => add(racers[i % racers.length]!, messageId, `:r${i}:`)),
      );
      const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'OK');
      expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
      expect(codes.filter((code) => code !== 'OK')).toEqual(Array.from({ length: 11 }, () => 'BAD_USER_INPUT'));
      expect(await groupsSeenBy(owner, messageId)).toHaveLength(20);
    }
  });
});

describe('who may react', () => {
  it('answers NOT_FOUND to a stranger, who can neither react nor read the reactions', async () => {
    const messageId = await newMessage();
    expectData(await add(owner, messageId, '👍'));
    expectError(await add(stranger, messageId, '👍'), 'NOT_FOUND');
    expectError(await remove(stranger, messageId, '👍'), 'NOT_FOUND');
    expectError(await read(stranger, messageId), 'NOT_FOUND');
    // A message id that names nothing looks the same.
    const missing = Buffer.from('Message:999999999').toString('base64url');
    expectError(await add(owner, missing, '👍'), 'NOT_FOUND');
    expect(await groupsSeenBy(owner, messageId)).toEqual([['👍', 1, true]]);
  });

  it('answers NOT_FOUND to a member who left the room', async () => {
    const [leaver, stayer] = await Promise.all([signUpUser(server.url, 'leaver'), signUpUser(server.url, 'stayer')]);
    await makeFriends(server.url, leaver, stayer);
    const left = await createGroup(server.url, stayer, [leaver], 'left');
    const { id: messageId } = await sendMessage(server.url, stayer, left, 'bye');
    expectData(await add(leaver, messageId, '👋'));
    expectData(await request(server.url, LeaveReacted, { roomId: left }, { token: leaver.token }));
    expectError(await add(leaver, messageId, '👍'), 'NOT_FOUND');
    expectError(await remove(leaver, messageId, '👋'), 'NOT_FOUND');
  });

  it('answers FORBIDDEN in a direct room whose members stopped being friends, or one blocked the other', async () => {
    for (const end of ['unfriend', 'block'] as const) {
      const [a, b] = await Promise.all([signUpUser(server.url, 'direct'), signUpUser(server.url, 'direct')]);
      await makeFriends(server.url, a, b);
      const direct = await openDirectRoom(server.url, a, b);
      const { id: messageId } = await sendMessage(server.url, a, direct, 'hi');
      expectData(await add(b, messageId, '👍'));
      const ended =
        end === 'unfriend'
          ? await request(server.url, Unfriend, { userId: b.id }, { token: a.token })
          : await request(server.url, Block, { userId: b.id }, { token: a.token });
      expect(ended.errors).toBeUndefined();
      for (const user of [a, b]) {
        expectError(await add(user, messageId, '🎉'), 'FORBIDDEN');
        expectError(await remove(user, messageId, '👍'), 'FORBIDDEN');
      }
      // The history, reactions included, stays readable.
      expect(await groupsSeenBy(b, messageId)).toEqual([['👍', 1, true]]);
    }
  });

  it('answers CONFLICT for a deleted message, whose tombstone shows no reactions', async () => {
    const messageId = await newMessage();
    expectData(await add(members[0]!, messageId, '👍'));
    expectData(await request(server.url, DeleteReacted, { messageId }, { token: owner.token }));
    expectError(await add(members[0]!, messageId, '🎉'), 'CONFLICT');
    expectError(await remove(members[0]!, messageId, '👍'), 'CONFLICT');
    expect(await groupsSeenBy(members[0]!, messageId)).toEqual([]);
  });
});

describe('the reaction rate limit', () => {
  it('counts adds and removes together per user, with a retry-after hint', async () => {
    const limited = await startServer({ env: { RATE_LIMITS: 'reaction=3/1m,signUp=1000000/1s' } });
    try {
      const [a, b] = await Promise.all([signUpUser(limited.url, 'limited'), signUpUser(limited.url, 'limited')]);
      await makeFriends(limited.url, a, b);
      const group = await createGroup(limited.url, a, [b], 'limited');
      const { id: messageId } = await sendMessage(limited.url, a, group, 'limit me');
      expectData(await add(a, messageId, '👍', limited.url));
      expectData(await remove(a, messageId, '👍', limited.url));
      expectData(await add(a, messageId, '🎉', limited.url));
      const error = expectError(await remove(a, messageId, '🎉', limited.url), 'RATE_LIMITED');
      expect(error.extensions?.retryAfter).toBeGreaterThan(0);
      expectError(await add(a, messageId, '👍', limited.url), 'RATE_LIMITED');
      // Per user: another member still has a budget.
      expectData(await add(b, messageId, '👍', limited.url));
    } finally {
      await limited.stop();
    }
  });
});

type ReactionEvent = { messageUpdated: { id: string; reactions: Array<{ emoji: string; reactedByMe: boolean }> } };

/**
 * Waits until every subscription is live: reacts (and un-reacts) to a probe message until each has
 * received an event for it. Later events come after, in the room's order.
 */
async function untilLive(subscriptions: Subscription<ReactionEvent>[], url = server.url) {
  const probe = (await sendMessage(url, owner, room, 'probe')).id;
  for (let i = 0; i < 100; i++) {
    const live = subscriptions.every((s) => s.events.some((event) => event.messageUpdated.id === probe));
    if (live) return;
    const poked = i % 2 ? await remove(owner, probe, ':probe:', url) : await add(owner, probe, ':probe:', url);
    expect(poked.errors).toBeUndefined();
    await sleep(50);
  }
  throw new Error('subscriptions did not go live');
}

/** Waits for the `count`th event about `messageId` and returns those events. */
async function eventsFor(subscription: Subscription<ReactionEvent>, messageId: string, count: number) {
  for (let i = 0; i < 200; i++) {
    const events = subscription.events.filter((event) => event.messageUpdated.id === messageId);
    if (events.length >= count) return events.map((event) => event.messageUpdated.reactions);
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${count} events of ${messageId}`);
}

/**
 * The owner (on servers[0]) and a member (on servers[1]), subscribed with the same document and
 * variables, see each reaction change with their own reactedByMe; changes that change nothing
 * announce nothing.
 */
async function expectLiveViews(servers: [TestServer, TestServer]) {
  const [ownerClient, memberClient] = [
    connect(servers[0].wsUrl, owner.token),
    connect(servers[1].wsUrl, members[0]!.token),
  ];
  try {
    // The same document and variables for both: only reactedByMe keeps their executions apart.
    const asOwner = subscribe(ownerClient, ReactionUpdates, { roomId: room });
    const asMember = subscribe(memberClient, ReactionUpdates, { roomId: room });
    await untilLive([asOwner, asMember]);
    const messageId = await newMessage('live');
    const views = async (count: number) =>
      Promise.all(
        [asOwner, asMember].map(async (s) =>
          (await eventsFor(s, messageId, count)).at(-1)!.map((group) => [group.emoji, group.reactedByMe]),
        ),
      );
    expectData(await add(owner, messageId, '👍', servers[0].url));
    expect(await views(1)).toEqual([[['👍', true]], [['👍', false]]]);
    expectData(await add(members[0]!, messageId, '👍', servers[1].url));
    expect(await views(2)).toEqual([[['👍', true]], [['👍', true]]]);
    expectData(await remove(owner, messageId, '👍', servers[0].url));
    expect(await views(3)).toEqual([[['👍', false]], [['👍', true]]]);
    // Adding again and removing what is not there announce nothing: the next event is the next change.
    expectData(await add(members[0]!, messageId, '👍', servers[1].url));
    expectData(await remove(owner, messageId, '🎉', servers[0].url));
    expectData(await add(owner, messageId, '🎉', servers[0].url));
    expect(await views(4)).toEqual([
      [
        ['👍', false],
        ['🎉', true],
      ],
      [
        ['👍', true],
        ['🎉', false],
      ],
    ]);
    await sleep(200);
    expect([asOwner, asMember].map((s) => s.events.filter((e) => e.messageUpdated.id === messageId).length)).toEqual([
      4, 4,
    ]);
  } finally {
    await Promise.all([ownerClient.dispose(), memberClient.dispose()]);
  }
}

describe('live delivery', () => {
  it('delivers reactions through messageUpdated, reactedByMe per subscriber of the same document', async () => {
    await expectLiveViews([server, server]);
  });
});

// Two instances need a shared PostgreSQL and Redis: this runs in the suite's PostgreSQL + Redis pass.
describe.runIf(postgresUrl && process.env.REDIS_URL)('two instances sharing PostgreSQL and Redis', () => {
  let second: TestServer;
  beforeAll(async () => {
    second = await startServer({ databaseUrl: server.databaseUrl });
  });
  afterAll(() => second?.stop());

  it('delivers reactions made on either instance to subscribers on both, reactedByMe per subscriber', async () => {
    await expectLiveViews([server, second]);
  });
});

// Lock order only matters with concurrent transactions: PGlite runs one at a time.
describe.runIf(postgresUrl)('reactions beside thread replies, on PostgreSQL', () => {
  it('takes concurrent reactions to a thread root and replies in its thread without a deadlock', async () => {
    const root = await newMessage('root');
    const people = [owner, ...members];
    const work = Array.from({ length: 60 }, (_, i) => {
      const user = people[i % people.length]!;
      if (i % 2) return add(user, root, `:t${i % 19}:`);
      const input = { roomId: room, body: `reply ${i}`, threadRootId: root };
      return request(server.url, SendMessageMutation, { input }, { token: user.token });
    });
    for (const result of await Promise.all(work)) expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  });
});

const ReactionsPage = graphql(`
  query ReactionsPage($roomId: ID!, $first: Int!) {
    room(id: $roomId) {
      messages(first: $first) {
        edges {
          node {
            id
            reactions {
              emoji
              count
              reactedByMe
              users(first: 3) {
                edges {
                  node {
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

describe('statements per page', () => {
  it('reads the reactions of a page of messages, and who made them, in a bounded number of statements', async () => {
    const log = new CapturedLog('debug');
    const counted = await startServer({ logger: log.logger });
    try {
      const users = await Promise.all(Array.from({ length: 4 }, (_, i) => signUpUser(counted.url, `count${i}`)));
      const [viewer, ...others] = users as [TestUser, ...TestUser[]];
      for (const other of others) await makeFriends(counted.url, viewer, other);
      const group = await createGroup(counted.url, viewer, others, 'counted');
      for (let i = 0; i < 20; i++) {
        const { id } = await sendMessage(counted.url, viewer, group, `m${i}`);
        for (const [j, user] of users.entries()) {
          expectData(await add(user, id, [':one:', ':two:', ':three:'][(i + j) % 3]!, counted.url));
        }
      }
      const statementsFor = async (first: number) => {
        await request(counted.url, ReactionsPage, { roomId: group, first }, { token: viewer.token });
        const before = log.count('query');
        const { room: read } = expectData(
          await request(counted.url, ReactionsPage, { roomId: group, first }, { token: viewer.token }),
        );
        const edges = read!.messages.edges;
        expect(edges).toHaveLength(first);
        for (const { node } of edges) {
          expect(node.reactions.reduce((sum, group) => sum + group.count, 0)).toBe(4);
          for (const group of node.reactions) expect(group.users.edges).toHaveLength(group.count);
        }
        return log.count('query') - before;
      };
      // The room with its messages, their reaction groups, the groups' users: never per message or group.
      const few = await statementsFor(2);
      const page = await statementsFor(20);
      expect(page).toBeLessThanOrEqual(4);
      expect(page).toBe(few);
    } finally {
      await counted.stop();
    }
  });
});
