import { graphql } from '../../gql';

graphql(`
  fragment ChatMessage on Message {
    id
    cursor
    body
    clientId
    createdAt
    editedAt
    deletedAt
    sender {
      id
      displayName
    }
    threadRoot {
      id
    }
  }
`);

graphql(`
  fragment MessagePage on MessageConnection {
    edges {
      node {
        ...ChatMessage
      }
    }
    pageInfo {
      hasPreviousPage
      startCursor
      endCursor
    }
  }
`);

export const RoomQuery = graphql(`
  query Room($id: ID!, $last: Int!) {
    room(id: $id) {
      id
      kind
      name
      headCursor
      members {
        id
        displayName
      }
      messages(last: $last) {
        ...MessagePage
      }
    }
  }
`);

export const OlderMessagesQuery = graphql(`
  query OlderMessages($id: ID!, $last: Int!, $before: String!) {
    room(id: $id) {
      id
      messages(last: $last, before: $before) {
        ...MessagePage
      }
    }
  }
`);

export const MessageAddedSubscription = graphql(`
  subscription MessageAdded($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      ...ChatMessage
    }
  }
`);

export const MessageUpdatedSubscription = graphql(`
  subscription MessageUpdated($roomId: ID!) {
    messageUpdated(roomId: $roomId) {
      ...ChatMessage
    }
  }
`);

export const TypingSubscription = graphql(`
  subscription Typing($roomId: ID!) {
    typing(roomId: $roomId) {
      typing
      expiresAt
      user {
        id
        displayName
      }
    }
  }
`);

export const SendMessageMutation = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
    }
  }
`);

export const EditMessageMutation = graphql(`
  mutation EditMessage($input: EditMessageInput!) {
    editMessage(input: $input) {
      ...ChatMessage
    }
  }
`);

export const DeleteMessageMutation = graphql(`
  mutation DeleteMessage($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      ...ChatMessage
    }
  }
`);

export const SendTypingMutation = graphql(`
  mutation SendTyping($roomId: ID!) {
    sendTypingIndicator(roomId: $roomId)
  }
`);

export const MarkReadMutation = graphql(`
  mutation MarkRead($roomId: ID!) {
    markRoomRead(roomId: $roomId) {
      id
      unreadCount
    }
  }
`);
