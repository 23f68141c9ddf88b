import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import type {
  MessagesBackwardQuery,
  MessagesForwardQuery,
  MessagesForwardQueryVariables,
  RoomsQueryVariables,
} from './gql/graphql.js';
import { expectData, expectError, request } from './helpers/client.js';
import {
  CreateRoomMutation,
  OpenDirectRoomMutation,
  SendMessageMutation,
  createGroup,
  openDirectRoom,
  sendMessage,
} from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';

const MakeAdminMutation = graphql(`
  mutation MakeAdmin($roomId: ID!, $userId: ID!) {
    setRoomMemberRole(roomId: $roomId, userId: $userId, role: ADMIN) {
      id
    }
  }
`);

const RoomQuery = graphql(`
  query RoomById($id: ID!) {
    room(id: $id) {
      id
      kind
      name
      unreadCount
      members {
        id
      }
      lastMessage {
        id
        body
      }
    }
  }
`);

const RoomWithPageQuery = graphql(`
  query RoomWithPage($id: ID!) {
    room(id: $id) {
      id
      kind
      name
      createdAt
      messages(last: 5) {
        edges {
          node {
            body
          }
        }
        pageInfo {
          hasPreviousPage
        }
      }
    }
  }
`);

const RoomNodeQuery = graphql(`
  query RoomOrMessageNode($id: ID!) {
    node(id: $id) {
      id
    }
  }
`);

const MessagesForwardQuery = graphql(`
  query MessagesForward($id: ID!, $first: Int, $after: String) {
    room(id: $id) {
      messages(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            body
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
  }
`);

const TwoPagesQuery = graphql(`
  query TwoPagesOfOneRoom($id: ID!) {
    room(id: $id) {
      messages(first: 2) {
        edges {
          node {
            body
          }
        }
      }
      ... on Room {
        newest: messages(last: 2) {
          edges {
            node {
              body
            }
          }
        }
      }
    }
  }
`);

const IncludedPageQuery = graphql(`
  query IncludedPage($id: ID!, $withPage: Boolean!) {
    room(id: $id) {
      id
      messages(first: 2) @include(if: $withPage) {
        edges {
          node {
            body
          }
        }
      }
    }
  }
`);

const MessagesBackwardQuery = graphql(`
  query MessagesBackward($id: ID!, $last: Int, $before: String) {
    room(id: $id) {
      messages(last: $last, before: $before) {
        edges {
          cursor
          node {
            id
            body
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
  }
`);

const EditMessageMutation = graphql(`
  mutation EditMessage($input: EditMessageInput!) {
    editMessage(input: $input) {
      id
      body
      editedAt
      deletedAt
    }
  }
`);

const DeleteMessageMutation = graphql(`
  mutation DeleteMessage($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      id
      body
      deletedAt
    }
  }
`);

const MarkReadMutation = graphql(`
  mutation MarkRead($roomId: ID!, $messageId: ID) {
    markRoomRead(roomId: $roomId, messageId: $messageId) {
      id
      unreadCount
    }
  }
`);

const AddMembersMutation = graphql(`
  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {
    addRoomMembers(roomId: $roomId, userIds: $userIds) {
      id
      members {
        id
      }
    }
  }
`);

const LeaveRoomMutation = graphql(`
  mutation LeaveRoom($roomId: ID!) {
    leaveRoom(roomId: $roomId)
  }
`);

