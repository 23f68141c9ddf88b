import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createGroup, openDirectRoom } from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';

// The mutations that answer with what changed (for normalised caches), successors of the ones that
// answer `true`: the same rules as their predecessors, and the same rate limits.

const AskFriend = graphql(`
  mutation PayloadAskFriend($userId: ID!) {
    sendFriendRequest(userId: $userId) {
      id
    }
  }
`);

const RejectRequest = graphql(`
  mutation PayloadRejectRequest($requestId: ID!) {
    rejectFriendRequest(requestId: $requestId) {
      removedRequestId
      user {
        id
        friendship
      }
    }
  }
`);

const WithdrawRequest = graphql(`
  mutation PayloadWithdrawRequest($requestId: ID!) {
    withdrawFriendRequest(requestId: $requestId) {
      removedRequestId
      user {
        id
        friendship
      }
    }
  }
`);

const Requests = graphql(`
  query PayloadRequests {
    incomingFriendRequests {
      id
    }
    outgoingFriendRequests {
      id
    }
  }
`);

const Unfriend = graphql(`
  mutation PayloadUnfriend($userId: ID!) {
    unfriend(userId: $userId) {
      user {
        id
        friendship
      }
    }
  }
`);

const Block = graphql(`
  mutation PayloadBlock($userId: ID!) {
    blockUser(userId: $userId) {
      id
    }
  }
`);

const Friends = graphql(`
  query PayloadFriends {
    friends(first: 100) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const LeaveGroupRoom = graphql(`
  mutation PayloadLeaveGroupRoom($roomId: ID!) {
    leaveGroupRoom(roomId: $roomId) {
      removedRoomId
    }
  }
`);

const Room = graphql(`
  query PayloadRoom($id: ID!) {
    room(id: $id) {
      id
      members {
        id
      }
    }
  }
`);

const LogIn = graphql(`
  mutation PayloadLogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
    }
  }
`);

const Sessions = graphql(`
  query PayloadSessions {
    sessions {
      id
      current
    }
  }
`);

const EndSession = graphql(`
  mutation PayloadEndSession($sessionId: ID!) {
    endSession(sessionId: $sessionId) {
      removedSessionId
    }
  }
