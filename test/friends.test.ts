import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { graphql } from './gql/index.js';
import type { FriendshipStatus } from './gql/graphql.js';
import { expectData, expectError, request, type GraphQLResponse } from './helpers/client.js';
import { createTestDatabase } from './helpers/database.js';
import { CapturedLog } from './helpers/logs.js';
import { startServer, TEST_JWT_SECRET, type TestServer } from './helpers/server.js';
import { SignUpMutation, signUpUser, type TestUser } from './helpers/users.js';

const SendFriendRequestMutation = graphql(`
  mutation SendFriendRequest($userId: ID!) {
    sendFriendRequest(userId: $userId) {
      id
      createdAt
      from {
        id
      }
      to {
        id
      }
    }
  }
`);

const AcceptFriendRequestMutation = graphql(`
  mutation AcceptFriendRequest($requestId: ID!) {
    acceptFriendRequest(requestId: $requestId) {
      id
      username
      friendship
    }
  }
`);

const DeclineFriendRequestMutation = graphql(`
  mutation DeclineFriendRequest($requestId: ID!) {
    declineFriendRequest(requestId: $requestId)
  }
`);

const CancelFriendRequestMutation = graphql(`
  mutation CancelFriendRequest($requestId: ID!) {
    cancelFriendRequest(requestId: $requestId)
  }
`);

const RemoveFriendMutation = graphql(`
  mutation RemoveFriend($userId: ID!) {
    removeFriend(userId: $userId)
  }
`);

const BlockUserMutation = graphql(`
  mutation BlockUser($userId: ID!) {
    blockUser(userId: $userId) {
      id
      friendship
    }
  }
`);

const UnblockUserMutation = graphql(`
  mutation UnblockUser($userId: ID!) {
    unblockUser(userId: $userId) {
      id
      friendship
    }
  }
`);

const FriendRequestsQuery = graphql(`
  query FriendRequests {
    incomingFriendRequests {
      id
      createdAt
      from {
        id
        friendship
      }
      to {
        id
        friendship
      }
    }
    outgoingFriendRequests {
      id
      from {
        id
      }
      to {
        id
      }
    }
  }
`);