const RoomsQuery = graphql(`
  query Rooms($first: Int, $after: String, $last: Int, $before: String) {
    rooms(first: $first, after: $after, last: $last, before: $before) {
      edges {
        cursor
        node {
          id
          name
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

const BlockMutation = graphql(`
  mutation BlockForRooms($userId: ID!) {
    blockUser(userId: $userId) {
      id
    }
  }
`);

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let directRoom: string;
let group: string;

beforeAll(async () => {
  server = await startServer();
  [alice, bob, carol] = await Promise.all([
    signUpUser(server.url, 'alice'),
    signUpUser(server.url, 'bob'),
    signUpUser(server.url, 'carol'),
  ]);
  await makeFriends(server.url, alice, bob);
  directRoom = await openDirectRoom(server.url, alice, bob);
  group = await createGroup(server.url, alice, [bob], 'Alice and Bob');
});
afterAll(() => server?.stop());

describe('direct rooms', () => {
  it('gives friends one direct room, whoever opens it and however often', async () => {
    expect(await openDirectRoom(server.url, alice, bob)).toBe(directRoom);
    expect(await openDirectRoom(server.url, bob, alice)).toBe(directRoom);
    const { room } = expectData(await request(server.url, RoomQuery, { id: directRoom }, { token: bob.token }));
    expect(room?.kind).toBe('DIRECT');
    expect(room?.name).toBeNull();
    expect(room?.members.map((m) => m.id).sort()).toEqual([alice.id, bob.id].sort());
  });

  it('refuses a direct room with a non-friend (FORBIDDEN) or yourself (BAD_USER_INPUT)', async () => {
    expectError(
      await request(server.url, OpenDirectRoomMutation, { userId: carol.id }, { token: alice.token }),
      'FORBIDDEN',
    );
    expectError(
      await request(server.url, OpenDirectRoomMutation, { userId: alice.id }, { token: alice.token }),
      'BAD_USER_INPUT',
    );
  });

  it('creates exactly one room under 20 concurrent openDirectRoom calls', async () => {
    const [x, y] = await Promise.all([signUpUser(server.url, 'x'), signUpUser(server.url, 'y')]);
    await makeFriends(server.url, x, y);
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? openDirectRoom(server.url, x, y) : openDirectRoom(server.url, y, x),
      ),
    );
    expect(new Set(ids).size).toBe(1);
  });
});

describe('group rooms', () => {
  it('creates a group of the creator and their friends', async () => {
    const { room } = expectData(await request(server.url, RoomQuery, { id: group }, { token: bob.token }));
    expect(room?.kind).toBe('GROUP');
    expect(room?.name).toBe('Alice and Bob');
    expect(room?.members.map((m) => m.id).sort()).toEqual([alice.id, bob.id].sort());
  });

  it("answers a room's fields with its page in one query, also while the room has no messages", async () => {
    const quiet = await createGroup(server.url, alice, [bob], 'Quiet room');
    const read = async () => {
      const { room } = expectData(await request(server.url, RoomWithPageQuery, { id: quiet }, { token: bob.token }));
      return room!;
    };
    const empty = await read();
    expect(empty).toMatchObject({ id: quiet, kind: 'GROUP', name: 'Quiet room' });
    expect(Date.parse(empty.createdAt)).not.toBeNaN();
    expect(empty.messages).toEqual({ edges: [], pageInfo: { hasPreviousPage: false } });

    for (const body of ['one', 'two', 'three']) await sendMessage(server.url, alice, quiet, body);
    const filled = await read();
    expect(filled).toMatchObject({ id: quiet, kind: 'GROUP', name: 'Quiet room', createdAt: empty.createdAt });
    expect(filled.messages.edges.map((edge) => edge.node.body)).toEqual(['one', 'two', 'three']);
  });

  it('refuses non-friends as members and bad names', async () => {
    expectError(
      await request(
        server.url,
        CreateRoomMutation,
        { input: { name: 'x', memberIds: [carol.id] } },
        { token: alice.token },
      ),
      'FORBIDDEN',
    );
    const blank = expectError(
      await request(server.url, CreateRoomMutation, { input: { name: '  ', memberIds: [] } }, { token: alice.token }),
      'BAD_USER_INPUT',
    );
    expect(blank.extensions?.field).toBe('name');
    const tooMany = expectError(
      await request(
        server.url,
        CreateRoomMutation,
        { input: { name: 'big', memberIds: Array.from({ length: 101 }, () => bob.id) } },
        { token: alice.token },
      ),
      'BAD_USER_INPUT',
    );
    expect(tooMany.extensions?.field).toBe('memberIds');
  });

  it('lets the OWNER and ADMINs add their own friends, and members leave', async () => {
    const dave = await signUpUser(server.url, 'dave');
    await makeFriends(server.url, bob, dave);
    const room = await createGroup(server.url, alice, [bob], 'addable');
    // A plain member adds nobody (round 2); an ADMIN adds their own friends.
    expectError(
      await request(server.url, AddMembersMutation, { roomId: room, userIds: [dave.id] }, { token: bob.token }),
      'FORBIDDEN',
    );
    expectData(await request(server.url, MakeAdminMutation, { roomId: room, userId: bob.id }, { token: alice.token }));
    // Dave is Bob's friend, not Alice's: Bob may add him, Alice may not.
    expectError(
      await request(server.url, AddMembersMutation, { roomId: room, userIds: [dave.id] }, { token: alice.token }),
      'FORBIDDEN',
    );
    const added = expectData(
      await request(
        server.url,
        AddMembersMutation,
        { roomId: room, userIds: [dave.id, dave.id] },
        { token: bob.token },
      ),
    );
    expect(added.addRoomMembers.members.map((m) => m.id).sort()).toEqual([alice.id, bob.id, dave.id].sort());

    expect(
      expectData(await request(server.url, LeaveRoomMutation, { roomId: room }, { token: dave.token })).leaveRoom,
    ).toBe(true);
    expectError(await request(server.url, RoomQuery, { id: room }, { token: dave.token }), 'NOT_FOUND');
    expectError(
      await request(server.url, LeaveRoomMutation, { roomId: directRoom }, { token: alice.token }),
      'FORBIDDEN',
    );
    expectError(
      await request(server.url, AddMembersMutation, { roomId: directRoom, userIds: [] }, { token: alice.token }),
      'FORBIDDEN',
    );
  });
});

describe('messages', () => {
  it('sends, edits and deletes (a tombstone) for the sender only', async () => {
    const sent = await sendMessage(server.url, alice, group, '  hello bob  ');
    expect(sent.body).toBe('hello bob');
    expect(sent.sender.id).toBe(alice.id);
    expect(sent.room.id).toBe(group);

    expectError(
      await request(
        server.url,
        EditMessageMutation,
        { input: { messageId: sent.id, body: 'hijack' } },
        { token: bob.token },
      ),
      'FORBIDDEN',
    );
    expectError(
      await request(server.url, DeleteMessageMutation, { messageId: sent.id }, { token: bob.token }),
      'FORBIDDEN',
    );

    const { editMessage } = expectData(
      await request(
        server.url,
        EditMessageMutation,
        { input: { messageId: sent.id, body: 'hello, Bob' } },
        { token: alice.token },
      ),
    );
    expect(editMessage.body).toBe('hello, Bob');
    expect(editMessage.editedAt).not.toBeNull();

    const { deleteMessage } = expectData(
      await request(server.url, DeleteMessageMutation, { messageId: sent.id }, { token: alice.token }),
    );
    expect(deleteMessage.body).toBe('');
    expect(deleteMessage.deletedAt).not.toBeNull();
    expectError(
      await request(
        server.url,
        EditMessageMutation,
        { input: { messageId: sent.id, body: 'again' } },
        { token: alice.token },
      ),
      'CONFLICT',
    );
  });

  it('checks the body: 1..4000 characters after trimming', async () => {
    for (const body of ['', '   \n ', 'x'.repeat(4001)]) {
      const error = expectError(
        await request(server.url, SendMessageMutation, { input: { roomId: group, body } }, { token: alice.token }),
        'BAD_USER_INPUT',
      );
      expect(error.extensions?.field).toBe('body');
    }
    expect((await sendMessage(server.url, alice, group, 'x'.repeat(4000))).body).toHaveLength(4000);
  });

  it('returns the first message for a repeated clientId, even under 20 concurrent sends', async () => {
    const room = await createGroup(server.url, alice, [bob], 'idempotent');
    const sends = await Promise.all(
      Array.from({ length: 20 }, () => sendMessage(server.url, alice, room, 'once', 'client-key-1')),
    );
    expect(new Set(sends.map((message) => message.id)).size).toBe(1);
    expect(sends[0]!.clientId).toBe('client-key-1');
    // Another sender may use the same key in the same room: keys are per sender.
    const bobs = await sendMessage(server.url, bob, room, 'mine', 'client-key-1');
    expect(bobs.id).not.toBe(sends[0]!.id);
    const { room: page } = expectData(
      await request(server.url, MessagesForwardQuery, { id: room, first: 100 }, { token: alice.token }),
    );
    expect(page?.messages.edges.map((edge) => edge.node.body)).toEqual(['once', 'mine']);
  });

  it('pages forwards and backwards through 250 messages without gaps or repeats', async () => {
    const room = await createGroup(server.url, alice, [bob], 'history');
    const sent: string[] = [];
    for (let i = 0; i < 250; i++) sent.push((await sendMessage(server.url, i % 2 ? bob : alice, room, `m${i}`)).id);

    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: MessagesForwardQuery = expectData(
        await request(server.url, MessagesForwardQuery, { id: room, first: 30, after }, { token: bob.token }),
      );
      const connection = data.room!.messages;
      forward.push(...connection.edges.map((edge) => edge.node.id));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(forward).toEqual(sent);

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const data: MessagesBackwardQuery = expectData(
        await request(server.url, MessagesBackwardQuery, { id: room, last: 30, before }, { token: alice.token }),
      );
      const connection = data.room!.messages;
      backward.unshift(...connection.edges.map((edge) => edge.node.id));
      if (!connection.pageInfo.hasPreviousPage) break;
      before = connection.pageInfo.startCursor;
    }
    expect(backward).toEqual(sent);
  });
  it("refuses bad page sizes and cursors on a room's messages, naming the argument", async () => {
    const room = await createGroup(server.url, alice, [bob], 'bad pages');
    await sendMessage(server.url, alice, room, 'only');
    const roomsCursor = expectData(await request(server.url, RoomsQuery, { first: 1 }, { token: alice.token })).rooms
      .edges[0]!.cursor;
    const cases: Array<[MessagesForwardQueryVariables, string]> = [
      [{ id: room, first: 101 }, 'first'],
      [{ id: room, first: -1 }, 'first'],
      [{ id: room, first: 5, after: 'garbage' }, 'after'],
      [{ id: room, first: 5, after: roomsCursor }, 'after'],
    ];
    for (const [variables, field] of cases) {
      const refused = expectError(
        await request(server.url, MessagesForwardQuery, variables, { token: bob.token }),
        'BAD_USER_INPUT',
      );
      expect(refused.extensions?.field).toBe(field);
    }
  });

  it('serves every page asked for in one query: twice under an alias, in a fragment, behind @include', async () => {
    const room = await createGroup(server.url, alice, [bob], 'pages');
    for (let i = 0; i < 5; i++) await sendMessage(server.url, alice, room, `p${i}`);
    const bodies = (connection?: { edges: Array<{ node: { body: string } }> } | null) =>
      connection?.edges.map((edge) => edge.node.body);

    const both = expectData(await request(server.url, TwoPagesQuery, { id: room }, { token: bob.token })).room!;
    expect(bodies(both.messages)).toEqual(['p0', 'p1']);
    expect(bodies(both.newest)).toEqual(['p3', 'p4']);

    const included = expectData(
      await request(server.url, IncludedPageQuery, { id: room, withPage: true }, { token: bob.token }),
    ).room!;
    expect(bodies(included.messages)).toEqual(['p0', 'p1']);
    const left = expectData(
      await request(server.url, IncludedPageQuery, { id: room, withPage: false }, { token: bob.token }),
    ).room!;
    expect(left.id).toBe(room);
    expect(left.messages).toBeUndefined();
  });
});

describe('unread counts', () => {
  it('counts others’ messages after the read marker and moves with markRoomRead', async () => {
    const room = await createGroup(server.url, alice, [bob], 'unread');
    const unread = async (user: TestUser) =>
      expectData(await request(server.url, RoomQuery, { id: room }, { token: user.token })).room!.unreadCount;

    const first = await sendMessage(server.url, bob, room, 'one');
    const second = await sendMessage(server.url, bob, room, 'two');
    await sendMessage(server.url, bob, room, 'three');
    await sendMessage(server.url, alice, room, 'my own');
    expect(await unread(alice)).toBe(3);
    expect(await unread(bob)).toBe(1);

    const marked = expectData(
      await request(server.url, MarkReadMutation, { roomId: room, messageId: second.id }, { token: alice.token }),
    );
    expect(marked.markRoomRead.unreadCount).toBe(1);
    // Marking an older message does not move the marker back.
    expectData(
      await request(server.url, MarkReadMutation, { roomId: room, messageId: first.id }, { token: alice.token }),
    );
    expect(await unread(alice)).toBe(1);
    expectData(await request(server.url, MarkReadMutation, { roomId: room }, { token: alice.token }));
    expect(await unread(alice)).toBe(0);

    // A deleted message no longer counts.
    const gone = await sendMessage(server.url, bob, room, 'oops');
    expect(await unread(alice)).toBe(1);
    expectData(await request(server.url, DeleteMessageMutation, { messageId: gone.id }, { token: bob.token }));
    expect(await unread(alice)).toBe(0);
  });

  it('refuses a message of another room as the read marker', async () => {
    const elsewhere = await sendMessage(server.url, alice, directRoom, 'elsewhere');
    expectError(
      await request(server.url, MarkReadMutation, { roomId: group, messageId: elsewhere.id }, { token: alice.token }),
      'NOT_FOUND',
    );
  });
});

describe('rooms list', () => {
  it('lists the viewer’s rooms by most recent activity, with cursors that hold while messages arrive', async () => {
    const [viewer, friend] = await Promise.all([signUpUser(server.url, 'lister'), signUpUser(server.url, 'friend')]);
    await makeFriends(server.url, viewer, friend);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createGroup(server.url, viewer, [friend], `r${i}`));
    await sendMessage(server.url, friend, ids[1]!, 'bump'); // r1 becomes the most recent
    const expected = [ids[1], ids[4], ids[3], ids[2], ids[0]];

    const page1 = expectData(await request(server.url, RoomsQuery, { first: 2 }, { token: viewer.token })).rooms;
    expect(page1.edges.map((edge) => edge.node.id)).toEqual(expected.slice(0, 2));
    expect(page1.pageInfo.hasNextPage).toBe(true);

    // Activity in a room already seen does not make it appear again on the next page.
    await sendMessage(server.url, friend, ids[4]!, 'bump again');
    const page2 = expectData(
      await request(server.url, RoomsQuery, { first: 2, after: page1.pageInfo.endCursor }, { token: viewer.token }),
    ).rooms;
    expect(page2.edges.map((edge) => edge.node.id)).toEqual(expected.slice(2, 4));
    const page3 = expectData(
      await request(server.url, RoomsQuery, { first: 2, after: page2.pageInfo.endCursor }, { token: viewer.token }),
    ).rooms;
    expect(page3.edges.map((edge) => edge.node.id)).toEqual(expected.slice(4));
    expect(page3.pageInfo.hasNextPage).toBe(false);

    const last2 = expectData(await request(server.url, RoomsQuery, { last: 2 }, { token: viewer.token })).rooms;
    expect(last2.edges.map((edge) => edge.node.id)).toEqual([ids[2], ids[0]]);
  });

  it('caps first/last at 100 and rejects negative sizes, both at once and bad cursors', async () => {
    const invalid: RoomsQueryVariables[] = [
      { first: -1 },
      { first: 101 },
      { last: 1000 },
      { first: 1, last: 1 },
      { after: 'garbage' },
      { before: '' },
    ];
    for (const variables of invalid) {
      expectError(await request(server.url, RoomsQuery, variables, { token: alice.token }), 'BAD_USER_INPUT');
    }
    expectData(await request(server.url, RoomsQuery, { first: 100 }, { token: alice.token }));
    expectData(await request(server.url, RoomsQuery, { first: 0 }, { token: alice.token }));
    const messageCursor = (await sendMessage(server.url, alice, group, 'cursor')).cursor;
    // A cursor of another list is not a rooms cursor.
    expectError(
      await request(server.url, RoomsQuery, { after: messageCursor }, { token: alice.token }),
      'BAD_USER_INPUT',
    );
  });
});

describe('what a non-member sees', () => {
  it('is NOT_FOUND for the rooms, their messages and their ids, everywhere', async () => {
    const message = await sendMessage(server.url, bob, group, 'private');
    const asCarol = { token: carol.token };
    expectError(await request(server.url, RoomQuery, { id: group }, asCarol), 'NOT_FOUND');
    expectError(await request(server.url, RoomQuery, { id: directRoom }, asCarol), 'NOT_FOUND');
    expectError(await request(server.url, RoomNodeQuery, { id: group }, asCarol), 'NOT_FOUND');
    expectError(await request(server.url, RoomNodeQuery, { id: message.id }, asCarol), 'NOT_FOUND');
    // The newest five, so the message just sent would be among them.
    const page = await request(server.url, MessagesBackwardQuery, { id: group, last: 5 }, asCarol);
    expectError(page, 'NOT_FOUND');
    expect(page.data?.room ?? null).toBeNull();
    expect(JSON.stringify(page)).not.toContain('private');
    expectError(
      await request(server.url, SendMessageMutation, { input: { roomId: group, body: 'hi' } }, asCarol),
      'NOT_FOUND',
    );
    expectError(
      await request(server.url, EditMessageMutation, { input: { messageId: message.id, body: 'x' } }, asCarol),
      'NOT_FOUND',
    );
    expectError(await request(server.url, DeleteMessageMutation, { messageId: message.id }, asCarol), 'NOT_FOUND');
    expectError(await request(server.url, MarkReadMutation, { roomId: group }, asCarol), 'NOT_FOUND');
    expectError(await request(server.url, AddMembersMutation, { roomId: group, userIds: [] }, asCarol), 'NOT_FOUND');
    expectError(await request(server.url, LeaveRoomMutation, { roomId: group }, asCarol), 'NOT_FOUND');
    const carolsRooms = expectData(await request(server.url, RoomsQuery, { first: 100 }, asCarol)).rooms;
    expect(carolsRooms.edges).toEqual([]);
    // The same answer as for an id that never existed.
    const neverExisted = Buffer.from('Room:999999999').toString('base64url');
    expectError(await request(server.url, RoomQuery, { id: neverExisted }, asCarol), 'NOT_FOUND');
  });

  it('rejects ids of the wrong type or shape with BAD_USER_INPUT', async () => {
    const wrongType = expectError(
      await request(server.url, SendMessageMutation, { input: { roomId: bob.id, body: 'hi' } }, { token: alice.token }),
      'BAD_USER_INPUT',
    );
    expect(wrongType.extensions?.field).toBe('roomId');
    expectError(await request(server.url, RoomQuery, { id: 'nope' }, { token: alice.token }), 'BAD_USER_INPUT');
    expectError(
      await request(server.url, DeleteMessageMutation, { messageId: group }, { token: alice.token }),
      'BAD_USER_INPUT',
    );
  });

  it('requires a signed-in user', async () => {
    expectError(await request(server.url, RoomsQuery, { first: 1 }), 'UNAUTHENTICATED');
    expectError(
      await request(server.url, SendMessageMutation, { input: { roomId: group, body: 'hi' } }),
      'UNAUTHENTICATED',
    );
  });
});

describe('blocking', () => {
  it('stops the direct room both ways once either side blocks', async () => {
    const [eve, frank] = await Promise.all([signUpUser(server.url, 'eve'), signUpUser(server.url, 'frank')]);
    await makeFriends(server.url, eve, frank);
    const room = await openDirectRoom(server.url, eve, frank);
    await sendMessage(server.url, frank, room, 'before the block');
    expectData(await request(server.url, BlockMutation, { userId: frank.id }, { token: eve.token }));
    expectError(
      await request(server.url, SendMessageMutation, { input: { roomId: room, body: 'hi' } }, { token: frank.token }),
      'FORBIDDEN',
    );
    expectError(
      await request(server.url, SendMessageMutation, { input: { roomId: room, body: 'hi' } }, { token: eve.token }),
      'FORBIDDEN',
    );
    expectError(
      await request(server.url, OpenDirectRoomMutation, { userId: eve.id }, { token: frank.token }),
      'FORBIDDEN',
    );
  });
});
