import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createGroup, openDirectRoom, sendMessage } from './helpers/chat.js';
import { postgresUrl } from './helpers/database.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, sleep, subscribe, type Subscription } from './helpers/ws.js';

const RoomRolesQuery = graphql(`
  query RoomRoles($id: ID!) {
    room(id: $id) {
      id
      name
      topic
      myRole
      memberships(first: 100) {
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

const UpdateRoomMutation = graphql(`
  mutation UpdateRoom($input: UpdateRoomInput!) {
    updateRoom(input: $input) {
      id
      name
      topic
    }
  }
`);

const RemoveRoomMemberMutation = graphql(`
  mutation RemoveRoomMember($roomId: ID!, $userId: ID!) {
    removeRoomMember(roomId: $roomId, userId: $userId) {
      id
      members {
        id
      }
    }
  }
`);

const SetRoomMemberRoleMutation = graphql(`
  mutation SetRoomMemberRole($roomId: ID!, $userId: ID!, $role: RoomRole!) {
    setRoomMemberRole(roomId: $roomId, userId: $userId, role: $role) {
      id
      myRole
    }
  }
`);

const AddMembersMutation = graphql(`
  mutation AddMembersByRole($roomId: ID!, $userIds: [ID!]!) {
    addRoomMembers(roomId: $roomId, userIds: $userIds) {
      id
    }
  }
`);

const LeaveMutation = graphql(`
  mutation LeaveByRole($roomId: ID!) {
    leaveRoom(roomId: $roomId)
  }
`);

const MessageAddedSubscription = graphql(`
  subscription RolesMessageAdded($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      body
    }
  }
`);

const InboxSubscription = graphql(`
  subscription RolesInbox {
    inbox {
      kind
      roomId
      muted
    }
  }
`);

/** Sends probe messages until every subscription has had an event: they are live from then on. */
async function untilLive(subscriptions: Subscription<unknown>[], sender: TestUser, roomId: string) {
  for (let i = 0; i < 100; i++) {
    await sendMessage(server.url, sender, roomId, `probe ${i}`);
    await sleep(50);
    if (subscriptions.every((subscription) => subscription.events.length > 0)) return;
  }
  throw new Error('subscriptions did not go live');
}

const RoomUpdatedSubscription = graphql(`
  subscription RoomUpdated($roomId: ID!) {
    roomUpdated(roomId: $roomId) {
      kind
      room {
        topic
      }
      users {
        id
      }
    }
  }