const FriendsQuery = graphql(`
  query Friends($first: Int, $after: String, $last: Int, $before: String) {
    friends(first: $first, after: $after, last: $last, before: $before) {
      edges {
        cursor
        node {
          id
          username
          friendship
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

const SearchUsersQuery = graphql(`
  query SearchUsers($query: String!, $first: Int, $after: String) {
    searchUsers(query: $query, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          username
          displayName
          friendship
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
    }
  }
`);

const SearchUsernamesQuery = graphql(`
  query SearchUsernames($query: String!) {
    searchUsers(query: $query) {
      edges {
        node {
          username
        }
      }
    }
  }
`);

const FriendshipQuery = graphql(`
  query Friendship($id: ID!) {
    node(id: $id) {
      id
      ... on User {
        friendship
      }
    }
  }
`);

const UserByNameQuery = graphql(`
  query FriendsUserByName($username: String!) {
    user(username: $username) {
      id
      friendship
    }
  }
`);

const FriendRequestNodeQuery = graphql(`
  query FriendRequestNode($id: ID!) {
    node(id: $id) {
      id
      ... on FriendRequest {
        from {
          id
        }
        to {
          id
        }
      }
    }
  }
`);

const AnonymousSignUpMutation = graphql(`
  mutation SignUpWithFriendship($input: SignUpInput!) {
    signUp(input: $input) {
      user {
        friendship
      }
    }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const globalId = (typename: string, id: string | number) => Buffer.from(`${typename}:${id}`).toString('base64url');
const UNKNOWN_USER_ID = globalId('User', '999999999');
const tag = () => randomBytes(3).toString('hex');

const newUser = (prefix = 'fr') => signUpUser(server.url, prefix);
type Users<N extends number, R extends TestUser[] = []> = R['length'] extends N ? R : Users<N, [TestUser, ...R]>;
const newUsers = async <N extends number>(count: N, prefix = 'fr') =>
  (await Promise.all(Array.from({ length: count }, () => newUser(prefix)))) as Users<N>;

/** Signs up a user with the exact username and display name given. */
async function signUpAs(username: string, displayName?: string): Promise<TestUser> {
  const password = 'correct horse battery';
  const { signUp } = expectData(
    await request(server.url, SignUpMutation, { input: { username, password, displayName } }),
  );
  return { id: signUp.user.id, username: signUp.user.username, token: signUp.accessToken, refreshToken: '', password };
}

const send = (from: TestUser, to: TestUser | string) =>
  request(
    server.url,
    SendFriendRequestMutation,
    { userId: typeof to === 'string' ? to : to.id },
    { token: from.token },
  );
const sendOk = async (from: TestUser, to: TestUser) => expectData(await send(from, to)).sendFriendRequest;
const accept = (viewer: TestUser, requestId: string) =>
  request(server.url, AcceptFriendRequestMutation, { requestId }, { token: viewer.token });
const decline = (viewer: TestUser, requestId: string) =>
  request(server.url, DeclineFriendRequestMutation, { requestId }, { token: viewer.token });
const cancel = (viewer: TestUser, requestId: string) =>
  request(server.url, CancelFriendRequestMutation, { requestId }, { token: viewer.token });
const removeFriend = (viewer: TestUser, other: TestUser | string) =>
  request(
    server.url,
    RemoveFriendMutation,
    { userId: typeof other === 'string' ? other : other.id },
    { token: viewer.token },
  );
const block = (viewer: TestUser, other: TestUser | string) =>
  request(
    server.url,
    BlockUserMutation,
    { userId: typeof other === 'string' ? other : other.id },
    { token: viewer.token },
  );
const unblock = (viewer: TestUser, other: TestUser | string) =>
  request(
    server.url,
    UnblockUserMutation,
    { userId: typeof other === 'string' ? other : other.id },
    { token: viewer.token },
  );

async function befriend(a: TestUser, b: TestUser): Promise<void> {
  const sent = await sendOk(a, b);
  expectData(await accept(b, sent.id));
}

/** By id: `user(username)` does not find a user who blocked the viewer, the id (a room member's) still does. */
async function statusOf(viewer: TestUser, other: TestUser): Promise<FriendshipStatus> {
  const { node } = expectData(await request(server.url, FriendshipQuery, { id: other.id }, { token: viewer.token }));
  expect(node?.id).toBe(other.id);
  return (node as { friendship: FriendshipStatus }).friendship;
}

/** [how a sees b, how b sees a] */
const statuses = (a: TestUser, b: TestUser) => Promise.all([statusOf(a, b), statusOf(b, a)]);

async function pending(viewer: TestUser) {
  const data = expectData(await request(server.url, FriendRequestsQuery, {}, { token: viewer.token }));
  return { incoming: data.incomingFriendRequests, outgoing: data.outgoingFriendRequests };
}

async function friendIds(viewer: TestUser): Promise<string[]> {
  const { friends } = expectData(await request(server.url, FriendsQuery, { first: 100 }, { token: viewer.token }));
  return friends.edges.map((edge) => edge.node.id);
}

async function search(viewer: TestUser, query: string, first = 100, after?: string) {
  const { searchUsers } = expectData(
    await request(server.url, SearchUsersQuery, { query, first, after }, { token: viewer.token }),
  );
  return searchUsers;
}
const searchNames = async (viewer: TestUser, query: string) =>
  (await search(viewer, query)).edges.map((edge) => edge.node.username);

describe('friend requests', () => {
  it('sends a request both sides can see, with statuses REQUEST_SENT and REQUEST_RECEIVED', async () => {
    const [alice, bob] = await newUsers(2);
    const sent = await sendOk(alice, bob);
    expect(sent.from.id).toBe(alice.id);
    expect(sent.to.id).toBe(bob.id);
    expect(Number.isNaN(Date.parse(sent.createdAt))).toBe(false);

    const [ofAlice, ofBob] = await Promise.all([pending(alice), pending(bob)]);
    expect(ofAlice.outgoing.map((request) => request.id)).toEqual([sent.id]);
    expect(ofAlice.incoming).toEqual([]);
    expect(ofBob.incoming).toEqual([
      {
        id: sent.id,
        createdAt: sent.createdAt,
        from: { id: alice.id, friendship: 'REQUEST_RECEIVED' },
        to: { id: bob.id, friendship: 'SELF' },
      },
    ]);
    expect(ofBob.outgoing).toEqual([]);
    expect(await statuses(alice, bob)).toEqual(['REQUEST_SENT', 'REQUEST_RECEIVED']);
  });

  it('returns the pending request when the same request is sent again', async () => {
    const [alice, bob] = await newUsers(2);
    const first = await sendOk(alice, bob);
    const again = await sendOk(alice, bob);
    expect(again).toEqual(first);
    expect((await pending(bob)).incoming).toHaveLength(1);
  });

  it('lists pending requests newest first', async () => {
    const [viewer, a, b, c] = await newUsers(4);
    for (const sender of [a, b, c]) await sendOk(sender, viewer);
    await sendOk(viewer, a); // a already asked: this makes them friends
    const { incoming } = await pending(viewer);
    expect(incoming.map((request) => request.from.id)).toEqual([c!.id, b.id]);
  });

  it('shows a request by node id to its sender and recipient only', async () => {
    const [alice, bob, eve] = await newUsers(3);
    const sent = await sendOk(alice, bob);
    for (const party of [alice, bob]) {
      const { node } = expectData(
        await request(server.url, FriendRequestNodeQuery, { id: sent.id }, { token: party.token }),
      );
      expect(node).toEqual({ id: sent.id, from: { id: alice.id }, to: { id: bob.id } });
    }
    // To anyone else it does not exist: null, or NOT_FOUND where the node query reports missing nodes.
    const forEve = await request(server.url, FriendRequestNodeQuery, { id: sent.id }, { token: eve.token });
    expect(forEve.data?.node ?? null).toBeNull();
    if (forEve.errors) expectError(forEve, 'NOT_FOUND');
  });

  it('refuses a request to yourself, to an unknown user and to a friend', async () => {
    const [alice, bob] = await newUsers(2);
    const self = expectError(await send(alice, alice), 'BAD_USER_INPUT');
    expect(self.extensions?.field).toBe('userId');
    expectError(await send(alice, UNKNOWN_USER_ID), 'NOT_FOUND');
    await befriend(alice, bob);
    expectError(await send(alice, bob), 'CONFLICT');
    expectError(await send(bob, alice), 'CONFLICT');
  });

  it('makes two users friends at once when the recipient sends a request back', async () => {
    const [alice, bob] = await newUsers(2);
    const original = await sendOk(alice, bob);
    const back = await sendOk(bob, alice);
    // The answer is the request that was pending, from alice to bob; it is now spent.
    expect(back).toEqual(original);
    expect(await statuses(alice, bob)).toEqual(['FRIENDS', 'FRIENDS']);
    for (const user of [alice, bob]) expect(await pending(user)).toEqual({ incoming: [], outgoing: [] });
    expect(await friendIds(alice)).toEqual([bob.id]);
    expect(await friendIds(bob)).toEqual([alice.id]);
  });
});

describe('accepting, declining and cancelling', () => {
  it('accepts a request: returns the new friend, and both become FRIENDS', async () => {
    const [alice, bob] = await newUsers(2);
    const sent = await sendOk(alice, bob);
    const { acceptFriendRequest } = expectData(await accept(bob, sent.id));
    expect(acceptFriendRequest).toEqual({ id: alice.id, username: alice.username, friendship: 'FRIENDS' });
    expect(await statuses(alice, bob)).toEqual(['FRIENDS', 'FRIENDS']);
    for (const user of [alice, bob]) expect(await pending(user)).toEqual({ incoming: [], outgoing: [] });
    expect(await friendIds(alice)).toEqual([bob.id]);
    expect(await friendIds(bob)).toEqual([alice.id]);
    // Spent: accepting again finds nothing.
    expectError(await accept(bob, sent.id), 'NOT_FOUND');
  });

  it('lets only the recipient accept: the sender and strangers get NOT_FOUND', async () => {
    const [alice, bob, eve] = await newUsers(3);
    const sent = await sendOk(alice, bob);
    expectError(await accept(eve, sent.id), 'NOT_FOUND');
    expectError(await accept(alice, sent.id), 'NOT_FOUND');
    expectError(await accept(bob, globalId('FriendRequest', '999999999')), 'NOT_FOUND');
    // Nothing changed.
    expect(await statuses(alice, bob)).toEqual(['REQUEST_SENT', 'REQUEST_RECEIVED']);
    expect(await statuses(eve, alice)).toEqual(['NONE', 'NONE']);
  });

  it('declines a request as its recipient', async () => {
    const [alice, bob] = await newUsers(2);
    const sent = await sendOk(alice, bob);
    expect(expectData(await decline(bob, sent.id)).declineFriendRequest).toBe(true);
    expect(await statuses(alice, bob)).toEqual(['NONE', 'NONE']);
    for (const user of [alice, bob]) expect(await pending(user)).toEqual({ incoming: [], outgoing: [] });
    expectError(await decline(bob, sent.id), 'NOT_FOUND');
    expectError(await accept(bob, sent.id), 'NOT_FOUND');
    // The sender may ask again.
    const again = await sendOk(alice, bob);
    expect(again.id).not.toBe(sent.id);
  });

  it('lets the sender withdraw a request with declineFriendRequest or cancelFriendRequest', async () => {
    const [alice, bob, carol] = await newUsers(3);
    const toBob = await sendOk(alice, bob);
    expect(expectData(await decline(alice, toBob.id)).declineFriendRequest).toBe(true);
    expect((await pending(bob)).incoming).toEqual([]);

    const toCarol = await sendOk(alice, carol);
    expect(expectData(await cancel(alice, toCarol.id)).cancelFriendRequest).toBe(true);
    expect((await pending(carol)).incoming).toEqual([]);
    expect((await pending(alice)).outgoing).toEqual([]);
    expectError(await cancel(alice, toCarol.id), 'NOT_FOUND');
  });

  it('keeps cancelFriendRequest to the sender: the recipient and strangers get NOT_FOUND', async () => {
    const [alice, bob, eve] = await newUsers(3);
    const sent = await sendOk(alice, bob);
    expectError(await cancel(bob, sent.id), 'NOT_FOUND');
    expectError(await cancel(eve, sent.id), 'NOT_FOUND');
    expectError(await decline(eve, sent.id), 'NOT_FOUND');
    expect((await pending(bob)).incoming.map((request) => request.id)).toEqual([sent.id]);
  });
});

describe('removing friends', () => {
  it('ends the friendship for both users', async () => {
    const [alice, bob] = await newUsers(2);
    await befriend(alice, bob);
    expect(expectData(await removeFriend(bob, alice)).removeFriend).toBe(true);
    expect(await statuses(alice, bob)).toEqual(['NONE', 'NONE']);
    expect(await friendIds(alice)).toEqual([]);
    expect(await friendIds(bob)).toEqual([]);
    expectError(await removeFriend(alice, bob), 'NOT_FOUND');
  });

  it('answers NOT_FOUND for someone who is not a friend', async () => {
    const [alice, bob] = await newUsers(2);
    expectError(await removeFriend(alice, bob), 'NOT_FOUND');
    expectError(await removeFriend(alice, UNKNOWN_USER_ID), 'NOT_FOUND');
    await sendOk(alice, bob);
    expectError(await removeFriend(alice, bob), 'NOT_FOUND');
    expect(await statuses(alice, bob)).toEqual(['REQUEST_SENT', 'REQUEST_RECEIVED']);
  });
});

describe('blocking', () => {
  it('shows BLOCKED to the blocker and NONE to the blocked user', async () => {
    const [alice, bob] = await newUsers(2);
    const { blockUser } = expectData(await block(alice, bob));
    expect(blockUser).toEqual({ id: bob.id, friendship: 'BLOCKED' });
    expect(await statuses(alice, bob)).toEqual(['BLOCKED', 'NONE']);
    // Both ways: each blocked the other.
    expectData(await block(bob, alice));
    expect(await statuses(alice, bob)).toEqual(['BLOCKED', 'BLOCKED']);
  });

  it('ends a friendship', async () => {
    const [alice, bob] = await newUsers(2);
    await befriend(alice, bob);
    expectData(await block(bob, alice));
    expect(await statuses(alice, bob)).toEqual(['NONE', 'BLOCKED']);
    expect(await friendIds(alice)).toEqual([]);
    expect(await friendIds(bob)).toEqual([]);
  });

  it('drops pending requests in either direction', async () => {
    const [alice, bob, carol] = await newUsers(3);
    await sendOk(bob, alice); // to the blocker
    await sendOk(alice, carol); // from the blocker
    expectData(await block(alice, bob));
    expectData(await block(alice, carol));
    for (const user of [alice, bob, carol]) expect(await pending(user)).toEqual({ incoming: [], outgoing: [] });
  });

  it('stops requests both ways, without telling the blocked user why', async () => {
    const [alice, bob] = await newUsers(2);
    expectData(await block(alice, bob));
    const fromBlocked = expectError(await send(bob, alice), 'FORBIDDEN');
    expect(fromBlocked.message).toBe('You cannot send a friend request to this user.');
    expect(fromBlocked.message.toLowerCase()).not.toContain('block');
    expectError(await send(alice, bob), 'FORBIDDEN');
    for (const user of [alice, bob]) expect(await pending(user)).toEqual({ incoming: [], outgoing: [] });
  });

  it('is idempotent, and unblocking restores NONE and lets requests through again', async () => {
    const [alice, bob] = await newUsers(2);
    await befriend(alice, bob);
    expectData(await block(alice, bob));
    expect(expectData(await block(alice, bob)).blockUser).toEqual({ id: bob.id, friendship: 'BLOCKED' });

    const { unblockUser } = expectData(await unblock(alice, bob));
    expect(unblockUser).toEqual({ id: bob.id, friendship: 'NONE' });
    expect(expectData(await unblock(alice, bob)).unblockUser).toEqual({ id: bob.id, friendship: 'NONE' });
    // Friendship does not come back by itself.
    expect(await statuses(alice, bob)).toEqual(['NONE', 'NONE']);
    await befriend(bob, alice);
    expect(await statuses(alice, bob)).toEqual(['FRIENDS', 'FRIENDS']);
  });

  it('hides the blocker from user(username) for the blocked user, as search does, until unblocked', async () => {
    const [alice, bob] = await newUsers(2);
    const lookUp = async (viewer: TestUser, other: TestUser) =>
      expectData(await request(server.url, UserByNameQuery, { username: other.username }, { token: viewer.token }))
        .user;
    expectData(await block(alice, bob));
    expect(await lookUp(bob, alice)).toBeNull();
    expect(await lookUp(alice, bob)).toEqual({ id: bob.id, friendship: 'BLOCKED' });
    expectData(await unblock(alice, bob));
    expect(await lookUp(bob, alice)).toEqual({ id: alice.id, friendship: 'NONE' });
  });

  it('refuses to block yourself or an unknown user', async () => {
    const alice = await newUser();
    expect(expectError(await block(alice, alice), 'BAD_USER_INPUT').extensions?.field).toBe('userId');
    expectError(await block(alice, UNKNOWN_USER_ID), 'NOT_FOUND');
    expectError(await unblock(alice, UNKNOWN_USER_ID), 'NOT_FOUND');
  });
});

describe('friendship status', () => {
  it('covers every state from both sides', async () => {
    const [alice, bob] = await newUsers(2);
    expect(await statusOf(alice, alice)).toBe('SELF');
    expect(await statuses(alice, bob)).toEqual(['NONE', 'NONE']);
    const sent = await sendOk(alice, bob);
    expect(await statuses(alice, bob)).toEqual(['REQUEST_SENT', 'REQUEST_RECEIVED']);
    expectData(await accept(bob, sent.id));
    expect(await statuses(alice, bob)).toEqual(['FRIENDS', 'FRIENDS']);
    expectData(await block(bob, alice));
    expect(await statuses(alice, bob)).toEqual(['NONE', 'BLOCKED']);
    expectData(await unblock(bob, alice));
    expect(await statuses(alice, bob)).toEqual(['NONE', 'NONE']);
  });

  it('is resolved for every user of a list', async () => {
    const prefix = `ls${tag()}`;
    const [viewer, friend, asked, asker, blocked, blocker, stranger] = await newUsers(7, prefix);
    await befriend(viewer, friend);
    await sendOk(viewer, asked);
    await sendOk(asker, viewer);
    expectData(await block(viewer, blocked));
    expectData(await block(blocker, viewer));
    const expected = new Map<string, FriendshipStatus>([
      [friend.id, 'FRIENDS'],
      [asked.id, 'REQUEST_SENT'],
      [asker.id, 'REQUEST_RECEIVED'],
      [blocked.id, 'BLOCKED'],
      [stranger.id, 'NONE'],
    ]);
    // One response, many users: the search leaves out the viewer and the blocker.
    const found = await search(viewer, prefix);
    expect(new Map(found.edges.map((edge) => [edge.node.id, edge.node.friendship]))).toEqual(expected);
    expect(await statusOf(viewer, viewer)).toBe('SELF');
    expect(await statusOf(viewer, blocker)).toBe('NONE');
  });

  it('costs one statement for a whole list of users, whatever its length', async () => {
    // A server of its own whose debug log counts SQL statements (one "query" line each).
    const log = new CapturedLog('debug');
    const database = await createTestDatabase();
    const app = await buildApp(
      loadConfig({
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'debug',
        JWT_SECRET: TEST_JWT_SECRET,
        DATABASE_URL: database.url,
      }),
      { logger: log.logger },
    );
    try {
      const { url } = await app.start();
      const signUp = async (username: string) => {
        const { signUp } = expectData(
          await request(url, SignUpMutation, { input: { username, password: 'correct horse battery' } }),
        );
        return { id: signUp.user.id, token: signUp.accessToken };
      };
      const viewer = await signUp('counter_viewer');
      const many = await Promise.all(Array.from({ length: 6 }, (_, i) => signUp(`many_${i}`)));
      await signUp('few_0');
      await signUp('few_1');
      // Every kind of relation in the list.
      await request(url, SendFriendRequestMutation, { userId: many[0]!.id }, { token: viewer.token });
      await request(url, SendFriendRequestMutation, { userId: viewer.id }, { token: many[1]!.token });
      await request(url, BlockUserMutation, { userId: many[2]!.id }, { token: viewer.token });

      const count = async <T>(run: () => Promise<T>) => {
        const before = log.count('query');
        const result = await run();
        return { statements: log.count('query') - before, result };
      };
      const withStatus = (query: string) =>
        count(async () => expectData(await request(url, SearchUsersQuery, { query }, { token: viewer.token })));
      const many6 = await withStatus('many_');
      const few2 = await withStatus('few_');
      const bare = await count(async () =>
        expectData(await request(url, SearchUsernamesQuery, { query: 'many_' }, { token: viewer.token })),
      );
      expect(many6.result.searchUsers.edges.map((edge) => edge.node.friendship)).toEqual([
        'REQUEST_SENT',
        'REQUEST_RECEIVED',
        'BLOCKED',
        'NONE',
        'NONE',
        'NONE',
      ]);
      expect(few2.result.searchUsers.edges).toHaveLength(2);
      expect(many6.statements).toBe(few2.statements);
      expect(many6.statements).toBe(bare.statements + 1);
    } finally {
      await app.stop();
      await database.drop();
    }
  });

  it('is NONE when nobody is signed in', async () => {
    const { signUp } = expectData(
      await request(server.url, AnonymousSignUpMutation, {
        input: { username: `anon_${tag()}`, password: 'correct horse battery' },
      }),
    );
    expect(signUp.user.friendship).toBe('NONE');
  });
});

describe('friends list', () => {
  let viewer: TestUser;
  let all: string[];
  beforeAll(async () => {
    viewer = await newUser('pager');
    const friends = await newUsers(7, 'pal');
    for (const friend of friends) await befriend(viewer, friend);
    all = friends.map((friend) => friend.id);
  });

  const page = async (variables: { first?: number; after?: string; last?: number; before?: string }) =>
    expectData(await request(server.url, FriendsQuery, variables, { token: viewer.token })).friends;

  it('pages forwards with no gaps or repeats', async () => {
    const seen: string[] = [];
    const flags: [boolean, boolean][] = [];
    let after: string | undefined;
    for (;;) {
      const friends = await page({ first: 3, after });
      seen.push(...friends.edges.map((edge) => edge.node.id));
      flags.push([friends.pageInfo.hasPreviousPage, friends.pageInfo.hasNextPage]);
      expect(friends.edges.every((edge) => edge.node.friendship === 'FRIENDS')).toBe(true);
      expect(friends.pageInfo.startCursor).toBe(friends.edges[0]?.cursor ?? null);
      expect(friends.pageInfo.endCursor).toBe(friends.edges.at(-1)?.cursor ?? null);
      if (!friends.pageInfo.hasNextPage) break;
      after = friends.pageInfo.endCursor!;
    }
    expect(flags).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort()).toEqual([...all].sort());
    // Ordered by user id.
    expect(seen).toEqual([...seen].sort((a, b) => decodeUserId(a) - decodeUserId(b)));
  });

  it('pages backwards with no gaps or repeats', async () => {
    const forwards = (await page({ first: 100 })).edges.map((edge) => edge.node.id);
    const pages: string[][] = [];
    let before: string | undefined;
    for (;;) {
      const friends = await page({ last: 3, before });
      pages.push(friends.edges.map((edge) => edge.node.id));
      if (!friends.pageInfo.hasPreviousPage) break;
      before = friends.pageInfo.startCursor!;
    }
    expect(pages.map((ids) => ids.length)).toEqual([3, 3, 1]);
    // Each page is in list order; walking back from the end and joining them rebuilds the list.
    expect(pages.reverse().flat()).toEqual(forwards);
  });

  it('answers first: 0 with no edges, and a page between two cursors', async () => {
    const empty = await page({ first: 0 });
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo.hasNextPage).toBe(true);
    const full = await page({ first: 100 });
    const middle = await page({ first: 100, after: full.edges[1]!.cursor, before: full.edges[5]!.cursor });
    expect(middle.edges.map((edge) => edge.node.id)).toEqual(full.edges.slice(2, 5).map((edge) => edge.node.id));
  });

  it('refuses out-of-range sizes and garbage cursors with BAD_USER_INPUT', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ first: -1 }, 'first'],
      [{ first: 101 }, 'first'],
      [{ last: 101 }, 'last'],
      [{ after: 'garbage' }, 'after'],
      [{ before: 'garbage' }, 'before'],
      [{ after: Buffer.from('friend:abc').toString('base64url') }, 'after'],
      [{ after: Buffer.from('search:alice').toString('base64url') }, 'after'],
    ];
    for (const [variables, field] of cases) {
      const response = await request(server.url, FriendsQuery, variables, { token: viewer.token });
      expect(expectError(response, 'BAD_USER_INPUT').extensions?.field).toBe(field);
    }
  });
});

