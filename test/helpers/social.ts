import { graphql } from '../gql/index.js';
import { expectData, request } from './client.js';
import type { TestUser } from './users.js';

const BefriendRequestMutation = graphql(`
  mutation BefriendRequest($userId: ID!) {
    sendFriendRequest(userId: $userId) {
      id
    }
  }
`);

const BefriendAcceptMutation = graphql(`
  mutation BefriendAccept($requestId: ID!) {
    acceptFriendRequest(requestId: $requestId) {
      id
    }
  }
`);

/** Makes two users friends: a asks, b accepts. */
export async function makeFriends(url: string, a: TestUser, b: TestUser): Promise<void> {
  const { sendFriendRequest } = expectData(
    await request(url, BefriendRequestMutation, { userId: b.id }, { token: a.token }),
  );
  expectData(await request(url, BefriendAcceptMutation, { requestId: sendFriendRequest.id }, { token: b.token }));
}