`);

/** Polls `check` until it holds (or fails the test after 15 s). */
async function until(check: () => boolean) {
  for (let i = 0; i < 300 && !check(); i++) await sleep(50);
  expect(check()).toBe(true);
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

/** Four friends of the owner in a group: owner, admin, member, and `outsider` (a friend of the owner, not in it). */
async function seedGroup(on: TestServer = server) {
  const [owner, admin, member, outsider] = await Promise.all(
    ['owner', 'admin', 'member', 'outsider'].map((prefix) => signUpUser(on.url, prefix)),
  );
  for (const other of [admin!, member!, outsider!]) await makeFriends(on.url, owner!, other);
  const roomId = await createGroup(on.url, owner!, [admin!, member!], 'team');
  expectData(await setRole(on, owner!, roomId, admin!, 'ADMIN'));
  return { owner: owner!, admin: admin!, member: member!, outsider: outsider!, roomId };
}

const setRole = (
  on: TestServer,
  actor: TestUser,
  roomId: string,
  target: TestUser,
  role: 'OWNER' | 'ADMIN' | 'MEMBER',
) => request(on.url, SetRoomMemberRoleMutation, { roomId, userId: target.id, role }, { token: actor.token });

const removeMember = (actor: TestUser, roomId: string, target: TestUser) =>
  request(server.url, RemoveRoomMemberMutation, { roomId, userId: target.id }, { token: actor.token });

async function rolesOf(viewer: TestUser, roomId: string) {
  const { room } = expectData(await request(server.url, RoomRolesQuery, { id: roomId }, { token: viewer.token }));
  return {
    myRole: room!.myRole,
    roles: Object.fromEntries(room!.memberships.edges.map((edge) => [edge.node.user.id, edge.node.role])),
    room: room!,
  };
}

describe('roles', () => {
  it('makes the creator of a group its OWNER and everyone else MEMBER; direct rooms have only MEMBERs', async () => {
    const { owner, admin, member, roomId } = await seedGroup();
    const { roles, myRole } = await rolesOf(owner, roomId);
    expect(myRole).toBe('OWNER');
    expect(roles).toEqual({ [owner.id]: 'OWNER', [admin.id]: 'ADMIN', [member.id]: 'MEMBER' });
    expect((await rolesOf(member, roomId)).myRole).toBe('MEMBER');
    const direct = await openDirectRoom(server.url, owner, member);
    expect((await rolesOf(owner, direct)).roles).toEqual({ [owner.id]: 'MEMBER', [member.id]: 'MEMBER' });
    const refused = await setRole(server, owner, direct, member, 'ADMIN');
    expectError(refused, 'FORBIDDEN');
  });

  it('lets only the OWNER change roles', async () => {
    const { owner, admin, member, roomId } = await seedGroup();
    expectError(await setRole(server, admin, roomId, member, 'ADMIN'), 'FORBIDDEN');
    expectError(await setRole(server, member, roomId, member, 'ADMIN'), 'FORBIDDEN');
    expectError(await setRole(server, admin, roomId, admin, 'OWNER'), 'FORBIDDEN');
    expect((await rolesOf(owner, roomId)).roles[member.id]).toBe('MEMBER');
  });

  it('hands the room over when the OWNER makes another member OWNER, keeping exactly one OWNER', async () => {
    const { owner, admin, member, roomId } = await seedGroup();
    expectData(await setRole(server, owner, roomId, member, 'OWNER'));
    const { roles } = await rolesOf(owner, roomId);
    expect(roles).toEqual({ [owner.id]: 'ADMIN', [admin.id]: 'ADMIN', [member.id]: 'OWNER' });
    // The former OWNER has lost the right at once.
    expectError(await setRole(server, owner, roomId, admin, 'MEMBER'), 'FORBIDDEN');
  });

  it('refuses an OWNER stepping down without a successor, and a member who is not in the room', async () => {
    const { owner, outsider, roomId } = await seedGroup();
    const error = expectError(await setRole(server, owner, roomId, owner, 'ADMIN'), 'BAD_USER_INPUT');
    expect(error.extensions?.field).toBe('role');
    expectError(await setRole(server, owner, roomId, outsider, 'ADMIN'), 'NOT_FOUND');
    expectError(await setRole(server, outsider, roomId, owner, 'MEMBER'), 'NOT_FOUND');
  });

  it('keeps one OWNER when two hand-overs race', async () => {
    const { owner, admin, member, roomId } = await seedGroup();
    await Promise.all([
      setRole(server, owner, roomId, admin, 'OWNER'),
      setRole(server, owner, roomId, member, 'OWNER'),
    ]);
    const { roles } = await rolesOf(owner, roomId);
    expect(Object.values(roles).filter((role) => role === 'OWNER')).toHaveLength(1);
  });
});

describe('administration', () => {
  it('lets the OWNER and ADMINs rename the room and set its topic, and nobody else', async () => {
    const { owner, admin, member, outsider, roomId } = await seedGroup();
    const renamed = expectData(
      await request(
        server.url,
        UpdateRoomMutation,
        { input: { roomId, name: 'renamed', topic: 'plans' } },
        { token: admin.token },
      ),
    );
    expect(renamed.updateRoom).toMatchObject({ name: 'renamed', topic: 'plans' });
    const cleared = expectData(
      await request(server.url, UpdateRoomMutation, { input: { roomId, topic: null } }, { token: owner.token }),
    );
    expect(cleared.updateRoom).toMatchObject({ name: 'renamed', topic: null });
    const byMember = await request(
      server.url,
      UpdateRoomMutation,
      { input: { roomId, name: 'x' } },
      { token: member.token },
    );
    expectError(byMember, 'FORBIDDEN');
    const byOutsider = await request(
      server.url,
      UpdateRoomMutation,
      { input: { roomId, name: 'x' } },
      { token: outsider.token },
    );
    expectError(byOutsider, 'NOT_FOUND');
    const blank = await request(
      server.url,
      UpdateRoomMutation,
      { input: { roomId, name: '  ' } },
      { token: owner.token },
    );
    expect(expectError(blank, 'BAD_USER_INPUT').extensions?.field).toBe('name');
    const reversed = await request(
      server.url,
      UpdateRoomMutation,
      { input: { roomId, name: 'team \u202Egnp.exe' } },
      { token: owner.token },
    );
    expect(expectError(reversed, 'BAD_USER_INPUT').extensions?.field).toBe('name');
    const emoji = await request(
      server.url,
      UpdateRoomMutation,
      { input: { roomId, topic: 'devs 👩‍💻\nand more' } },
      { token: owner.token },
    );
    expect(expectData(emoji).updateRoom.topic).toBe('devs 👩‍💻\nand more');
    const long = await request(
      server.url,
      UpdateRoomMutation,
      { input: { roomId, topic: 'x'.repeat(501) } },
      { token: owner.token },
    );
    expect(expectError(long, 'BAD_USER_INPUT').extensions?.field).toBe('topic');
  });

  it('lets only the OWNER and ADMINs add members', async () => {
    const { owner, admin, member, outsider, roomId } = await seedGroup();
    await makeFriends(server.url, member, outsider);
    const byMember = await request(
      server.url,
      AddMembersMutation,
      { roomId, userIds: [outsider.id] },
      { token: member.token },
    );
    expectError(byMember, 'FORBIDDEN');
    await makeFriends(server.url, admin, outsider);
    expectData(
      await request(server.url, AddMembersMutation, { roomId, userIds: [outsider.id] }, { token: admin.token }),
    );
    expect((await rolesOf(owner, roomId)).roles[outsider.id]).toBe('MEMBER');
  });

  it('lets an ADMIN remove plain members only, and the OWNER anyone', async () => {
    const { owner, admin, member, roomId } = await seedGroup();
    expectError(await removeMember(member, roomId, admin), 'FORBIDDEN');
    expectError(await removeMember(admin, roomId, owner), 'FORBIDDEN');
    const second = await signUpUser(server.url, 'admin2');
    await makeFriends(server.url, owner, second);
    expectData(await request(server.url, AddMembersMutation, { roomId, userIds: [second.id] }, { token: owner.token }));
    expectData(await setRole(server, owner, roomId, second, 'ADMIN'));
    expectError(await removeMember(admin, roomId, second), 'FORBIDDEN');
    const removed = expectData(await removeMember(admin, roomId, member));
    expect(removed.removeRoomMember.members.map((user) => user.id)).not.toContain(member.id);
    expectData(await removeMember(owner, roomId, second));
    expectError(await removeMember(owner, roomId, member), 'NOT_FOUND'); // not a member any more
    expectError(await removeMember(owner, roomId, owner), 'BAD_USER_INPUT');
    // The removed member no longer sees the room at all.
    const lookup = await request(server.url, RoomRolesQuery, { id: roomId }, { token: member.token });
    expectError(lookup, 'NOT_FOUND');
  });

  it('ends the removed member’s subscriptions at once and tells them and the others through the inbox', async () => {
    const { owner, member, admin, roomId } = await seedGroup();
    const memberClient = connect(server.wsUrl, member.token);
    const adminClient = connect(server.wsUrl, admin.token);
    try {
      const seed = await sendMessage(server.url, owner, roomId, 'seed');
      const messages = subscribe(memberClient, MessageAddedSubscription, { roomId, after: seed.cursor });
      const memberInbox = subscribe(memberClient, InboxSubscription, {});
      const adminInbox = subscribe(adminClient, InboxSubscription, {});
      await untilLive([memberInbox, adminInbox], owner, roomId);
      await messages.waitFor(1);
      expectData(await removeMember(owner, roomId, member));
      await messages.ended;
      expect(messages.completed).toBe(true);
      const kinds = (inbox: typeof memberInbox) => inbox.events.map((event) => event.inbox.kind);
      await until(() => kinds(memberInbox).includes('ROOM_REMOVED') && kinds(adminInbox).includes('ROOM_UPDATED'));
      expect(memberInbox.events.at(-1)!.inbox).toEqual({ kind: 'ROOM_REMOVED', roomId, muted: false });
      expect(adminInbox.events.at(-1)!.inbox).toEqual({ kind: 'ROOM_UPDATED', roomId, muted: false });
      // Nothing of the room reaches the removed member any more.
      const memberSeen = memberInbox.events.length;
      await sendMessage(server.url, owner, roomId, 'after');
      await until(() => kinds(adminInbox).at(-1) === 'MESSAGE_ADDED');
      await sleep(200);
      expect(memberInbox.events).toHaveLength(memberSeen);
    } finally {
      await memberClient.dispose();
      await adminClient.dispose();
    }
  });

  it('tells the one who renamed the room too, through their own inbox (their other devices)', async () => {
    const { owner, admin, roomId } = await seedGroup();
    const client = connect(server.wsUrl, admin.token);
    try {
      const inbox = subscribe(client, InboxSubscription, {});
      await untilLive([inbox], owner, roomId);
      expectData(
        await request(server.url, UpdateRoomMutation, { input: { roomId, name: 'renamed' } }, { token: admin.token }),
      );
      await until(() => inbox.events.some((event) => event.inbox.kind === 'ROOM_UPDATED'));
      expect(inbox.events.at(-1)!.inbox).toEqual({ kind: 'ROOM_UPDATED', roomId, muted: false });
    } finally {
      await client.dispose();
    }
  });

  it('streams changes to members, roles, name and topic to the members, in order', async () => {
    const { owner, admin, member, outsider, roomId } = await seedGroup();
    const client = connect(server.wsUrl, member.token);
    try {
      const updates = subscribe(client, RoomUpdatedSubscription, { roomId });
      for (let i = 0; i < 100 && updates.events.length === 0; i++) {
        expectData(
          await request(
            server.url,
            UpdateRoomMutation,
            { input: { roomId, topic: `probe ${i}` } },
            { token: owner.token },
          ),
        );
        await sleep(50);
      }
      const seen = updates.events.length;
      expectData(
        await request(server.url, UpdateRoomMutation, { input: { roomId, topic: 'final' } }, { token: admin.token }),
      );
      expectData(
        await request(server.url, AddMembersMutation, { roomId, userIds: [outsider.id] }, { token: owner.token }),
      );
      expectData(await setRole(server, owner, roomId, outsider, 'ADMIN'));
      expectData(await removeMember(owner, roomId, outsider));
      const events = (await updates.waitFor(seen + 4)).slice(seen).map((event) => event.roomUpdated);
      expect(events).toEqual([
        { kind: 'ROOM_UPDATED', room: { topic: 'final' }, users: [{ id: admin.id }] },
        { kind: 'MEMBERS_ADDED', room: { topic: 'final' }, users: [{ id: outsider.id }] },
        { kind: 'ROLE_CHANGED', room: { topic: 'final' }, users: [{ id: outsider.id }] },
        { kind: 'MEMBERS_REMOVED', room: { topic: 'final' }, users: [{ id: outsider.id }] },
      ]);
      // Removed in turn, the member's stream ends.
      expectData(await removeMember(owner, roomId, member));
      await updates.ended;
      expect(updates.completed).toBe(true);
    } finally {
      await client.dispose();
    }
  });

  it('hands the room to the oldest ADMIN when the OWNER leaves, else to the oldest member', async () => {
    const { owner, admin, member, roomId } = await seedGroup();
    expectData(await request(server.url, LeaveMutation, { roomId }, { token: owner.token }));
    expect((await rolesOf(admin, roomId)).roles).toEqual({ [admin.id]: 'OWNER', [member.id]: 'MEMBER' });
    expectData(await request(server.url, LeaveMutation, { roomId }, { token: admin.token }));
    expect((await rolesOf(member, roomId)).roles).toEqual({ [member.id]: 'OWNER' });
  });
});

describe.runIf(postgresUrl && process.env.REDIS_URL)('roles on two instances sharing PostgreSQL and Redis', () => {
  let second: TestServer;
  beforeAll(async () => {
    second = await startServer({ databaseUrl: server.databaseUrl });
  });
  afterAll(() => second?.stop());

  it('ends a removed member’s subscription on the other instance', async () => {
    const { owner, member, roomId } = await seedGroup();
    const client = connect(second.wsUrl, member.token);
    try {
      const seed = await sendMessage(server.url, owner, roomId, 'seed');
      const messages = subscribe(client, MessageAddedSubscription, { roomId, after: seed.cursor });
      await sendMessage(server.url, owner, roomId, 'hello');
      await messages.waitFor(1);
      expectData(await removeMember(owner, roomId, member));
      await messages.ended;
      expect(messages.completed).toBe(true);
    } finally {
      await client.dispose();
    }
  });
});
