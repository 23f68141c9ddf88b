import { graphql } from '../../gql';

graphql(`
  fragment Person on User {
    id
    username
    displayName
    friendship
  }
`);

export const SearchUsersQuery = graphql(`
  query SearchUsers($query: String!) {
    searchUsers(query: $query, first: 8) {
      edges {
        node {
          ...Person
        }
      }
    }
  }
`);

export const FriendsQuery = graphql(`
  query Friends {
    friends(first: 100) {
      edges {
        node {
          ...Person
        }
      }
    }
  }
`);

export const IncomingRequestsQuery = graphql(`
  query IncomingRequests {
    incomingFriendRequests {
      id
      from {
        ...Person
      }
    }
  }
`);

export const SendFriendRequestMutation = graphql(`
  mutation SendFriendRequest($userId: ID!) {
    sendFriendRequest(userId: $userId) {
      id
      to {
        ...Person
      }
    }
  }
`);

export const AcceptFriendRequestMutation = graphql(`
  mutation AcceptFriendRequest($requestId: ID!) {
    acceptFriendRequest(requestId: $requestId) {
      ...Person
    }
  }
`);

export const DeclineFriendRequestMutation = graphql(`
  mutation DeclineFriendRequest($requestId: ID!) {
    declineFriendRequest(requestId: $requestId)
  }
`);

export const OpenDirectRoomMutation = graphql(`
  mutation OpenDirectRoom($userId: ID!) {
    openDirectRoom(userId: $userId) {
      id
    }
  }
`);
