/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment Person on User {\n    id\n    username\n    displayName\n    friendship\n  }\n": typeof types.PersonFragmentDoc,
    "\n  query SearchUsers($query: String!) {\n    searchUsers(query: $query, first: 8) {\n      edges {\n        node {\n          ...Person\n        }\n      }\n    }\n  }\n": typeof types.SearchUsersDocument,
    "\n  query Friends {\n    friends(first: 100) {\n      edges {\n        node {\n          ...Person\n        }\n      }\n    }\n  }\n": typeof types.FriendsDocument,
    "\n  query IncomingRequests {\n    incomingFriendRequests {\n      id\n      from {\n        ...Person\n      }\n    }\n  }\n": typeof types.IncomingRequestsDocument,
    "\n  mutation SendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n      to {\n        ...Person\n      }\n    }\n  }\n": typeof types.SendFriendRequestDocument,
    "\n  mutation AcceptFriendRequest($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      ...Person\n    }\n  }\n": typeof types.AcceptFriendRequestDocument,
    "\n  mutation DeclineFriendRequest($requestId: ID!) {\n    declineFriendRequest(requestId: $requestId)\n  }\n": typeof types.DeclineFriendRequestDocument,
    "\n  mutation OpenDirectRoom($userId: ID!) {\n    openDirectRoom(userId: $userId) {\n      id\n    }\n  }\n": typeof types.OpenDirectRoomDocument,
    "\n  fragment ChatMessage on Message {\n    id\n    cursor\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      displayName\n    }\n    threadRoot {\n      id\n    }\n  }\n": typeof types.ChatMessageFragmentDoc,
    "\n  fragment MessagePage on MessageConnection {\n    edges {\n      node {\n        ...ChatMessage\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n  }\n": typeof types.MessagePageFragmentDoc,
    "\n  query Room($id: ID!, $last: Int!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      headCursor\n      members {\n        id\n        displayName\n      }\n      messages(last: $last) {\n        ...MessagePage\n      }\n    }\n  }\n": typeof types.RoomDocument,
    "\n  query OlderMessages($id: ID!, $last: Int!, $before: String!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagePage\n      }\n    }\n  }\n": typeof types.OlderMessagesDocument,
    "\n  subscription MessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      ...ChatMessage\n    }\n  }\n": typeof types.MessageAddedDocument,
    "\n  subscription MessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      ...ChatMessage\n    }\n  }\n": typeof types.MessageUpdatedDocument,
    "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      expiresAt\n      user {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.TypingDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      ...ChatMessage\n    }\n  }\n": typeof types.EditMessageDocument,
    "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...ChatMessage\n    }\n  }\n": typeof types.DeleteMessageDocument,
    "\n  mutation SendTyping($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n": typeof types.SendTypingDocument,
    "\n  mutation MarkRead($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      id\n      unreadCount\n    }\n  }\n": typeof types.MarkReadDocument,
    "\n  fragment RoomSummary on Room {\n    id\n    kind\n    name\n    unreadCount\n    members {\n      id\n      displayName\n    }\n    lastMessage {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.RoomSummaryFragmentDoc,
    "\n  query Rooms {\n    rooms(first: 100) {\n      edges {\n        node {\n          ...RoomSummary\n        }\n      }\n    }\n  }\n": typeof types.RoomsDocument,
    "\n  subscription Inbox {\n    inbox {\n      kind\n      roomId\n    }\n  }\n": typeof types.InboxDocument,
    "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      username\n      displayName\n    }\n  }\n": typeof types.AuthFieldsFragmentDoc,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...AuthFields\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...AuthFields\n    }\n  }\n": typeof types.LogInDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(input: { refreshToken: $refreshToken }) {\n      ...AuthFields\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation LogOut {\n    logOut\n  }\n": typeof types.LogOutDocument,
};
const documents: Documents = {
    "\n  fragment Person on User {\n    id\n    username\n    displayName\n    friendship\n  }\n": types.PersonFragmentDoc,
    "\n  query SearchUsers($query: String!) {\n    searchUsers(query: $query, first: 8) {\n      edges {\n        node {\n          ...Person\n        }\n      }\n    }\n  }\n": types.SearchUsersDocument,
    "\n  query Friends {\n    friends(first: 100) {\n      edges {\n        node {\n          ...Person\n        }\n      }\n    }\n  }\n": types.FriendsDocument,
    "\n  query IncomingRequests {\n    incomingFriendRequests {\n      id\n      from {\n        ...Person\n      }\n    }\n  }\n": types.IncomingRequestsDocument,
    "\n  mutation SendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n      to {\n        ...Person\n      }\n    }\n  }\n": types.SendFriendRequestDocument,
    "\n  mutation AcceptFriendRequest($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      ...Person\n    }\n  }\n": types.AcceptFriendRequestDocument,
    "\n  mutation DeclineFriendRequest($requestId: ID!) {\n    declineFriendRequest(requestId: $requestId)\n  }\n": types.DeclineFriendRequestDocument,
    "\n  mutation OpenDirectRoom($userId: ID!) {\n    openDirectRoom(userId: $userId) {\n      id\n    }\n  }\n": types.OpenDirectRoomDocument,
    "\n  fragment ChatMessage on Message {\n    id\n    cursor\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      displayName\n    }\n    threadRoot {\n      id\n    }\n  }\n": types.ChatMessageFragmentDoc,
    "\n  fragment MessagePage on MessageConnection {\n    edges {\n      node {\n        ...ChatMessage\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n  }\n": types.MessagePageFragmentDoc,
    "\n  query Room($id: ID!, $last: Int!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      headCursor\n      members {\n        id\n        displayName\n      }\n      messages(last: $last) {\n        ...MessagePage\n      }\n    }\n  }\n": types.RoomDocument,
    "\n  query OlderMessages($id: ID!, $last: Int!, $before: String!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagePage\n      }\n    }\n  }\n": types.OlderMessagesDocument,
    "\n  subscription MessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      ...ChatMessage\n    }\n  }\n": types.MessageAddedDocument,
    "\n  subscription MessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      ...ChatMessage\n    }\n  }\n": types.MessageUpdatedDocument,
    "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      expiresAt\n      user {\n        id\n        displayName\n      }\n    }\n  }\n": types.TypingDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      ...ChatMessage\n    }\n  }\n": types.EditMessageDocument,
    "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...ChatMessage\n    }\n  }\n": types.DeleteMessageDocument,
    "\n  mutation SendTyping($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n": types.SendTypingDocument,
    "\n  mutation MarkRead($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      id\n      unreadCount\n    }\n  }\n": types.MarkReadDocument,
    "\n  fragment RoomSummary on Room {\n    id\n    kind\n    name\n    unreadCount\n    members {\n      id\n      displayName\n    }\n    lastMessage {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n": types.RoomSummaryFragmentDoc,
    "\n  query Rooms {\n    rooms(first: 100) {\n      edges {\n        node {\n          ...RoomSummary\n        }\n      }\n    }\n  }\n": types.RoomsDocument,
    "\n  subscription Inbox {\n    inbox {\n      kind\n      roomId\n    }\n  }\n": types.InboxDocument,
    "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      username\n      displayName\n    }\n  }\n": types.AuthFieldsFragmentDoc,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...AuthFields\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...AuthFields\n    }\n  }\n": types.LogInDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(input: { refreshToken: $refreshToken }) {\n      ...AuthFields\n    }\n  }\n": types.RefreshDocument,
    "\n  mutation LogOut {\n    logOut\n  }\n": types.LogOutDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Person on User {\n    id\n    username\n    displayName\n    friendship\n  }\n"): (typeof documents)["\n  fragment Person on User {\n    id\n    username\n    displayName\n    friendship\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchUsers($query: String!) {\n    searchUsers(query: $query, first: 8) {\n      edges {\n        node {\n          ...Person\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchUsers($query: String!) {\n    searchUsers(query: $query, first: 8) {\n      edges {\n        node {\n          ...Person\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Friends {\n    friends(first: 100) {\n      edges {\n        node {\n          ...Person\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Friends {\n    friends(first: 100) {\n      edges {\n        node {\n          ...Person\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncomingRequests {\n    incomingFriendRequests {\n      id\n      from {\n        ...Person\n      }\n    }\n  }\n"): (typeof documents)["\n  query IncomingRequests {\n    incomingFriendRequests {\n      id\n      from {\n        ...Person\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n      to {\n        ...Person\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n      to {\n        ...Person\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptFriendRequest($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      ...Person\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptFriendRequest($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      ...Person\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineFriendRequest($requestId: ID!) {\n    declineFriendRequest(requestId: $requestId)\n  }\n"): (typeof documents)["\n  mutation DeclineFriendRequest($requestId: ID!) {\n    declineFriendRequest(requestId: $requestId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenDirectRoom($userId: ID!) {\n    openDirectRoom(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation OpenDirectRoom($userId: ID!) {\n    openDirectRoom(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChatMessage on Message {\n    id\n    cursor\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      displayName\n    }\n    threadRoot {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment ChatMessage on Message {\n    id\n    cursor\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      displayName\n    }\n    threadRoot {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessagePage on MessageConnection {\n    edges {\n      node {\n        ...ChatMessage\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n  }\n"): (typeof documents)["\n  fragment MessagePage on MessageConnection {\n    edges {\n      node {\n        ...ChatMessage\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Room($id: ID!, $last: Int!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      headCursor\n      members {\n        id\n        displayName\n      }\n      messages(last: $last) {\n        ...MessagePage\n      }\n    }\n  }\n"): (typeof documents)["\n  query Room($id: ID!, $last: Int!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      headCursor\n      members {\n        id\n        displayName\n      }\n      messages(last: $last) {\n        ...MessagePage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OlderMessages($id: ID!, $last: Int!, $before: String!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagePage\n      }\n    }\n  }\n"): (typeof documents)["\n  query OlderMessages($id: ID!, $last: Int!, $before: String!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagePage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      ...ChatMessage\n    }\n  }\n"): (typeof documents)["\n  subscription MessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      ...ChatMessage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      ...ChatMessage\n    }\n  }\n"): (typeof documents)["\n  subscription MessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      ...ChatMessage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      expiresAt\n      user {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      expiresAt\n      user {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      ...ChatMessage\n    }\n  }\n"): (typeof documents)["\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      ...ChatMessage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...ChatMessage\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...ChatMessage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTyping($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation SendTyping($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkRead($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      id\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation MarkRead($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      id\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RoomSummary on Room {\n    id\n    kind\n    name\n    unreadCount\n    members {\n      id\n      displayName\n    }\n    lastMessage {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment RoomSummary on Room {\n    id\n    kind\n    name\n    unreadCount\n    members {\n      id\n      displayName\n    }\n    lastMessage {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Rooms {\n    rooms(first: 100) {\n      edges {\n        node {\n          ...RoomSummary\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Rooms {\n    rooms(first: 100) {\n      edges {\n        node {\n          ...RoomSummary\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Inbox {\n    inbox {\n      kind\n      roomId\n    }\n  }\n"): (typeof documents)["\n  subscription Inbox {\n    inbox {\n      kind\n      roomId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      username\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment AuthFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      username\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...AuthFields\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...AuthFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...AuthFields\n    }\n  }\n"): (typeof documents)["\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...AuthFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(input: { refreshToken: $refreshToken }) {\n      ...AuthFields\n    }\n  }\n"): (typeof documents)["\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(input: { refreshToken: $refreshToken }) {\n      ...AuthFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOut {\n    logOut\n  }\n"): (typeof documents)["\n  mutation LogOut {\n    logOut\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;