import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createGroup } from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';

/** Rooms per user and members per room are capped, whoever adds them and however concurrently. */

const CappedCreateRoom = graphql(`
  mutation CappedCreateRoom($input: CreateRoomInput!) {
    createRoom(input: $input) {
      id
    }
  }
`);

const CappedAddMembers = graphql(`
  mutation CappedAddMembers($roomId: ID!, $userIds: [ID!]!) {
    addRoomMembers(roomId: $roomId, userIds: $userIds) {
      id
      members {
        id
      }
    }
  }
`);

let server: TestServer;
let owner: TestUser;
let friends: TestUser[];

beforeAll(async () => {
  server = await startServer({ env: { MAX_ROOMS_PER_USER: '3', MAX_ROOM_MEMBERS: '4' } });
  owner = await signUpUser(server.url, 'cap_owner');
  friends = await Promise.all(Array.from({ length: 6 }, (_, i) => signUpUser(server.url, `cap_f${i}`)));
  for (const friend of friends) await makeFriends(server.url, owner, friend);
});

afterAll(() => server?.stop());

const create = (creator: TestUser, name: string, members: TestUser[] = []) =>
  request(
    server.url,
    CappedCreateRoom,
    { input: { name, memberIds: members.map((m) => m.id) } },
    { token: creator.token },
  );
const add = (adder: TestUser, roomId: string, users: TestUser[]) =>
  request(server.url, CappedAddMembers, { roomId, userIds: users.map((u) => u.id) }, { token: adder.token });

describe('group rooms per user (MAX_ROOMS_PER_USER)', () => {
  it('refuses a fourth room to its creator with BAD_USER_INPUT', async () => {
    const creator = await signUpUser(server.url, 'cap_creator');
    for (let i = 0; i < 3; i++) expectData(await create(creator, `mine ${i}`));
    const refused = expectError(await create(creator, 'one too many'), 'BAD_USER_INPUT');
    expect(refused.message).toMatch(/at most 3 group rooms/);
  });

  it('keeps a friend from adding a user to more rooms than the cap, also all at once', async () => {
    const victim = await signUpUser(server.url, 'cap_victim');
    await makeFriends(server.url, owner, victim);
    const rooms = [];
    for (let i = 0; i < 6; i++) rooms.push(await createGroup(server.url, friends[i % 6]!, [], `lure ${i}`));
    // Each lure room's creator befriends the victim, then all add them at the same moment.
    for (let i = 0; i < 6; i++) await makeFriends(server.url, friends[i]!, victim);
    const answers = await Promise.all(rooms.map((room, i) => add(friends[i]!, room, [victim])));
    const codes = answers.map((answer) => answer.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((code) => code === 'OK')).toHaveLength(3);
    expect(codes.filter((code) => code === 'BAD_USER_INPUT')).toHaveLength(3);
    // Creating a room with them in it is refused the same way.
    const field = expectError(await create(owner, 'with victim', [victim]), 'BAD_USER_INPUT');
    expect(field.extensions?.field).toBe('memberIds');
  });
});

describe('members per room (MAX_ROOM_MEMBERS)', () => {
  it('refuses a room created with more members than the cap', async () => {
    const creator = await signUpUser(server.url, 'cap_big');
    const many = await Promise.all(Array.from({ length: 4 }, (_, i) => signUpUser(server.url, `cap_m${i}`)));
    for (const member of many) await makeFriends(server.url, creator, member);
    expectError(await create(creator, 'too big', many), 'BAD_USER_INPUT');
    expectData(await create(creator, 'just right', many.slice(0, 3)));
  });

  it('lets concurrent additions fill a room to the cap and no further', async () => {
    const host = await signUpUser(server.url, 'cap_host');
    const guests = await Promise.all(Array.from({ length: 5 }, (_, i) => signUpUser(server.url, `cap_g${i}`)));
    for (const guest of guests) await makeFriends(server.url, host, guest);
    const room = await createGroup(server.url, host, [], 'filling');
    const answers = await Promise.all(guests.map((guest) => add(host, room, [guest])));
    const ok = answers.filter((answer) => !answer.errors);
    expect(ok).toHaveLength(3);
    for (const answer of answers.filter((answer) => answer.errors)) expectError(answer, 'BAD_USER_INPUT');
    const last = expectData(await add(host, room, []));
    expect(last.addRoomMembers.members).toHaveLength(4);
    // Adding someone already in the room is not an addition: it still answers with the room.
    const already = guests.find((guest) => last.addRoomMembers.members.some((member) => member.id === guest.id))!;
    expectData(await add(host, room, [already]));
  });
});
