import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import {
  CreateRoomMutation as CreateGroup,
  createGroup,
  openDirectRoom,
  SendMessageMutation,
  sendMessage,
} from './helpers/chat.js';
import { postgresUrl } from './helpers/database.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { SignUpMutation, signUpUser, type TestUser } from './helpers/users.js';
import { connect, connected, nextClose } from './helpers/ws.js';

// deleteAccount (DESIGN "Contract, round 2"): every session ends, the username logs in no more, and
// nothing others hold goes: messages stay in their rooms, their sender shown as a deleted user.

const DeleteAccount = graphql(`
  mutation DeleteAccount($password: String!) {
    deleteAccount(password: $password)
  }
`);

const LogIn = graphql(`
  mutation DeleteAccountLogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
      refreshToken
    }
  }
`);

const Refresh = graphql(`
  mutation DeleteAccountRefresh($input: RefreshTokenInput!) {
    refreshToken(input: $input) {
      accessToken
    }
  }
`);

const Me = graphql(`
  query DeleteAccountMe {
    me {
      id
    }
  }
`);

const RoomView = graphql(`
  query DeleteAccountRoom($id: ID!) {
    room(id: $id) {
      members {
        id
        username
        displayName
        deletedAt
      }
      messages(last: 20) {
        edges {
          node {
            id
            body
            sender {
              id
              username
              displayName
              deletedAt
              friendship
            }
            mentions {
              id
              displayName
              deletedAt
            }
            reactions {
              emoji
              users(first: 10) {
                edges {
                  node {
                    id
                    displayName
                    deletedAt
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

const MessageSender = graphql(`
  query DeleteAccountMessageSender($id: ID!) {
    node(id: $id) {
      ... on Message {
        sender {
          id
          username
          displayName
          deletedAt
        }
      }
    }
  }
`);

const SearchMessages = graphql(`
  query DeleteAccountSearchMessages($query: String!) {
    searchMessages(query: $query) {
      edges {
        node {
          id
          sender {
            id
            username
            displayName
            deletedAt
          }
        }
      }
    }
  }
`);

const LookUps = graphql(`
  query DeleteAccountLookUps($id: ID!, $username: String!, $query: String!) {
    user(username: $username) {
      id
    }
    searchUsers(query: $query) {
      edges {
        node {
          id
        }
      }
    }
    node(id: $id) {
      id
    }
  }
`);

const SearchUsers = graphql(`
  query DeleteAccountSearchUsers($query: String!) {
    searchUsers(query: $query) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const Relations = graphql(`
  query DeleteAccountRelations {
    friends(first: 50) {
      edges {
        node {
          id
        }
      }
    }
    incomingFriendRequests {
      id
    }
    outgoingFriendRequests {
      id
    }
  }
`);

const SendFriendRequest = graphql(`
  mutation DeleteAccountSendFriendRequest($userId: ID!) {
    sendFriendRequest(userId: $userId) {
      id
    }
  }
`);

const Block = graphql(`
  mutation DeleteAccountBlock($userId: ID!) {
    blockUser(userId: $userId) {
      id
      friendship
    }
  }
`);

const AddReaction = graphql(`
  mutation DeleteAccountAddReaction($messageId: ID!, $emoji: String!) {
    addReaction(messageId: $messageId, emoji: $emoji) {
      id
    }
  }
`);

const RoomRoles = graphql(`
  query DeletedOwnerRoomRoles($id: ID!) {
    room(id: $id) {
      memberships {
        edges {
          node {
            role
            user {
              id
            }
          }
        }
      }
    }
  }
`);

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

const deleteAccount = (user: TestUser, password = user.password, token = user.token) =>
  request(server.url, DeleteAccount, { password }, { token });

const logIn = (username: string, password: string) => request(server.url, LogIn, { input: { username, password } });

/** One new user per prefix, in order. */
const signUpUsers = <const P extends string[]>(...prefixes: P) =>
  Promise.all(prefixes.map((prefix) => signUpUser(server.url, prefix))) as Promise<{ [K in keyof P]: TestUser }>;

async function roomSeenBy(viewer: TestUser, roomId: string) {
  return expectData(await request(server.url, RoomView, { id: roomId }, { token: viewer.token })).room!;
}

/** What a deleted account shows wherever it still appears: nothing of who it was. */
function expectDeletedUser(user: { id: string; username?: string; displayName: string; deletedAt?: string | null }) {
  expect(user.displayName).toBe('Deleted user');
  expect(user.deletedAt).toEqual(expect.any(String));
  if (user.username !== undefined) expect(user.username).toMatch(/^deleted-\d+$/);
}

describe('deleteAccount', () => {
  it('refuses a wrong password with BAD_USER_INPUT naming password, and deletes nothing', async () => {
    const user = await signUpUser(server.url, 'wrongpw');
    const refused = expectError(await deleteAccount(user, 'not my password'), 'BAD_USER_INPUT');
    expect(refused.extensions?.field).toBe('password');
    const tooLong = expectError(await deleteAccount(user, 'x'.repeat(257)), 'BAD_USER_INPUT');
    expect(tooLong.extensions?.field).toBe('password');
    expectData(await request(server.url, Me, {}, { token: user.token }));
    expectData(await logIn(user.username, user.password));
    expectError(await request(server.url, DeleteAccount, { password: user.password }), 'UNAUTHENTICATED');
  });

  it('ends every session: tokens stop working, open sockets close, a second call is UNAUTHENTICATED', async () => {
    const user = await signUpUser(server.url, 'ends');
    const other = expectData(await logIn(user.username, user.password)).logIn;
    const socket = connect(server.wsUrl, other.accessToken);
    try {
      await connected(socket);
      const closed = nextClose(socket);
      expect(expectData(await deleteAccount(user)).deleteAccount).toBe(true);
      expect(await closed).toBe(4403);
      for (const token of [user.token, other.accessToken]) {
        expectError(await request(server.url, Me, {}, { token }), 'UNAUTHENTICATED');
      }
      for (const refreshToken of [user.refreshToken, other.refreshToken]) {
        expectError(await request(server.url, Refresh, { input: { refreshToken } }), 'UNAUTHENTICATED');
      }
      expectError(await deleteAccount(user), 'UNAUTHENTICATED');
      expectError(await deleteAccount(user, user.password, other.accessToken), 'UNAUTHENTICATED');
    } finally {
      await socket.dispose();
    }
  });

  it('leaves the username unusable: logIn fails as a wrong password does, and signUp finds it taken', async () => {
    const [user, live] = await Promise.all([signUpUser(server.url, 'gone'), signUpUser(server.url, 'live')]);
    expectData(await deleteAccount(user));
    const deleted = expectError(await logIn(user.username, user.password), 'UNAUTHENTICATED');
    const wrongPassword = expectError(await logIn(live.username, 'not the password'), 'UNAUTHENTICATED');
    const unknown = expectError(await logIn('nobody_ever_here', user.password), 'UNAUTHENTICATED');
    expect(deleted).toEqual(wrongPassword);
    expect(deleted).toEqual(unknown);
    // Reserved: whoever took it could pass for the author of the deleted account's messages.
    const input = { username: user.username.toUpperCase(), password: 'a new password' };
    expectError(await request(server.url, SignUpMutation, { input }), 'CONFLICT');
    expectError(await logIn(user.username, 'a new password'), 'UNAUTHENTICATED');
  });

  it('keeps a direct room readable to the other side, sent by a deleted user, and closed to new messages', async () => {
    const [alice, bob] = await Promise.all([signUpUser(server.url, 'alice'), signUpUser(server.url, 'bob')]);
    await makeFriends(server.url, alice, bob);
    const roomId = await openDirectRoom(server.url, bob, alice);
    await sendMessage(server.url, alice, roomId, 'hello from alice');
    await sendMessage(server.url, bob, roomId, 'hello back');
    expectData(await deleteAccount(alice));

    const room = await roomSeenBy(bob, roomId);
    const [fromAlice, fromBob] = room.messages.edges.map((edge) => edge.node);
    expect(fromAlice!.body).toBe('hello from alice');
    expect(fromAlice!.sender.id).toBe(alice.id);
    expectDeletedUser(fromAlice!.sender);
    expect(fromAlice!.sender.username).not.toContain(alice.username);
    expect(fromAlice!.sender.friendship).toBe('NONE');
    expect(fromBob!.sender.deletedAt).toBeNull();
    expect(room.members.map((member) => member.id).sort()).toEqual([alice.id, bob.id].sort());
    expectDeletedUser(room.members.find((member) => member.id === alice.id)!);

    const input = { roomId, body: 'anyone there?' };
    expectError(await request(server.url, SendMessageMutation, { input }, { token: bob.token }), 'FORBIDDEN');
  });

  it('leaves group rooms: the messages stay, their sender deleted, and the member list loses the user', async () => {
    const [carol, alice, bob] = await signUpUsers('carol', 'alice', 'bob');
    await makeFriends(server.url, carol, alice);
    await makeFriends(server.url, carol, bob);
    const roomId = await createGroup(server.url, carol, [alice, bob]);
    const sent = await sendMessage(server.url, alice, roomId, 'alice was here');
    expectData(await deleteAccount(alice));

    for (const viewer of [carol, bob]) {
      const room = await roomSeenBy(viewer, roomId);
      expect(room.members.map((member) => member.id).sort()).toEqual([carol.id, bob.id].sort());
      const message = room.messages.edges.map((edge) => edge.node).find((node) => node.id === sent.id)!;
      expect(message.body).toBe('alice was here');
      expect(message.sender.id).toBe(alice.id);
      expectDeletedUser(message.sender);
    }
    // Still a group the others can talk in.
    await sendMessage(server.url, bob, roomId, 'carry on');
  });

  it('hands a group the deleted user owned to its oldest remaining member', async () => {
    const [owner, first, second] = await signUpUsers('owner', 'first', 'second');
    await makeFriends(server.url, owner, first);
    await makeFriends(server.url, owner, second);
    const roomId = await createGroup(server.url, owner, [first, second]);
    expectData(await deleteAccount(owner));
    const roles = async (viewer: TestUser) =>
      expectData(await request(server.url, RoomRoles, { id: roomId }, { token: viewer.token })).room!;
    const seen = await roles(first);
    const owners = seen.memberships.edges.filter((edge) => edge.node.role === 'OWNER');
    expect(owners.map((edge) => edge.node.user.id)).toHaveLength(1);
    expect(seen.memberships.edges.map((edge) => edge.node.user.id)).not.toContain(owner.id);
    expect([first.id, second.id]).toContain(owners[0]!.node.user.id);
  });

  it('shows the deleted user alike everywhere: history, search, reactions, mentions, a message by id', async () => {
    const [dora, eve] = await Promise.all([signUpUser(server.url, 'dora'), signUpUser(server.url, 'eve')]);
    await makeFriends(server.url, dora, eve);
    const roomId = await openDirectRoom(server.url, eve, dora);
    const word = `zebra${Date.now()}`;
    const doras = await sendMessage(server.url, dora, roomId, `${word} from dora`);
    const eves = await sendMessage(server.url, eve, roomId, `@${dora.username} look`);
    expectData(await request(server.url, AddReaction, { messageId: eves.id, emoji: '👍' }, { token: dora.token }));
    expectData(await deleteAccount(dora));

    const room = await roomSeenBy(eve, roomId);
    const mention = room.messages.edges.find((edge) => edge.node.id === eves.id)!.node;
    expect(mention.mentions.map((user) => user.id)).toEqual([dora.id]);
    expectDeletedUser(mention.mentions[0]!);
    const reactors = mention.reactions[0]!.users.edges.map((edge) => edge.node);
    expect(reactors.map((user) => user.id)).toEqual([dora.id]);
    expectDeletedUser(reactors[0]!);

    const searched = expectData(await request(server.url, SearchMessages, { query: word }, { token: eve.token }));
    const hit = searched.searchMessages.edges.map((edge) => edge.node).find((node) => node.id === doras.id)!;
    expectDeletedUser(hit.sender);

    const byId = expectData(await request(server.url, MessageSender, { id: doras.id }, { token: eve.token }));
    const node = byId.node as { sender: { id: string; username: string; displayName: string; deletedAt: string } };
    expect(node.sender.id).toBe(dora.id);
    expectDeletedUser(node.sender);
  });

  it('is found by no look-up: user(username), node(id), searchUsers', async () => {
    const [gone, seeker] = await Promise.all([signUpUser(server.url, 'lookme'), signUpUser(server.url, 'seeker')]);
    const variables = { id: gone.id, username: gone.username, query: gone.username };
    const before = expectData(await request(server.url, LookUps, variables, { token: seeker.token }));
    expect(before.user?.id).toBe(gone.id);
    expect(before.searchUsers.edges.map((edge) => edge.node.id)).toEqual([gone.id]);
    expectData(await deleteAccount(gone));

    const after = await request(server.url, LookUps, variables, { token: seeker.token });
    // node(id) answers NOT_FOUND as for an id never used; the other fields still answer.
    expectError(after, 'NOT_FOUND');
    expect(after.data?.user ?? null).toBeNull();
    for (const query of [gone.username, 'Deleted user', 'deleted']) {
      const found = expectData(await request(server.url, SearchUsers, { query }, { token: seeker.token }));
      expect(found.searchUsers.edges.map((edge) => edge.node.id)).not.toContain(gone.id);
    }
  });

  it('removes friendships, friend requests and blocks, both ways; no new ones can be made', async () => {
    const [gone, friend, asked, asker, blocked, blocker] = await signUpUsers(
      'gone',
      'friend',
      'asked',
      'asker',
      'blocked',
      'blocker',
    );
    await makeFriends(server.url, gone, friend);
    await makeFriends(server.url, friend, blocker);
    expectData(await request(server.url, SendFriendRequest, { userId: asked.id }, { token: gone.token }));
    expectData(await request(server.url, SendFriendRequest, { userId: gone.id }, { token: asker.token }));
    expectData(await request(server.url, Block, { userId: blocked.id }, { token: gone.token }));
    // The blocker shares a group room with the deleted user, where their messages stay visible.
    const roomId = await createGroup(server.url, friend, [gone, blocker]);
    await sendMessage(server.url, gone, roomId, 'before the block');
    const blockedAt = expectData(await request(server.url, Block, { userId: gone.id }, { token: blocker.token }));
    expect(blockedAt.blockUser.friendship).toBe('BLOCKED');
    expectData(await deleteAccount(gone));

    const relations = async (user: TestUser) =>
      expectData(await request(server.url, Relations, {}, { token: user.token }));
    expect((await relations(friend)).friends.edges.map((edge) => edge.node.id)).not.toContain(gone.id);
    expect((await relations(asked)).incomingFriendRequests).toEqual([]);
    expect((await relations(asker)).outgoingFriendRequests).toEqual([]);
    const seenByBlocker = (await roomSeenBy(blocker, roomId)).messages.edges.map((edge) => edge.node.sender);
    expect(seenByBlocker.find((sender) => sender.id === gone.id)?.friendship).toBe('NONE');

    for (const user of [friend, blocked, blocker]) {
      const ask = await request(server.url, SendFriendRequest, { userId: gone.id }, { token: user.token });
      expectError(ask, 'NOT_FOUND');
      expectError(await request(server.url, Block, { userId: gone.id }, { token: user.token }), 'NOT_FOUND');
    }
  });
});

const AddToRoom = graphql(`
  mutation DeletedJoinerAdd($roomId: ID!, $userIds: [ID!]!) {
    addRoomMembers(roomId: $roomId, userIds: $userIds) {
      id
    }
  }
`);

const RoomMembers = graphql(`
  query DeletedJoinerMembers($id: ID!) {
    room(id: $id) {
      members {
        id
      }
    }
  }
`);

// Only PostgreSQL runs transactions at once; PGlite runs them one after another.
describe.runIf(postgresUrl)('deleteAccount racing room joins, on PostgreSQL', () => {
  it('leaves the deleted user in no group room, however the joins and the deletion interleave', async () => {
    for (let run = 0; run < 3; run++) {
      const [gone, friend] = await signUpUsers('gone', 'friend');
      await makeFriends(server.url, gone, friend);
      const rooms = await Promise.all(
        Array.from({ length: 8 }, (_, i) => createGroup(server.url, friend, [], `r${i}`)),
      );
      const adds = rooms.map((roomId) =>
        request(server.url, AddToRoom, { roomId, userIds: [gone.id] }, { token: friend.token }),
      );
      // Gone's own second tab creating a room with the friend, at the same moment.
      const create = request(
        server.url,
        CreateGroup,
        { input: { name: 'mine', memberIds: [friend.id] } },
        { token: gone.token },
      );
      expectData(await deleteAccount(gone));
      await Promise.all([...adds, create]);
      for (const roomId of rooms) {
        const { room } = expectData(await request(server.url, RoomMembers, { id: roomId }, { token: friend.token }));
        expect(room!.members.map((member) => member.id)).not.toContain(gone.id);
      }
      const mine = await create;
      if (mine.data?.createRoom) {
        const { room } = expectData(
          await request(server.url, RoomMembers, { id: mine.data.createRoom.id }, { token: friend.token }),
        );
        expect(room!.members.map((member) => member.id)).toEqual([friend.id]);
      }
    }
  });
});