function decodeUserId(id: string): number {
  return Number(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]);
}

describe('searching users', () => {
  it('matches a username prefix in any case, in username order', async () => {
    const prefix = `sx${tag()}`;
    const viewer = await newUser();
    const names = [`${prefix}_b`, `${prefix}_a`, `${prefix}_c`];
    for (const name of names) await signUpAs(name);
    await signUpAs(`other_${prefix}`); // contains the text but does not start with it
    expect(await searchNames(viewer, prefix.toUpperCase())).toEqual([...names].sort());
    expect(await searchNames(viewer, `  ${prefix}_A `)).toEqual([`${prefix}_a`]);
  });

  it('matches a display name prefix in any case', async () => {
    const word = `Zed${tag()}`;
    const viewer = await newUser();
    const match = await signUpAs(`dn_${tag()}`, `${word} Smith`);
    await signUpAs(`dn_${tag()}`, `Mr ${word}`);
    const result = await search(viewer, `${word.toLowerCase()} sMITH`);
    expect(result.edges.map((edge) => edge.node)).toEqual([
      { id: match.id, username: match.username, displayName: `${word} Smith`, friendship: 'NONE' },
    ]);
    expect(await searchNames(viewer, word.toUpperCase())).toEqual([match.username]);
  });

  it('treats %, _ and \\ in the query literally', async () => {
    const word = `w${tag()}`;
    const viewer = await newUser();
    const underscore = await signUpAs(`${word}_x`);
    const letter = await signUpAs(`${word}ax`);
    const percent = await signUpAs(`p_${tag()}`, `${word}% off`);
    const plain = await signUpAs(`p_${tag()}`, `${word}0 off`);
    const backslash = await signUpAs(`p_${tag()}`, `${word}\\off`);
    expect(await searchNames(viewer, word)).toHaveLength(5);
    expect(await searchNames(viewer, `${word}_`)).toEqual([underscore.username]);
    expect(await searchNames(viewer, `${word}%`)).toEqual([percent.username]);
    expect(await searchNames(viewer, `${word}\\`)).toEqual([backslash.username]);
    expect(await searchNames(viewer, `${word}a`)).toEqual([letter.username]);
    expect(await searchNames(viewer, `${word}0`)).toEqual([plain.username]);
    expect(await searchNames(viewer, '%')).toEqual([]);
  });

  it('leaves out users who blocked the viewer, and the viewer; keeps users the viewer blocked', async () => {
    const prefix = `bx${tag()}`;
    const viewer = await signUpAs(`${prefix}_me`);
    const blocker = await signUpAs(`${prefix}_blocker`);
    const blocked = await signUpAs(`${prefix}_blocked`);
    const friend = await signUpAs(`${prefix}_friend`);
    await befriend(viewer, friend);
    expectData(await block(blocker, viewer));
    expectData(await block(viewer, blocked));
    const result = await search(viewer, prefix);
    expect(result.edges.map((edge) => [edge.node.username, edge.node.friendship])).toEqual([
      [blocked.username, 'BLOCKED'],
      [friend.username, 'FRIENDS'],
    ]);
    // The blocker still finds the viewer.
    expect(await searchNames(blocker, prefix)).toEqual([blocked.username, friend.username, viewer.username]);
  });

  it('pages by username with no gaps or repeats', async () => {
    const prefix = `px${tag()}`;
    const viewer = await newUser();
    const names = Array.from({ length: 5 }, (_, i) => `${prefix}_${i}`);
    for (const name of names) await signUpAs(name);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const result = await search(viewer, prefix, 2, after);
      seen.push(...result.edges.map((edge) => edge.node.username));
      expect(result.pageInfo.hasPreviousPage).toBe(after !== undefined);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor!;
    }
    expect(seen).toEqual(names);
  });

  it('refuses an empty or overlong query and foreign cursors with BAD_USER_INPUT', async () => {
    const viewer = await newUser();
    for (const query of ['', '   ', 'x'.repeat(65), 'a\u0000b', 'a\nb']) {
      const response = await request(server.url, SearchUsersQuery, { query }, { token: viewer.token });
      expect(expectError(response, 'BAD_USER_INPUT').extensions?.field).toBe('query');
    }
    expectData(await request(server.url, SearchUsersQuery, { query: 'x'.repeat(64) }, { token: viewer.token }));
    for (const after of ['garbage', Buffer.from('friend:1').toString('base64url')]) {
      const response = await request(server.url, SearchUsersQuery, { query: 'a', after }, { token: viewer.token });
      expect(expectError(response, 'BAD_USER_INPUT').extensions?.field).toBe('after');
    }
    for (const first of [-1, 101]) {
      const response = await request(server.url, SearchUsersQuery, { query: 'a', first }, { token: viewer.token });
      expect(expectError(response, 'BAD_USER_INPUT').extensions?.field).toBe('first');
    }
  });
});

