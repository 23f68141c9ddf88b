import { graphql } from '../../gql';

graphql(`
  fragment RoomSummary on Room {
    id
    kind
    name
    unreadCount
    members {
      id
      displayName
    }
    lastMessage {
      id
      body
      deletedAt
      sender {
        id
        displayName
      }
    }
  }
`);

export const RoomsQuery = graphql(`
  query Rooms {
    rooms(first: 100) {
      edges {
        node {
          ...RoomSummary
        }
      }
    }
  }
`);

/** Only a nudge to refetch: the list is re-read from the server, so nothing is merged by hand. */
export const InboxSubscription = graphql(`
  subscription Inbox {
    inbox {
      kind
      roomId
    }
  }
`);
