import { graphql } from '../gql/index.js';
import { expectData, request } from './client.js';
import type { TestUser } from './users.js';

export const OpenDirectRoomMutation = graphql(`
  mutation OpenDirectRoom($userId: ID!) {
    openDirectRoom(userId: $userId) {
      id
      kind
      name
      members {
        id
      }
    }
  }
`);

export const CreateRoomMutation = graphql(`
  mutation CreateRoom($input: CreateRoomInput!) {
    createRoom(input: $input) {
      id
      kind
      name
      members {
        id
      }
    }
  }
`);

export const SendMessageMutation = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      body
      clientId
      cursor
      createdAt
      sender {
        id
      }
      room {
        id
      }
    }
  }
`);

export async function openDirectRoom(url: string, viewer: TestUser, other: TestUser): Promise<string> {
  const { openDirectRoom } = expectData(
    await request(url, OpenDirectRoomMutation, { userId: other.id }, { token: viewer.token }),
  );
  return openDirectRoom.id;
}

export async function createGroup(
  url: string,
  creator: TestUser,
  members: TestUser[],
  name = 'group',
): Promise<string> {
  const { createRoom } = expectData(
    await request(
      url,
      CreateRoomMutation,
      { input: { name, memberIds: members.map((m) => m.id) } },
      { token: creator.token },
    ),
  );
  return createRoom.id;
}

export async function sendMessage(url: string, sender: TestUser, roomId: string, body: string, clientId?: string) {
  const { sendMessage } = expectData(
    await request(url, SendMessageMutation, { input: { roomId, body, clientId } }, { token: sender.token }),
  );
  return sendMessage;
}