describe('input and authentication', () => {
  it('refuses malformed and wrongly typed ids with BAD_USER_INPUT naming the argument', async () => {
    const [alice, bob] = await newUsers(2);
    const sent = await sendOk(alice, bob);
    const badUserIds = ['', 'garbage', globalId('User', 'abc'), globalId('Room', '1'), sent.id];
    for (const userId of badUserIds) {
      for (const response of [
        await send(alice, userId),
        await removeFriend(alice, userId),
        await block(alice, userId),
      ]) {
        expect(expectError(response, 'BAD_USER_INPUT').extensions?.field).toBe('userId');
      }
      expect(expectError(await unblock(alice, userId), 'BAD_USER_INPUT').extensions?.field).toBe('userId');
    }
    for (const requestId of ['garbage', globalId('Message', '1'), bob.id]) {
      for (const response of [
        await accept(bob, requestId),
        await decline(bob, requestId),
        await cancel(alice, requestId),
      ]) {
        expect(expectError(response, 'BAD_USER_INPUT').extensions?.field).toBe('requestId');
      }
    }
  });

  it('requires a signed-in user for every friends query and mutation', async () => {
    const [alice, bob] = await newUsers(2);
    const sent = await sendOk(alice, bob);
    const anonymous: GraphQLResponse<unknown>[] = [
      await request(server.url, SendFriendRequestMutation, { userId: bob.id }),
      await request(server.url, AcceptFriendRequestMutation, { requestId: sent.id }),
      await request(server.url, DeclineFriendRequestMutation, { requestId: sent.id }),
      await request(server.url, CancelFriendRequestMutation, { requestId: sent.id }),
      await request(server.url, RemoveFriendMutation, { userId: bob.id }),
      await request(server.url, BlockUserMutation, { userId: bob.id }),
      await request(server.url, UnblockUserMutation, { userId: bob.id }),
      await request(server.url, FriendsQuery, {}),
      await request(server.url, SearchUsersQuery, { query: 'a' }),
      await request(server.url, FriendRequestsQuery),
      await request(server.url, FriendRequestNodeQuery, { id: sent.id }),
    ];
    for (const response of anonymous) {
      // Both list fields of FriendRequestsQuery fail; every error must be UNAUTHENTICATED.
      expect(response.errors?.length).toBeGreaterThan(0);
      expect(new Set(response.errors!.map((error) => error.extensions?.code))).toEqual(new Set(['UNAUTHENTICATED']));
    }
    // Nothing happened.
    expect(await statuses(alice, bob)).toEqual(['REQUEST_SENT', 'REQUEST_RECEIVED']);
  });
});