`);

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(() => server?.stop());

const signUp = (prefix: string) => signUpUser(server.url, prefix);

async function askFriend(from: TestUser, to: TestUser): Promise<string> {
  return expectData(await request(server.url, AskFriend, { userId: to.id }, { token: from.token })).sendFriendRequest
    .id;
}

describe('rejectFriendRequest', () => {
  it('removes the request for the recipient or the sender, answering its id and the other user', async () => {
    const [alice, bob, carol] = await Promise.all([signUp('reject'), signUp('reject'), signUp('reject')]);
    const request1 = await askFriend(alice, bob);
    expectError(await request(server.url, RejectRequest, { requestId: request1 }, { token: carol.token }), 'NOT_FOUND');
    expectError(await request(server.url, RejectRequest, { requestId: request1 }), 'UNAUTHENTICATED');

    const rejected = expectData(
      await request(server.url, RejectRequest, { requestId: request1 }, { token: bob.token }),
    ).rejectFriendRequest;
    expect(rejected).toEqual({ removedRequestId: request1, user: { id: alice.id, friendship: 'NONE' } });
    const left = expectData(await request(server.url, Requests, {}, { token: bob.token }));
    expect(left.incomingFriendRequests).toEqual([]);
    expectError(await request(server.url, RejectRequest, { requestId: request1 }, { token: bob.token }), 'NOT_FOUND');

    // As declineFriendRequest: its sender may take it back this way too.
    const request2 = await askFriend(alice, carol);
    const withdrawn = expectData(
      await request(server.url, RejectRequest, { requestId: request2 }, { token: alice.token }),
    ).rejectFriendRequest;
    expect(withdrawn).toEqual({ removedRequestId: request2, user: { id: carol.id, friendship: 'NONE' } });
  });
});

describe('withdrawFriendRequest', () => {
  it('lets only the sender withdraw, answering the request id and the recipient', async () => {
    const [alice, bob, carol] = await Promise.all([signUp('withdraw'), signUp('withdraw'), signUp('withdraw')]);
    const requestId = await askFriend(alice, bob);
    expectError(await request(server.url, WithdrawRequest, { requestId }, { token: bob.token }), 'NOT_FOUND');
    expectError(await request(server.url, WithdrawRequest, { requestId }, { token: carol.token }), 'NOT_FOUND');

    const withdrawn = expectData(
      await request(server.url, WithdrawRequest, { requestId }, { token: alice.token }),
    ).withdrawFriendRequest;
    expect(withdrawn).toEqual({ removedRequestId: requestId, user: { id: bob.id, friendship: 'NONE' } });
    expect(expectData(await request(server.url, Requests, {}, { token: alice.token })).outgoingFriendRequests).toEqual(
      [],
    );
  });
});

describe('unfriend', () => {
  it('ends a friendship, answering the former friend as NONE; strangers and blocked users get NOT_FOUND', async () => {
    const [alice, bob, carol, dave] = await Promise.all([
      signUp('unfriend'),
      signUp('unfriend'),
      signUp('unfriend'),
      signUp('unfriend'),
    ]);
    await Promise.all([makeFriends(server.url, alice, bob), makeFriends(server.url, carol, dave)]);
    expectError(await request(server.url, Unfriend, { userId: bob.id }, { token: carol.token }), 'NOT_FOUND');
    expectError(await request(server.url, Unfriend, { userId: bob.id }), 'UNAUTHENTICATED');

    const ended = expectData(await request(server.url, Unfriend, { userId: bob.id }, { token: alice.token })).unfriend;
    expect(ended).toEqual({ user: { id: bob.id, friendship: 'NONE' } });
    const friendsOfBob = expectData(await request(server.url, Friends, {}, { token: bob.token })).friends.edges;
    expect(friendsOfBob).toEqual([]);
    expectError(await request(server.url, Unfriend, { userId: alice.id }, { token: bob.token }), 'NOT_FOUND');

    // A block ends the friendship: the blocked user has no friend left to unfriend.
    expectData(await request(server.url, Block, { userId: dave.id }, { token: carol.token }));
    expectError(await request(server.url, Unfriend, { userId: carol.id }, { token: dave.token }), 'NOT_FOUND');
  });
});

describe('leaveGroupRoom', () => {
  it("leaves a group room, answering the room's id; non-members get NOT_FOUND, direct rooms FORBIDDEN", async () => {
    const [owner, member, stranger] = await Promise.all([signUp('leave'), signUp('leave'), signUp('leave')]);
    await makeFriends(server.url, owner, member);
    const roomId = await createGroup(server.url, owner, [member], 'to leave');
    const directId = await openDirectRoom(server.url, owner, member);
    expectError(await request(server.url, LeaveGroupRoom, { roomId }, { token: stranger.token }), 'NOT_FOUND');
    expectError(await request(server.url, LeaveGroupRoom, { roomId: directId }, { token: member.token }), 'FORBIDDEN');
    expectError(await request(server.url, LeaveGroupRoom, { roomId }), 'UNAUTHENTICATED');

    const left = expectData(await request(server.url, LeaveGroupRoom, { roomId }, { token: member.token }));
    expect(left.leaveGroupRoom).toEqual({ removedRoomId: roomId });
    expectError(await request(server.url, Room, { id: roomId }, { token: member.token }), 'NOT_FOUND');
    const room = expectData(await request(server.url, Room, { id: roomId }, { token: owner.token })).room;
    expect(room?.members.map((user) => user.id)).toEqual([owner.id]);
    expectError(await request(server.url, LeaveGroupRoom, { roomId }, { token: member.token }), 'NOT_FOUND');
  });
});

describe('endSession', () => {
  it("ends one of your sessions, answering its id; another user's session is NOT_FOUND", async () => {
    const [user, other] = await Promise.all([signUp('endsess'), signUp('endsess')]);
    const phone = expectData(
      await request(server.url, LogIn, { input: { username: user.username, password: user.password } }),
    ).logIn.accessToken;
    const phoneSession = expectData(await request(server.url, Sessions, {}, { token: phone })).sessions.find(
      (session) => session.current,
    )!.id;
    expectError(
      await request(server.url, EndSession, { sessionId: phoneSession }, { token: other.token }),
      'NOT_FOUND',
    );
    expectError(await request(server.url, EndSession, { sessionId: phoneSession }), 'UNAUTHENTICATED');
    expectData(await request(server.url, Sessions, {}, { token: phone }));

    const ended = expectData(await request(server.url, EndSession, { sessionId: phoneSession }, { token: user.token }));
    expect(ended.endSession).toEqual({ removedSessionId: phoneSession });
    expectError(await request(server.url, Sessions, {}, { token: phone }), 'UNAUTHENTICATED');
    const left = expectData(await request(server.url, Sessions, {}, { token: user.token })).sessions;
    expect(left.map((session) => session.id)).not.toContain(phoneSession);
    expectError(await request(server.url, EndSession, { sessionId: phoneSession }, { token: user.token }), 'NOT_FOUND');
  });
});

describe('rate limits of the payload mutations', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startServer({ env: { RATE_LIMITS: 'write=2/1h,signUp=1000000/1s' } });
  });
  afterAll(() => limited?.stop());

  // Ids that name nothing: each call is refused (NOT_FOUND) yet spends the caller's `write` budget,
  // as the deprecated mutations do.
  const none = (typename: string) => Buffer.from(`${typename}:999999999`).toString('base64url');
  const calls = {
    rejectFriendRequest: (token: string) =>
      request(limited.url, RejectRequest, { requestId: none('FriendRequest') }, { token }),
    withdrawFriendRequest: (token: string) =>
      request(limited.url, WithdrawRequest, { requestId: none('FriendRequest') }, { token }),
    unfriend: (token: string) => request(limited.url, Unfriend, { userId: none('User') }, { token }),
    leaveGroupRoom: (token: string) => request(limited.url, LeaveGroupRoom, { roomId: none('Room') }, { token }),
    endSession: (token: string) =>
      request(limited.url, EndSession, { sessionId: '00000000-0000-4000-8000-000000000000' }, { token }),
  };

  it.each(Object.entries(calls))('%s spends the write budget', async (_name, call) => {
    const user = await signUpUser(limited.url, 'limit');
    expectError(await call(user.token), 'NOT_FOUND');
    expectError(await call(user.token), 'NOT_FOUND');
    const refused = expectError(await call(user.token), 'RATE_LIMITED');
    expect(refused.extensions?.retryAfter).toBeGreaterThan(0);
  });
});