describe('concurrency', () => {
  it('leaves one pending request after 10 concurrent identical requests', async () => {
    const [alice, bob] = await newUsers(2);
    const results = await Promise.all(Array.from({ length: 10 }, () => send(alice, bob)));
    const ids = new Set(results.map((result) => expectData(result).sendFriendRequest.id));
    expect(ids.size).toBe(1);
    expect((await pending(bob)).incoming.map((request) => request.id)).toEqual([...ids]);
    expect((await pending(alice)).outgoing.map((request) => request.id)).toEqual([...ids]);
  });

  it('makes friends, with no request left, of two users asking each other at the same time', async () => {
    const pairs = await Promise.all(Array.from({ length: 5 }, () => newUsers(2)));
    await Promise.all(pairs.map(([a, b]) => Promise.all([sendOk(a, b), sendOk(b, a)])));
    for (const [a, b] of pairs) {
      expect(await statuses(a, b)).toEqual(['FRIENDS', 'FRIENDS']);
      for (const user of [a, b!]) expect(await pending(user)).toEqual({ incoming: [], outgoing: [] });
    }
  });

  it('ends blocked, with no friendship or request, when a block races an accept', async () => {
    const pairs = await Promise.all(Array.from({ length: 5 }, () => newUsers(2)));
    await Promise.all(
      pairs.map(async ([a, b]) => {
        const sent = await sendOk(a, b);
        // The accept may lose the race (NOT_FOUND); the block always wins in the end.
        await Promise.all([accept(b, sent.id), block(a, b)]);
      }),
    );
    for (const [a, b] of pairs) {
      expect(await statuses(a, b)).toEqual(['BLOCKED', 'NONE']);
      expect(await friendIds(a)).toEqual([]);
      for (const user of [a, b!]) expect(await pending(user)).toEqual({ incoming: [], outgoing: [] });
    }
  });
});
