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
    "\n  mutation AccountsLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": typeof types.AccountsLogInDocument,
    "\n  mutation AccountsRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n    }\n  }\n": typeof types.AccountsRefreshDocument,
    "\n  query AccountsSessions {\n    sessions {\n      id\n      current\n      userAgent\n      createdAt\n      lastUsedAt\n    }\n  }\n": typeof types.AccountsSessionsDocument,
    "\n  mutation AccountsRevokeSession($sessionId: ID!) {\n    revokeSession(sessionId: $sessionId)\n  }\n": typeof types.AccountsRevokeSessionDocument,
    "\n  mutation AccountsLogOutEverywhere {\n    logOutEverywhere\n  }\n": typeof types.AccountsLogOutEverywhereDocument,
    "\n  mutation AccountsUpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      displayName\n    }\n  }\n": typeof types.AccountsUpdateProfileDocument,
    "\n  mutation AccountsChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": typeof types.AccountsChangePasswordDocument,
    "\n  query AccountsMe {\n    me {\n      id\n      displayName\n    }\n  }\n": typeof types.AccountsMeDocument,
    "\n  mutation EditLimited($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.EditLimitedDocument,
    "\n  mutation DeleteLimited($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": typeof types.DeleteLimitedDocument,
    "\n  mutation MarkReadLimited($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      id\n    }\n  }\n": typeof types.MarkReadLimitedDocument,
    "\n  mutation CreateRoomLimited($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateRoomLimitedDocument,
    "\n  query AmplificationMe {\n    me {\n      id\n    }\n  }\n": typeof types.AmplificationMeDocument,
    "\n  query Me {\n    me {\n      id\n      username\n      displayName\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n      }\n    }\n  }\n": typeof types.LogInDocument,
    "\n  mutation Refresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n      refreshTokenExpiresAt\n      user {\n        id\n      }\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation LogOut {\n    logOut\n  }\n": typeof types.LogOutDocument,
    "\n  query UserByName($username: String!) {\n    user(username: $username) {\n      id\n      username\n    }\n  }\n": typeof types.UserByNameDocument,
    "\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      ... on User {\n        username\n      }\n    }\n  }\n": typeof types.NodeByIdDocument,
    "\n  subscription ApolloMessageAdded($roomId: ID!) {\n    messageAdded(roomId: $roomId) {\n      id\n      body\n    }\n  }\n": typeof types.ApolloMessageAddedDocument,
    "\n  query BrowserHttpMe {\n    me {\n      id\n    }\n  }\n": typeof types.BrowserHttpMeDocument,
    "\n  subscription ClientMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n    }\n  }\n": typeof types.ClientMessagesDocument,
    "\n  query ClientViewer {\n    me {\n      id\n    }\n  }\n": typeof types.ClientViewerDocument,
    "\n  mutation ClientSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      body\n    }\n  }\n": typeof types.ClientSendDocument,
    "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n": typeof types.DeleteAccountDocument,
    "\n  mutation DeleteAccountLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": typeof types.DeleteAccountLogInDocument,
    "\n  mutation DeleteAccountRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n    }\n  }\n": typeof types.DeleteAccountRefreshDocument,
    "\n  query DeleteAccountMe {\n    me {\n      id\n    }\n  }\n": typeof types.DeleteAccountMeDocument,
    "\n  query DeleteAccountRoom($id: ID!) {\n    room(id: $id) {\n      members {\n        id\n        username\n        displayName\n        deletedAt\n      }\n      messages(last: 20) {\n        edges {\n          node {\n            id\n            body\n            sender {\n              id\n              username\n              displayName\n              deletedAt\n              friendship\n            }\n            mentions {\n              id\n              displayName\n              deletedAt\n            }\n            reactions {\n              emoji\n              users(first: 10) {\n                edges {\n                  node {\n                    id\n                    displayName\n                    deletedAt\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DeleteAccountRoomDocument,
    "\n  query DeleteAccountMessageSender($id: ID!) {\n    node(id: $id) {\n      ... on Message {\n        sender {\n          id\n          username\n          displayName\n          deletedAt\n        }\n      }\n    }\n  }\n": typeof types.DeleteAccountMessageSenderDocument,
    "\n  query DeleteAccountSearchMessages($query: String!) {\n    searchMessages(query: $query) {\n      edges {\n        node {\n          id\n          sender {\n            id\n            username\n            displayName\n            deletedAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.DeleteAccountSearchMessagesDocument,
    "\n  query DeleteAccountLookUps($id: ID!, $username: String!, $query: String!) {\n    user(username: $username) {\n      id\n    }\n    searchUsers(query: $query) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    node(id: $id) {\n      id\n    }\n  }\n": typeof types.DeleteAccountLookUpsDocument,
    "\n  query DeleteAccountSearchUsers($query: String!) {\n    searchUsers(query: $query) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.DeleteAccountSearchUsersDocument,
    "\n  query DeleteAccountRelations {\n    friends(first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    incomingFriendRequests {\n      id\n    }\n    outgoingFriendRequests {\n      id\n    }\n  }\n": typeof types.DeleteAccountRelationsDocument,
    "\n  mutation DeleteAccountSendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n": typeof types.DeleteAccountSendFriendRequestDocument,
    "\n  mutation DeleteAccountBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n": typeof types.DeleteAccountBlockDocument,
    "\n  mutation DeleteAccountAddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n    }\n  }\n": typeof types.DeleteAccountAddReactionDocument,
    "\n  query DeletedOwnerRoomRoles($id: ID!) {\n    room(id: $id) {\n      memberships {\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DeletedOwnerRoomRolesDocument,
    "\n  mutation DeletedJoinerAdd($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n    }\n  }\n": typeof types.DeletedJoinerAddDocument,
    "\n  query DeletedJoinerMembers($id: ID!) {\n    room(id: $id) {\n      members {\n        id\n      }\n    }\n  }\n": typeof types.DeletedJoinerMembersDocument,
    "\n  mutation DirectRoomRemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n": typeof types.DirectRoomRemoveFriendDocument,
    "\n  mutation DirectRoomBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": typeof types.DirectRoomBlockDocument,
    "\n  mutation DirectRoomUnblock($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n    }\n  }\n": typeof types.DirectRoomUnblockDocument,
    "\n  mutation DirectRoomTyping($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n": typeof types.DirectRoomTypingDocument,
    "\n  mutation DirectRoomEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.DirectRoomEditDocument,
    "\n  query DirectRoomHistory($id: ID!, $messageId: ID!) {\n    room(id: $id) {\n      id\n      messages(last: 10) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n    node(id: $messageId) {\n      ... on Message {\n        body\n      }\n    }\n    rooms(first: 10) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.DirectRoomHistoryDocument,
    "\n  subscription DirectInbox {\n    inbox {\n      kind\n      message {\n        body\n      }\n    }\n  }\n": typeof types.DirectInboxDocument,
    "\n  subscription DirectRoomMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n    }\n  }\n": typeof types.DirectRoomMessageAddedDocument,
    "\n  subscription DirectRoomMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      body\n    }\n  }\n": typeof types.DirectRoomMessageUpdatedDocument,
    "\n  subscription DirectRoomTypingEvents($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n    }\n  }\n": typeof types.DirectRoomTypingEventsDocument,
    "\n  query ViewerOfLockHolder {\n    me {\n      id\n    }\n  }\n": typeof types.ViewerOfLockHolderDocument,
    "\n  mutation SendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n      createdAt\n      from {\n        id\n      }\n      to {\n        id\n      }\n    }\n  }\n": typeof types.SendFriendRequestDocument,
    "\n  mutation AcceptFriendRequest($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      id\n      username\n      friendship\n    }\n  }\n": typeof types.AcceptFriendRequestDocument,
    "\n  mutation DeclineFriendRequest($requestId: ID!) {\n    declineFriendRequest(requestId: $requestId)\n  }\n": typeof types.DeclineFriendRequestDocument,
    "\n  mutation CancelFriendRequest($requestId: ID!) {\n    cancelFriendRequest(requestId: $requestId)\n  }\n": typeof types.CancelFriendRequestDocument,
    "\n  mutation RemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n": typeof types.RemoveFriendDocument,
    "\n  mutation BlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n": typeof types.BlockUserDocument,
    "\n  mutation UnblockUser($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n": typeof types.UnblockUserDocument,
    "\n  query FriendRequests {\n    incomingFriendRequests {\n      id\n      createdAt\n      from {\n        id\n        friendship\n      }\n      to {\n        id\n        friendship\n      }\n    }\n    outgoingFriendRequests {\n      id\n      from {\n        id\n      }\n      to {\n        id\n      }\n    }\n  }\n": typeof types.FriendRequestsDocument,
    "\n  query Friends($first: Int, $after: String, $last: Int, $before: String) {\n    friends(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          username\n          friendship\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.FriendsDocument,
    "\n  query SearchUsers($query: String!, $first: Int, $after: String) {\n    searchUsers(query: $query, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          username\n          displayName\n          friendship\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SearchUsersDocument,
    "\n  query SearchUsernames($query: String!) {\n    searchUsers(query: $query) {\n      edges {\n        node {\n          username\n        }\n      }\n    }\n  }\n": typeof types.SearchUsernamesDocument,
    "\n  query Friendship($id: ID!) {\n    node(id: $id) {\n      id\n      ... on User {\n        friendship\n      }\n    }\n  }\n": typeof types.FriendshipDocument,
    "\n  query FriendsUserByName($username: String!) {\n    user(username: $username) {\n      id\n      friendship\n    }\n  }\n": typeof types.FriendsUserByNameDocument,
    "\n  query FriendRequestNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on FriendRequest {\n        from {\n          id\n        }\n        to {\n          id\n        }\n      }\n    }\n  }\n": typeof types.FriendRequestNodeDocument,
    "\n  mutation SignUpWithFriendship($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        friendship\n      }\n    }\n  }\n": typeof types.SignUpWithFriendshipDocument,
    "\n  query HeadCursor($id: ID!) {\n    node(id: $id) {\n      ... on Room {\n        headCursor\n        lastMessage {\n          cursor\n        }\n      }\n    }\n  }\n": typeof types.HeadCursorDocument,
    "\n  subscription MessagesFromHead($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n      cursor\n    }\n  }\n": typeof types.MessagesFromHeadDocument,
    "\n  mutation ClientRefreshTokens($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": typeof types.ClientRefreshTokensDocument,
    "\n  mutation ClientSendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      cursor\n    }\n  }\n": typeof types.ClientSendMessageDocument,
    "\n  query ClientRoomHead($id: ID!) {\n    room(id: $id) {\n      headCursor\n    }\n  }\n": typeof types.ClientRoomHeadDocument,
    "\n  mutation OpenDirectRoom($userId: ID!) {\n    openDirectRoom(userId: $userId) {\n      id\n      kind\n      name\n      members {\n        id\n      }\n    }\n  }\n": typeof types.OpenDirectRoomDocument,
    "\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n      kind\n      name\n      members {\n        id\n      }\n    }\n  }\n": typeof types.CreateRoomDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      body\n      clientId\n      cursor\n      createdAt\n      sender {\n        id\n      }\n      room {\n        id\n      }\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation BefriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n": typeof types.BefriendRequestDocument,
    "\n  mutation BefriendAccept($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      id\n    }\n  }\n": typeof types.BefriendAcceptDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      refreshTokenExpiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  query Ping {\n    me {\n      id\n    }\n  }\n": typeof types.PingDocument,
    "\n  mutation LogInLimited($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n": typeof types.LogInLimitedDocument,
    "\n  mutation TypingLimited($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n": typeof types.TypingLimitedDocument,
    "\n  mutation FriendRequestLimited($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n": typeof types.FriendRequestLimitedDocument,
    "\n  subscription MessagesLimited($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n    }\n  }\n": typeof types.MessagesLimitedDocument,
    "\n  mutation LogOutForSweep {\n    logOut\n  }\n": typeof types.LogOutForSweepDocument,
    "\n  mutation RefreshForSweep($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": typeof types.RefreshForSweepDocument,
    "\n  subscription NginxMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      cursor\n    }\n  }\n": typeof types.NginxMessageAddedDocument,
    "\n  query NginxRoomHistory($roomId: ID!, $after: String) {\n    room(id: $roomId) {\n      messages(first: 100, after: $after) {\n        edges {\n          node {\n            id\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.NginxRoomHistoryDocument,
    "\n  subscription ObservedMessages($roomId: ID!) {\n    messageAdded(roomId: $roomId) {\n      id\n      body\n    }\n  }\n": typeof types.ObservedMessagesDocument,
    "\n  mutation ObservedLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n": typeof types.ObservedLogInDocument,
    "\n  subscription OutageMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n    }\n  }\n": typeof types.OutageMessagesDocument,
    "\n  subscription OutageTyping($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      user {\n        id\n      }\n    }\n  }\n": typeof types.OutageTypingDocument,
    "\n  subscription OutageUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      deletedAt\n    }\n  }\n": typeof types.OutageUpdatesDocument,
    "\n  subscription OutageInboxMessages {\n    inbox {\n      kind\n      message {\n        id\n      }\n    }\n  }\n": typeof types.OutageInboxMessagesDocument,
    "\n  mutation OutageEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.OutageEditDocument,
    "\n  mutation OutageDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": typeof types.OutageDeleteDocument,
    "\n  mutation OutageTypingSignal($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n": typeof types.OutageTypingSignalDocument,
    "\n  subscription OutageInboxEvents {\n    inbox {\n      kind\n    }\n  }\n": typeof types.OutageInboxEventsDocument,
    "\n  query HistoryCount($roomId: ID!) {\n    room(id: $roomId) {\n      messages(last: 100) {\n        edges {\n          node {\n            id\n            body\n          }\n        }\n      }\n    }\n  }\n": typeof types.HistoryCountDocument,
    "\n  query WhoIsIt {\n    me {\n      id\n    }\n  }\n": typeof types.WhoIsItDocument,
    "\n  mutation LogOutDuringOutage {\n    logOut\n  }\n": typeof types.LogOutDuringOutageDocument,
    "\n  mutation PayloadAskFriend($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n": typeof types.PayloadAskFriendDocument,
    "\n  mutation PayloadRejectRequest($requestId: ID!) {\n    rejectFriendRequest(requestId: $requestId) {\n      removedRequestId\n      user {\n        id\n        friendship\n      }\n    }\n  }\n": typeof types.PayloadRejectRequestDocument,
    "\n  mutation PayloadWithdrawRequest($requestId: ID!) {\n    withdrawFriendRequest(requestId: $requestId) {\n      removedRequestId\n      user {\n        id\n        friendship\n      }\n    }\n  }\n": typeof types.PayloadWithdrawRequestDocument,
    "\n  query PayloadRequests {\n    incomingFriendRequests {\n      id\n    }\n    outgoingFriendRequests {\n      id\n    }\n  }\n": typeof types.PayloadRequestsDocument,
    "\n  mutation PayloadUnfriend($userId: ID!) {\n    unfriend(userId: $userId) {\n      user {\n        id\n        friendship\n      }\n    }\n  }\n": typeof types.PayloadUnfriendDocument,
    "\n  mutation PayloadBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": typeof types.PayloadBlockDocument,
    "\n  query PayloadFriends {\n    friends(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.PayloadFriendsDocument,
    "\n  mutation PayloadLeaveGroupRoom($roomId: ID!) {\n    leaveGroupRoom(roomId: $roomId) {\n      removedRoomId\n    }\n  }\n": typeof types.PayloadLeaveGroupRoomDocument,
    "\n  query PayloadRoom($id: ID!) {\n    room(id: $id) {\n      id\n      members {\n        id\n      }\n    }\n  }\n": typeof types.PayloadRoomDocument,
    "\n  mutation PayloadLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n": typeof types.PayloadLogInDocument,
    "\n  query PayloadSessions {\n    sessions {\n      id\n      current\n    }\n  }\n": typeof types.PayloadSessionsDocument,
    "\n  mutation PayloadEndSession($sessionId: ID!) {\n    endSession(sessionId: $sessionId) {\n      removedSessionId\n    }\n  }\n": typeof types.PayloadEndSessionDocument,
    "\n  subscription PgbMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      cursor\n    }\n  }\n": typeof types.PgbMessageAddedDocument,
    "\n  subscription PgbMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      editedAt\n      reactions {\n        emoji\n        count\n      }\n    }\n  }\n": typeof types.PgbMessageUpdatedDocument,
    "\n  mutation PgbEditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      body\n    }\n  }\n": typeof types.PgbEditMessageDocument,
    "\n  mutation PgbAddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n    }\n  }\n": typeof types.PgbAddReactionDocument,
    "\n  query PgbUnread($roomId: ID!) {\n    room(id: $roomId) {\n      unreadCount\n    }\n  }\n": typeof types.PgbUnreadDocument,
    "\n  mutation PgbMarkRead($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      unreadCount\n    }\n  }\n": typeof types.PgbMarkReadDocument,
    "\n  mutation PgbFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n": typeof types.PgbFriendRequestDocument,
    "\n  query PgbFriends {\n    friends(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.PgbFriendsDocument,
    "\n  mutation PinsPin($messageId: ID!) {\n    pinMessage(messageId: $messageId) {\n      id\n      body\n      pinnedAt\n    }\n  }\n": typeof types.PinsPinDocument,
    "\n  mutation PinsUnpin($messageId: ID!) {\n    unpinMessage(messageId: $messageId) {\n      id\n      pinnedAt\n    }\n  }\n": typeof types.PinsUnpinDocument,
    "\n  query PinsOfRoom($id: ID!) {\n    room(id: $id) {\n      pinnedMessages {\n        id\n        body\n        pinnedAt\n      }\n    }\n  }\n": typeof types.PinsOfRoomDocument,
    "\n  query PinsOfRooms($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          pinnedMessages {\n            id\n            body\n            sender {\n              username\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.PinsOfRoomsDocument,
    "\n  mutation PinsDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n      pinnedAt\n    }\n  }\n": typeof types.PinsDeleteDocument,
    "\n  mutation PinsEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.PinsEditDocument,
    "\n  mutation PinsLeave($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": typeof types.PinsLeaveDocument,
    "\n  mutation PinsRemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n": typeof types.PinsRemoveFriendDocument,
    "\n  subscription PinsUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      pinnedAt\n      deletedAt\n    }\n  }\n": typeof types.PinsUpdatesDocument,
    "\n  query PresenceOfUser($username: String!) {\n    user(username: $username) {\n      id\n      presence {\n        online\n        lastSeenAt\n      }\n    }\n  }\n": typeof types.PresenceOfUserDocument,
    "\n  query PresenceOfMembers($roomId: ID!) {\n    room(id: $roomId) {\n      members {\n        id\n        presence {\n          online\n          lastSeenAt\n        }\n      }\n    }\n  }\n": typeof types.PresenceOfMembersDocument,
    "\n  query PresenceOfFriends {\n    friends(first: 50) {\n      edges {\n        node {\n          id\n          presence {\n            online\n          }\n        }\n      }\n    }\n  }\n": typeof types.PresenceOfFriendsDocument,
    "\n  subscription PresenceChanges {\n    presence {\n      user {\n        id\n        username\n      }\n      presence {\n        online\n        lastSeenAt\n      }\n    }\n  }\n": typeof types.PresenceChangesDocument,
    "\n  mutation PresenceBlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": typeof types.PresenceBlockUserDocument,
    "\n  query RoomsPage($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          name\n          unreadCount\n          members {\n            id\n            username\n          }\n          lastMessage {\n            id\n            body\n            sender {\n              id\n              username\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomsPageDocument,
    "\n  subscription SharedEvent($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      sender {\n        id\n        username\n      }\n    }\n  }\n": typeof types.SharedEventDocument,
    "\n  subscription ViewerDependentEvent($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      sender {\n        id\n        username\n        friendship\n      }\n    }\n  }\n": typeof types.ViewerDependentEventDocument,
    "\n  subscription InboxWithSender {\n    inbox {\n      kind\n      muted\n      details {\n        __typename\n        ... on InboxMessageAdded {\n          message {\n            id\n            sender {\n              id\n              displayName\n              friendship\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.InboxWithSenderDocument,
    "\n  query MessagesPage($roomId: ID!, $first: Int!) {\n    room(id: $roomId) {\n      messages(first: $first) {\n        edges {\n          node {\n            body\n            sender {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.MessagesPageDocument,
    "\n  query RoomsWithHistory($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          messages(last: 3) {\n            edges {\n              node {\n                body\n                sender {\n                  username\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomsWithHistoryDocument,
    "\n  query MessagesWithTheirRoomsHistory($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          lastMessage {\n            room {\n              messages(last: 2) {\n                edges {\n                  node {\n                    body\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.MessagesWithTheirRoomsHistoryDocument,
    "\n  mutation ReactionAdd($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": typeof types.ReactionAddDocument,
    "\n  mutation ReactionRemove($messageId: ID!, $emoji: String!) {\n    removeReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": typeof types.ReactionRemoveDocument,
    "\n  query ReactionRead($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      __typename\n      ... on Message {\n        reactions {\n          emoji\n          count\n          reactedByMe\n          users(first: $first, after: $after) {\n            edges {\n              cursor\n              node {\n                id\n              }\n            }\n            pageInfo {\n              hasNextPage\n              endCursor\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ReactionReadDocument,
    "\n  subscription ReactionUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": typeof types.ReactionUpdatesDocument,
    "\n  mutation ReactionDeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": typeof types.ReactionDeleteMessageDocument,
    "\n  mutation ReactionLeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": typeof types.ReactionLeaveRoomDocument,
    "\n  mutation ReactionUnfriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n": typeof types.ReactionUnfriendDocument,
    "\n  mutation ReactionBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": typeof types.ReactionBlockDocument,
    "\n  query ReactionsPage($roomId: ID!, $first: Int!) {\n    room(id: $roomId) {\n      messages(first: $first) {\n        edges {\n          node {\n            id\n            reactions {\n              emoji\n              count\n              reactedByMe\n              users(first: 3) {\n                edges {\n                  node {\n                    username\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ReactionsPageDocument,
    "\n  mutation ReceiptsMarkRead($roomId: ID!, $messageId: ID) {\n    markRoomRead(roomId: $roomId, messageId: $messageId) {\n      id\n    }\n  }\n": typeof types.ReceiptsMarkReadDocument,
    "\n  query ReceiptsMemberships($id: ID!) {\n    room(id: $id) {\n      unreadCount\n      mutedUntil\n      memberships {\n        edges {\n          node {\n            user {\n              id\n            }\n            lastReadMessage {\n              id\n            }\n            lastReadAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.ReceiptsMembershipsDocument,
    "\n  subscription ReadReceipts($roomId: ID!) {\n    readReceipts(roomId: $roomId) {\n      user {\n        id\n      }\n      role\n      lastReadMessage {\n        id\n      }\n      lastReadAt\n    }\n  }\n": typeof types.ReadReceiptsDocument,
    "\n  mutation MuteRoom($roomId: ID!, $until: DateTime) {\n    muteRoom(roomId: $roomId, until: $until) {\n      id\n      mutedUntil\n    }\n  }\n": typeof types.MuteRoomDocument,
    "\n  subscription MutedInbox {\n    inbox {\n      kind\n      muted\n      message {\n        body\n      }\n    }\n  }\n": typeof types.MutedInboxDocument,
    "\n  subscription OnMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      cursor\n      sender {\n        id\n      }\n    }\n  }\n": typeof types.OnMessageAddedDocument,
    "\n  subscription OnMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      editedAt\n      deletedAt\n    }\n  }\n": typeof types.OnMessageUpdatedDocument,
    "\n  subscription FriendshipOfSender($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      sender {\n        friendship\n      }\n    }\n  }\n": typeof types.FriendshipOfSenderDocument,
    "\n  subscription OnTyping($roomId: ID!) {\n    typing(roomId: $roomId) {\n      roomId\n      typing\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n": typeof types.OnTypingDocument,
    "\n  subscription OnInbox {\n    inbox {\n      kind\n      roomId\n      message {\n        body\n      }\n    }\n  }\n": typeof types.OnInboxDocument,
    "\n  mutation Typing($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n": typeof types.TypingDocument,
    "\n  query WhoOverSocket {\n    me {\n      id\n    }\n  }\n": typeof types.WhoOverSocketDocument,
    "\n  mutation LogOutForSocket {\n    logOut\n  }\n": typeof types.LogOutForSocketDocument,
    "\n  mutation RefreshForSocket($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      refreshToken\n    }\n  }\n": typeof types.RefreshForSocketDocument,
    "\n  mutation EditForSocket($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.EditForSocketDocument,
    "\n  mutation DeleteForSocket($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": typeof types.DeleteForSocketDocument,
    "\n  mutation LeaveForSocket($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": typeof types.LeaveForSocketDocument,
    "\n  mutation CookieLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": typeof types.CookieLogInDocument,
    "\n  mutation CookieRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": typeof types.CookieRefreshDocument,
    "\n  mutation CookieSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      refreshToken\n    }\n  }\n": typeof types.CookieSignUpDocument,
    "\n  mutation CookieLogOut {\n    logOut\n  }\n": typeof types.CookieLogOutDocument,
    "\n  mutation CookieLogOutEverywhere {\n    logOutEverywhere\n  }\n": typeof types.CookieLogOutEverywhereDocument,
    "\n  mutation CookieChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": typeof types.CookieChangePasswordDocument,
    "\n  mutation CappedCreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n    }\n  }\n": typeof types.CappedCreateRoomDocument,
    "\n  mutation CappedAddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      members {\n        id\n      }\n    }\n  }\n": typeof types.CappedAddMembersDocument,
    "\n  query RoomRoles($id: ID!) {\n    room(id: $id) {\n      id\n      name\n      topic\n      myRole\n      memberships(first: 100) {\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomRolesDocument,
    "\n  mutation UpdateRoom($input: UpdateRoomInput!) {\n    updateRoom(input: $input) {\n      id\n      name\n      topic\n    }\n  }\n": typeof types.UpdateRoomDocument,
    "\n  mutation RemoveRoomMember($roomId: ID!, $userId: ID!) {\n    removeRoomMember(roomId: $roomId, userId: $userId) {\n      id\n      members {\n        id\n      }\n    }\n  }\n": typeof types.RemoveRoomMemberDocument,
    "\n  mutation SetRoomMemberRole($roomId: ID!, $userId: ID!, $role: RoomRole!) {\n    setRoomMemberRole(roomId: $roomId, userId: $userId, role: $role) {\n      id\n      myRole\n    }\n  }\n": typeof types.SetRoomMemberRoleDocument,
    "\n  mutation AddMembersByRole($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n    }\n  }\n": typeof types.AddMembersByRoleDocument,
    "\n  mutation LeaveByRole($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": typeof types.LeaveByRoleDocument,
    "\n  subscription RolesMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n    }\n  }\n": typeof types.RolesMessageAddedDocument,
    "\n  subscription RolesInbox {\n    inbox {\n      kind\n      roomId\n      muted\n    }\n  }\n": typeof types.RolesInboxDocument,
    "\n  subscription RoomUpdated($roomId: ID!) {\n    roomUpdated(roomId: $roomId) {\n      kind\n      room {\n        topic\n      }\n      users {\n        id\n      }\n    }\n  }\n": typeof types.RoomUpdatedDocument,
    "\n  mutation MakeAdmin($roomId: ID!, $userId: ID!) {\n    setRoomMemberRole(roomId: $roomId, userId: $userId, role: ADMIN) {\n      id\n    }\n  }\n": typeof types.MakeAdminDocument,
    "\n  query RoomById($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      unreadCount\n      members {\n        id\n      }\n      lastMessage {\n        id\n        body\n      }\n    }\n  }\n": typeof types.RoomByIdDocument,
    "\n  query RoomWithPage($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      createdAt\n      messages(last: 5) {\n        edges {\n          node {\n            body\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n        }\n      }\n    }\n  }\n": typeof types.RoomWithPageDocument,
    "\n  query RoomOrMessageNode($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n": typeof types.RoomOrMessageNodeDocument,
    "\n  query MessagesForward($id: ID!, $first: Int, $after: String) {\n    room(id: $id) {\n      messages(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            body\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.MessagesForwardDocument,
    "\n  query TwoPagesOfOneRoom($id: ID!) {\n    room(id: $id) {\n      messages(first: 2) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n      ... on Room {\n        newest: messages(last: 2) {\n          edges {\n            node {\n              body\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.TwoPagesOfOneRoomDocument,
    "\n  query IncludedPage($id: ID!, $withPage: Boolean!) {\n    room(id: $id) {\n      id\n      messages(first: 2) @include(if: $withPage) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n  }\n": typeof types.IncludedPageDocument,
    "\n  query MessagesBackward($id: ID!, $last: Int, $before: String) {\n    room(id: $id) {\n      messages(last: $last, before: $before) {\n        edges {\n          cursor\n          node {\n            id\n            body\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.MessagesBackwardDocument,
    "\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      body\n      editedAt\n      deletedAt\n    }\n  }\n": typeof types.EditMessageDocument,
    "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n      body\n      deletedAt\n    }\n  }\n": typeof types.DeleteMessageDocument,
    "\n  mutation MarkRead($roomId: ID!, $messageId: ID) {\n    markRoomRead(roomId: $roomId, messageId: $messageId) {\n      id\n      unreadCount\n    }\n  }\n": typeof types.MarkReadDocument,
    "\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      members {\n        id\n      }\n    }\n  }\n": typeof types.AddMembersDocument,
    "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": typeof types.LeaveRoomDocument,
    "\n  query Rooms($first: Int, $after: String, $last: Int, $before: String) {\n    rooms(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n": typeof types.RoomsDocument,
    "\n  mutation BlockForRooms($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": typeof types.BlockForRoomsDocument,
    "\n  query SchemaScalarAndCodes {\n    dateTime: __type(name: \"DateTime\") {\n      kind\n      specifiedByURL\n    }\n    errorCode: __type(name: \"ErrorCode\") {\n      description\n      enumValues {\n        name\n        description\n      }\n    }\n    errorCodes\n  }\n": typeof types.SchemaScalarAndCodesDocument,
    "\n  subscription SchemaInboxDetails {\n    inbox {\n      kind\n      roomId\n      message {\n        id\n      }\n      details {\n        __typename\n        ... on InboxMessageAdded {\n          message {\n            id\n            body\n          }\n        }\n        ... on InboxMention {\n          message {\n            id\n            body\n          }\n        }\n        ... on InboxRoomAdded {\n          room {\n            id\n            name\n          }\n        }\n        ... on InboxRoomUpdated {\n          room {\n            id\n            name\n          }\n        }\n        ... on InboxRoomRemoved {\n          roomId\n        }\n      }\n    }\n  }\n": typeof types.SchemaInboxDetailsDocument,
    "\n  mutation SchemaRenameRoom($input: UpdateRoomInput!) {\n    updateRoom(input: $input) {\n      id\n    }\n  }\n": typeof types.SchemaRenameRoomDocument,
    "\n  mutation SchemaRemoveMember($roomId: ID!, $userId: ID!) {\n    removeRoomMember(roomId: $roomId, userId: $userId) {\n      id\n    }\n  }\n": typeof types.SchemaRemoveMemberDocument,
    "\n  query SchemaProtectedRoom($id: ID!) {\n    room(id: $id) {\n      id\n    }\n  }\n": typeof types.SchemaProtectedRoomDocument,
    "\n  query SearchMessages($query: String!, $roomId: ID, $first: Int, $after: String) {\n    searchMessages(query: $query, roomId: $roomId, first: $first, after: $after) {\n      edges {\n        cursor\n        highlight\n        node {\n          id\n          body\n          room {\n            id\n          }\n          sender {\n            username\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SearchMessagesDocument,
    "\n  query SearchCostOnly($query: String!) {\n    searchMessages(query: $query, first: 0) {\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": typeof types.SearchCostOnlyDocument,
    "\n  mutation SearchEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.SearchEditDocument,
    "\n  mutation SearchDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": typeof types.SearchDeleteDocument,
    "\n  mutation SearchLeave($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": typeof types.SearchLeaveDocument,
    "\n  mutation SearchMigratedLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n": typeof types.SearchMigratedLogInDocument,
    "\n  query SearchMigratedRooms {\n    rooms(first: 5) {\n      edges {\n        node {\n          name\n          myRole\n          pinnedMessages {\n            id\n          }\n          messages(first: 10) {\n            edges {\n              node {\n                body\n                replyCount\n                lastReplyAt\n                pinnedAt\n                replyTo {\n                  id\n                }\n                threadRoot {\n                  id\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SearchMigratedRoomsDocument,
    "\n  query WhoAmI {\n    me {\n      id\n      username\n    }\n  }\n": typeof types.WhoAmIDocument,
    "\n  mutation LogInAgain($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n      }\n    }\n  }\n": typeof types.LogInAgainDocument,
    "\n  subscription DeploymentMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n      sender {\n        username\n      }\n    }\n  }\n": typeof types.DeploymentMessagesDocument,
    "\n  mutation ThreadSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      cursor\n      replyTo {\n        id\n        body\n      }\n      threadRoot {\n        id\n      }\n      mentions {\n        username\n      }\n    }\n  }\n": typeof types.ThreadSendDocument,
    "\n  query ThreadMessage($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on Message {\n        id\n        body\n        deletedAt\n        replyCount\n        lastReplyAt\n        replyTo {\n          id\n          body\n          deletedAt\n        }\n        mentions {\n          username\n        }\n        replies(first: $first, after: $after) {\n          edges {\n            node {\n              id\n              body\n              threadRoot {\n                id\n              }\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.ThreadMessageDocument,
    "\n  query ThreadRoomPage($id: ID!) {\n    room(id: $id) {\n      unreadCount\n      messages(last: 50) {\n        edges {\n          node {\n            id\n            replyCount\n          }\n        }\n      }\n    }\n  }\n": typeof types.ThreadRoomPageDocument,
    "\n  query ThreadsPage($id: ID!, $last: Int!) {\n    room(id: $id) {\n      messages(last: $last) {\n        edges {\n          node {\n            id\n            replyTo {\n              id\n            }\n            threadRoot {\n              id\n            }\n            mentions {\n              username\n            }\n            replies(first: 3) {\n              edges {\n                node {\n                  id\n                  mentions {\n                    username\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ThreadsPageDocument,
    "\n  mutation ThreadEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      mentions {\n        username\n      }\n    }\n  }\n": typeof types.ThreadEditDocument,
    "\n  mutation ThreadDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": typeof types.ThreadDeleteDocument,
    "\n  mutation ThreadPin($messageId: ID!) {\n    pinMessage(messageId: $messageId) {\n      id\n    }\n  }\n": typeof types.ThreadPinDocument,
    "\n  mutation ThreadUnpin($messageId: ID!) {\n    unpinMessage(messageId: $messageId) {\n      id\n    }\n  }\n": typeof types.ThreadUnpinDocument,
    "\n  mutation ThreadUnfriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n": typeof types.ThreadUnfriendDocument,
    "\n  mutation ThreadBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": typeof types.ThreadBlockDocument,
    "\n  subscription ThreadAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      threadRoot {\n        id\n      }\n    }\n  }\n": typeof types.ThreadAddedDocument,
    "\n  subscription ThreadInbox {\n    inbox {\n      kind\n      message {\n        id\n        body\n      }\n    }\n  }\n": typeof types.ThreadInboxDocument,
};
const documents: Documents = {
    "\n  mutation AccountsLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": types.AccountsLogInDocument,
    "\n  mutation AccountsRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n    }\n  }\n": types.AccountsRefreshDocument,
    "\n  query AccountsSessions {\n    sessions {\n      id\n      current\n      userAgent\n      createdAt\n      lastUsedAt\n    }\n  }\n": types.AccountsSessionsDocument,
    "\n  mutation AccountsRevokeSession($sessionId: ID!) {\n    revokeSession(sessionId: $sessionId)\n  }\n": types.AccountsRevokeSessionDocument,
    "\n  mutation AccountsLogOutEverywhere {\n    logOutEverywhere\n  }\n": types.AccountsLogOutEverywhereDocument,
    "\n  mutation AccountsUpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      displayName\n    }\n  }\n": types.AccountsUpdateProfileDocument,
    "\n  mutation AccountsChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": types.AccountsChangePasswordDocument,
    "\n  query AccountsMe {\n    me {\n      id\n      displayName\n    }\n  }\n": types.AccountsMeDocument,
    "\n  mutation EditLimited($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": types.EditLimitedDocument,
    "\n  mutation DeleteLimited($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": types.DeleteLimitedDocument,
    "\n  mutation MarkReadLimited($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      id\n    }\n  }\n": types.MarkReadLimitedDocument,
    "\n  mutation CreateRoomLimited($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n    }\n  }\n": types.CreateRoomLimitedDocument,
    "\n  query AmplificationMe {\n    me {\n      id\n    }\n  }\n": types.AmplificationMeDocument,
    "\n  query Me {\n    me {\n      id\n      username\n      displayName\n    }\n  }\n": types.MeDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n      }\n    }\n  }\n": types.LogInDocument,
    "\n  mutation Refresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n      refreshTokenExpiresAt\n      user {\n        id\n      }\n    }\n  }\n": types.RefreshDocument,
    "\n  mutation LogOut {\n    logOut\n  }\n": types.LogOutDocument,
    "\n  query UserByName($username: String!) {\n    user(username: $username) {\n      id\n      username\n    }\n  }\n": types.UserByNameDocument,
    "\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      ... on User {\n        username\n      }\n    }\n  }\n": types.NodeByIdDocument,
    "\n  subscription ApolloMessageAdded($roomId: ID!) {\n    messageAdded(roomId: $roomId) {\n      id\n      body\n    }\n  }\n": types.ApolloMessageAddedDocument,
    "\n  query BrowserHttpMe {\n    me {\n      id\n    }\n  }\n": types.BrowserHttpMeDocument,
    "\n  subscription ClientMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n    }\n  }\n": types.ClientMessagesDocument,
    "\n  query ClientViewer {\n    me {\n      id\n    }\n  }\n": types.ClientViewerDocument,
    "\n  mutation ClientSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      body\n    }\n  }\n": types.ClientSendDocument,
    "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n": types.DeleteAccountDocument,
    "\n  mutation DeleteAccountLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": types.DeleteAccountLogInDocument,
    "\n  mutation DeleteAccountRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n    }\n  }\n": types.DeleteAccountRefreshDocument,
    "\n  query DeleteAccountMe {\n    me {\n      id\n    }\n  }\n": types.DeleteAccountMeDocument,
    "\n  query DeleteAccountRoom($id: ID!) {\n    room(id: $id) {\n      members {\n        id\n        username\n        displayName\n        deletedAt\n      }\n      messages(last: 20) {\n        edges {\n          node {\n            id\n            body\n            sender {\n              id\n              username\n              displayName\n              deletedAt\n              friendship\n            }\n            mentions {\n              id\n              displayName\n              deletedAt\n            }\n            reactions {\n              emoji\n              users(first: 10) {\n                edges {\n                  node {\n                    id\n                    displayName\n                    deletedAt\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.DeleteAccountRoomDocument,
    "\n  query DeleteAccountMessageSender($id: ID!) {\n    node(id: $id) {\n      ... on Message {\n        sender {\n          id\n          username\n          displayName\n          deletedAt\n        }\n      }\n    }\n  }\n": types.DeleteAccountMessageSenderDocument,
    "\n  query DeleteAccountSearchMessages($query: String!) {\n    searchMessages(query: $query) {\n      edges {\n        node {\n          id\n          sender {\n            id\n            username\n            displayName\n            deletedAt\n          }\n        }\n      }\n    }\n  }\n": types.DeleteAccountSearchMessagesDocument,
    "\n  query DeleteAccountLookUps($id: ID!, $username: String!, $query: String!) {\n    user(username: $username) {\n      id\n    }\n    searchUsers(query: $query) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    node(id: $id) {\n      id\n    }\n  }\n": types.DeleteAccountLookUpsDocument,
    "\n  query DeleteAccountSearchUsers($query: String!) {\n    searchUsers(query: $query) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.DeleteAccountSearchUsersDocument,
    "\n  query DeleteAccountRelations {\n    friends(first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    incomingFriendRequests {\n      id\n    }\n    outgoingFriendRequests {\n      id\n    }\n  }\n": types.DeleteAccountRelationsDocument,
    "\n  mutation DeleteAccountSendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n": types.DeleteAccountSendFriendRequestDocument,
    "\n  mutation DeleteAccountBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n": types.DeleteAccountBlockDocument,
    "\n  mutation DeleteAccountAddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n    }\n  }\n": types.DeleteAccountAddReactionDocument,
    "\n  query DeletedOwnerRoomRoles($id: ID!) {\n    room(id: $id) {\n      memberships {\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": types.DeletedOwnerRoomRolesDocument,
    "\n  mutation DeletedJoinerAdd($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n    }\n  }\n": types.DeletedJoinerAddDocument,
    "\n  query DeletedJoinerMembers($id: ID!) {\n    room(id: $id) {\n      members {\n        id\n      }\n    }\n  }\n": types.DeletedJoinerMembersDocument,
    "\n  mutation DirectRoomRemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n": types.DirectRoomRemoveFriendDocument,
    "\n  mutation DirectRoomBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": types.DirectRoomBlockDocument,
    "\n  mutation DirectRoomUnblock($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n    }\n  }\n": types.DirectRoomUnblockDocument,
    "\n  mutation DirectRoomTyping($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n": types.DirectRoomTypingDocument,
    "\n  mutation DirectRoomEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": types.DirectRoomEditDocument,
    "\n  query DirectRoomHistory($id: ID!, $messageId: ID!) {\n    room(id: $id) {\n      id\n      messages(last: 10) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n    node(id: $messageId) {\n      ... on Message {\n        body\n      }\n    }\n    rooms(first: 10) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.DirectRoomHistoryDocument,
    "\n  subscription DirectInbox {\n    inbox {\n      kind\n      message {\n        body\n      }\n    }\n  }\n": types.DirectInboxDocument,
    "\n  subscription DirectRoomMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n    }\n  }\n": types.DirectRoomMessageAddedDocument,
    "\n  subscription DirectRoomMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      body\n    }\n  }\n": types.DirectRoomMessageUpdatedDocument,
    "\n  subscription DirectRoomTypingEvents($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n    }\n  }\n": types.DirectRoomTypingEventsDocument,
    "\n  query ViewerOfLockHolder {\n    me {\n      id\n    }\n  }\n": types.ViewerOfLockHolderDocument,
    "\n  mutation SendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n      createdAt\n      from {\n        id\n      }\n      to {\n        id\n      }\n    }\n  }\n": types.SendFriendRequestDocument,
    "\n  mutation AcceptFriendRequest($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      id\n      username\n      friendship\n    }\n  }\n": types.AcceptFriendRequestDocument,
    "\n  mutation DeclineFriendRequest($requestId: ID!) {\n    declineFriendRequest(requestId: $requestId)\n  }\n": types.DeclineFriendRequestDocument,
    "\n  mutation CancelFriendRequest($requestId: ID!) {\n    cancelFriendRequest(requestId: $requestId)\n  }\n": types.CancelFriendRequestDocument,
    "\n  mutation RemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n": types.RemoveFriendDocument,
    "\n  mutation BlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n": types.BlockUserDocument,
    "\n  mutation UnblockUser($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n": types.UnblockUserDocument,
    "\n  query FriendRequests {\n    incomingFriendRequests {\n      id\n      createdAt\n      from {\n        id\n        friendship\n      }\n      to {\n        id\n        friendship\n      }\n    }\n    outgoingFriendRequests {\n      id\n      from {\n        id\n      }\n      to {\n        id\n      }\n    }\n  }\n": types.FriendRequestsDocument,
    "\n  query Friends($first: Int, $after: String, $last: Int, $before: String) {\n    friends(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          username\n          friendship\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.FriendsDocument,
    "\n  query SearchUsers($query: String!, $first: Int, $after: String) {\n    searchUsers(query: $query, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          username\n          displayName\n          friendship\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n": types.SearchUsersDocument,
    "\n  query SearchUsernames($query: String!) {\n    searchUsers(query: $query) {\n      edges {\n        node {\n          username\n        }\n      }\n    }\n  }\n": types.SearchUsernamesDocument,
    "\n  query Friendship($id: ID!) {\n    node(id: $id) {\n      id\n      ... on User {\n        friendship\n      }\n    }\n  }\n": types.FriendshipDocument,
    "\n  query FriendsUserByName($username: String!) {\n    user(username: $username) {\n      id\n      friendship\n    }\n  }\n": types.FriendsUserByNameDocument,
    "\n  query FriendRequestNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on FriendRequest {\n        from {\n          id\n        }\n        to {\n          id\n        }\n      }\n    }\n  }\n": types.FriendRequestNodeDocument,
    "\n  mutation SignUpWithFriendship($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        friendship\n      }\n    }\n  }\n": types.SignUpWithFriendshipDocument,
    "\n  query HeadCursor($id: ID!) {\n    node(id: $id) {\n      ... on Room {\n        headCursor\n        lastMessage {\n          cursor\n        }\n      }\n    }\n  }\n": types.HeadCursorDocument,
    "\n  subscription MessagesFromHead($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n      cursor\n    }\n  }\n": types.MessagesFromHeadDocument,
    "\n  mutation ClientRefreshTokens($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": types.ClientRefreshTokensDocument,
    "\n  mutation ClientSendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      cursor\n    }\n  }\n": types.ClientSendMessageDocument,
    "\n  query ClientRoomHead($id: ID!) {\n    room(id: $id) {\n      headCursor\n    }\n  }\n": types.ClientRoomHeadDocument,
    "\n  mutation OpenDirectRoom($userId: ID!) {\n    openDirectRoom(userId: $userId) {\n      id\n      kind\n      name\n      members {\n        id\n      }\n    }\n  }\n": types.OpenDirectRoomDocument,
    "\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n      kind\n      name\n      members {\n        id\n      }\n    }\n  }\n": types.CreateRoomDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      body\n      clientId\n      cursor\n      createdAt\n      sender {\n        id\n      }\n      room {\n        id\n      }\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation BefriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n": types.BefriendRequestDocument,
    "\n  mutation BefriendAccept($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      id\n    }\n  }\n": types.BefriendAcceptDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      refreshTokenExpiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  query Ping {\n    me {\n      id\n    }\n  }\n": types.PingDocument,
    "\n  mutation LogInLimited($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n": types.LogInLimitedDocument,
    "\n  mutation TypingLimited($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n": types.TypingLimitedDocument,
    "\n  mutation FriendRequestLimited($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n": types.FriendRequestLimitedDocument,
    "\n  subscription MessagesLimited($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n    }\n  }\n": types.MessagesLimitedDocument,
    "\n  mutation LogOutForSweep {\n    logOut\n  }\n": types.LogOutForSweepDocument,
    "\n  mutation RefreshForSweep($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": types.RefreshForSweepDocument,
    "\n  subscription NginxMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      cursor\n    }\n  }\n": types.NginxMessageAddedDocument,
    "\n  query NginxRoomHistory($roomId: ID!, $after: String) {\n    room(id: $roomId) {\n      messages(first: 100, after: $after) {\n        edges {\n          node {\n            id\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.NginxRoomHistoryDocument,
    "\n  subscription ObservedMessages($roomId: ID!) {\n    messageAdded(roomId: $roomId) {\n      id\n      body\n    }\n  }\n": types.ObservedMessagesDocument,
    "\n  mutation ObservedLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n": types.ObservedLogInDocument,
    "\n  subscription OutageMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n    }\n  }\n": types.OutageMessagesDocument,
    "\n  subscription OutageTyping($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      user {\n        id\n      }\n    }\n  }\n": types.OutageTypingDocument,
    "\n  subscription OutageUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      deletedAt\n    }\n  }\n": types.OutageUpdatesDocument,
    "\n  subscription OutageInboxMessages {\n    inbox {\n      kind\n      message {\n        id\n      }\n    }\n  }\n": types.OutageInboxMessagesDocument,
    "\n  mutation OutageEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": types.OutageEditDocument,
    "\n  mutation OutageDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": types.OutageDeleteDocument,
    "\n  mutation OutageTypingSignal($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n": types.OutageTypingSignalDocument,
    "\n  subscription OutageInboxEvents {\n    inbox {\n      kind\n    }\n  }\n": types.OutageInboxEventsDocument,
    "\n  query HistoryCount($roomId: ID!) {\n    room(id: $roomId) {\n      messages(last: 100) {\n        edges {\n          node {\n            id\n            body\n          }\n        }\n      }\n    }\n  }\n": types.HistoryCountDocument,
    "\n  query WhoIsIt {\n    me {\n      id\n    }\n  }\n": types.WhoIsItDocument,
    "\n  mutation LogOutDuringOutage {\n    logOut\n  }\n": types.LogOutDuringOutageDocument,
    "\n  mutation PayloadAskFriend($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n": types.PayloadAskFriendDocument,
    "\n  mutation PayloadRejectRequest($requestId: ID!) {\n    rejectFriendRequest(requestId: $requestId) {\n      removedRequestId\n      user {\n        id\n        friendship\n      }\n    }\n  }\n": types.PayloadRejectRequestDocument,
    "\n  mutation PayloadWithdrawRequest($requestId: ID!) {\n    withdrawFriendRequest(requestId: $requestId) {\n      removedRequestId\n      user {\n        id\n        friendship\n      }\n    }\n  }\n": types.PayloadWithdrawRequestDocument,
    "\n  query PayloadRequests {\n    incomingFriendRequests {\n      id\n    }\n    outgoingFriendRequests {\n      id\n    }\n  }\n": types.PayloadRequestsDocument,
    "\n  mutation PayloadUnfriend($userId: ID!) {\n    unfriend(userId: $userId) {\n      user {\n        id\n        friendship\n      }\n    }\n  }\n": types.PayloadUnfriendDocument,
    "\n  mutation PayloadBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": types.PayloadBlockDocument,
    "\n  query PayloadFriends {\n    friends(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.PayloadFriendsDocument,
    "\n  mutation PayloadLeaveGroupRoom($roomId: ID!) {\n    leaveGroupRoom(roomId: $roomId) {\n      removedRoomId\n    }\n  }\n": types.PayloadLeaveGroupRoomDocument,
    "\n  query PayloadRoom($id: ID!) {\n    room(id: $id) {\n      id\n      members {\n        id\n      }\n    }\n  }\n": types.PayloadRoomDocument,
    "\n  mutation PayloadLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n": types.PayloadLogInDocument,
    "\n  query PayloadSessions {\n    sessions {\n      id\n      current\n    }\n  }\n": types.PayloadSessionsDocument,
    "\n  mutation PayloadEndSession($sessionId: ID!) {\n    endSession(sessionId: $sessionId) {\n      removedSessionId\n    }\n  }\n": types.PayloadEndSessionDocument,
    "\n  subscription PgbMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      cursor\n    }\n  }\n": types.PgbMessageAddedDocument,
    "\n  subscription PgbMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      editedAt\n      reactions {\n        emoji\n        count\n      }\n    }\n  }\n": types.PgbMessageUpdatedDocument,
    "\n  mutation PgbEditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      body\n    }\n  }\n": types.PgbEditMessageDocument,
    "\n  mutation PgbAddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n    }\n  }\n": types.PgbAddReactionDocument,
    "\n  query PgbUnread($roomId: ID!) {\n    room(id: $roomId) {\n      unreadCount\n    }\n  }\n": types.PgbUnreadDocument,
    "\n  mutation PgbMarkRead($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      unreadCount\n    }\n  }\n": types.PgbMarkReadDocument,
    "\n  mutation PgbFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n": types.PgbFriendRequestDocument,
    "\n  query PgbFriends {\n    friends(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.PgbFriendsDocument,
    "\n  mutation PinsPin($messageId: ID!) {\n    pinMessage(messageId: $messageId) {\n      id\n      body\n      pinnedAt\n    }\n  }\n": types.PinsPinDocument,
    "\n  mutation PinsUnpin($messageId: ID!) {\n    unpinMessage(messageId: $messageId) {\n      id\n      pinnedAt\n    }\n  }\n": types.PinsUnpinDocument,
    "\n  query PinsOfRoom($id: ID!) {\n    room(id: $id) {\n      pinnedMessages {\n        id\n        body\n        pinnedAt\n      }\n    }\n  }\n": types.PinsOfRoomDocument,
    "\n  query PinsOfRooms($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          pinnedMessages {\n            id\n            body\n            sender {\n              username\n            }\n          }\n        }\n      }\n    }\n  }\n": types.PinsOfRoomsDocument,
    "\n  mutation PinsDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n      pinnedAt\n    }\n  }\n": types.PinsDeleteDocument,
    "\n  mutation PinsEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": types.PinsEditDocument,
    "\n  mutation PinsLeave($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": types.PinsLeaveDocument,
    "\n  mutation PinsRemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n": types.PinsRemoveFriendDocument,
    "\n  subscription PinsUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      pinnedAt\n      deletedAt\n    }\n  }\n": types.PinsUpdatesDocument,
    "\n  query PresenceOfUser($username: String!) {\n    user(username: $username) {\n      id\n      presence {\n        online\n        lastSeenAt\n      }\n    }\n  }\n": types.PresenceOfUserDocument,
    "\n  query PresenceOfMembers($roomId: ID!) {\n    room(id: $roomId) {\n      members {\n        id\n        presence {\n          online\n          lastSeenAt\n        }\n      }\n    }\n  }\n": types.PresenceOfMembersDocument,
    "\n  query PresenceOfFriends {\n    friends(first: 50) {\n      edges {\n        node {\n          id\n          presence {\n            online\n          }\n        }\n      }\n    }\n  }\n": types.PresenceOfFriendsDocument,
    "\n  subscription PresenceChanges {\n    presence {\n      user {\n        id\n        username\n      }\n      presence {\n        online\n        lastSeenAt\n      }\n    }\n  }\n": types.PresenceChangesDocument,
    "\n  mutation PresenceBlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": types.PresenceBlockUserDocument,
    "\n  query RoomsPage($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          name\n          unreadCount\n          members {\n            id\n            username\n          }\n          lastMessage {\n            id\n            body\n            sender {\n              id\n              username\n            }\n          }\n        }\n      }\n    }\n  }\n": types.RoomsPageDocument,
    "\n  subscription SharedEvent($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      sender {\n        id\n        username\n      }\n    }\n  }\n": types.SharedEventDocument,
    "\n  subscription ViewerDependentEvent($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      sender {\n        id\n        username\n        friendship\n      }\n    }\n  }\n": types.ViewerDependentEventDocument,
    "\n  subscription InboxWithSender {\n    inbox {\n      kind\n      muted\n      details {\n        __typename\n        ... on InboxMessageAdded {\n          message {\n            id\n            sender {\n              id\n              displayName\n              friendship\n            }\n          }\n        }\n      }\n    }\n  }\n": types.InboxWithSenderDocument,
    "\n  query MessagesPage($roomId: ID!, $first: Int!) {\n    room(id: $roomId) {\n      messages(first: $first) {\n        edges {\n          node {\n            body\n            sender {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n": types.MessagesPageDocument,
    "\n  query RoomsWithHistory($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          messages(last: 3) {\n            edges {\n              node {\n                body\n                sender {\n                  username\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.RoomsWithHistoryDocument,
    "\n  query MessagesWithTheirRoomsHistory($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          lastMessage {\n            room {\n              messages(last: 2) {\n                edges {\n                  node {\n                    body\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.MessagesWithTheirRoomsHistoryDocument,
    "\n  mutation ReactionAdd($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": types.ReactionAddDocument,
    "\n  mutation ReactionRemove($messageId: ID!, $emoji: String!) {\n    removeReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": types.ReactionRemoveDocument,
    "\n  query ReactionRead($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      __typename\n      ... on Message {\n        reactions {\n          emoji\n          count\n          reactedByMe\n          users(first: $first, after: $after) {\n            edges {\n              cursor\n              node {\n                id\n              }\n            }\n            pageInfo {\n              hasNextPage\n              endCursor\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ReactionReadDocument,
    "\n  subscription ReactionUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": types.ReactionUpdatesDocument,
    "\n  mutation ReactionDeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": types.ReactionDeleteMessageDocument,
    "\n  mutation ReactionLeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": types.ReactionLeaveRoomDocument,
    "\n  mutation ReactionUnfriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n": types.ReactionUnfriendDocument,
    "\n  mutation ReactionBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": types.ReactionBlockDocument,
    "\n  query ReactionsPage($roomId: ID!, $first: Int!) {\n    room(id: $roomId) {\n      messages(first: $first) {\n        edges {\n          node {\n            id\n            reactions {\n              emoji\n              count\n              reactedByMe\n              users(first: 3) {\n                edges {\n                  node {\n                    username\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ReactionsPageDocument,
    "\n  mutation ReceiptsMarkRead($roomId: ID!, $messageId: ID) {\n    markRoomRead(roomId: $roomId, messageId: $messageId) {\n      id\n    }\n  }\n": types.ReceiptsMarkReadDocument,
    "\n  query ReceiptsMemberships($id: ID!) {\n    room(id: $id) {\n      unreadCount\n      mutedUntil\n      memberships {\n        edges {\n          node {\n            user {\n              id\n            }\n            lastReadMessage {\n              id\n            }\n            lastReadAt\n          }\n        }\n      }\n    }\n  }\n": types.ReceiptsMembershipsDocument,
    "\n  subscription ReadReceipts($roomId: ID!) {\n    readReceipts(roomId: $roomId) {\n      user {\n        id\n      }\n      role\n      lastReadMessage {\n        id\n      }\n      lastReadAt\n    }\n  }\n": types.ReadReceiptsDocument,
    "\n  mutation MuteRoom($roomId: ID!, $until: DateTime) {\n    muteRoom(roomId: $roomId, until: $until) {\n      id\n      mutedUntil\n    }\n  }\n": types.MuteRoomDocument,
    "\n  subscription MutedInbox {\n    inbox {\n      kind\n      muted\n      message {\n        body\n      }\n    }\n  }\n": types.MutedInboxDocument,
    "\n  subscription OnMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      cursor\n      sender {\n        id\n      }\n    }\n  }\n": types.OnMessageAddedDocument,
    "\n  subscription OnMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      editedAt\n      deletedAt\n    }\n  }\n": types.OnMessageUpdatedDocument,
    "\n  subscription FriendshipOfSender($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      sender {\n        friendship\n      }\n    }\n  }\n": types.FriendshipOfSenderDocument,
    "\n  subscription OnTyping($roomId: ID!) {\n    typing(roomId: $roomId) {\n      roomId\n      typing\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n": types.OnTypingDocument,
    "\n  subscription OnInbox {\n    inbox {\n      kind\n      roomId\n      message {\n        body\n      }\n    }\n  }\n": types.OnInboxDocument,
    "\n  mutation Typing($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n": types.TypingDocument,
    "\n  query WhoOverSocket {\n    me {\n      id\n    }\n  }\n": types.WhoOverSocketDocument,
    "\n  mutation LogOutForSocket {\n    logOut\n  }\n": types.LogOutForSocketDocument,
    "\n  mutation RefreshForSocket($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      refreshToken\n    }\n  }\n": types.RefreshForSocketDocument,
    "\n  mutation EditForSocket($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": types.EditForSocketDocument,
    "\n  mutation DeleteForSocket($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": types.DeleteForSocketDocument,
    "\n  mutation LeaveForSocket($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": types.LeaveForSocketDocument,
    "\n  mutation CookieLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": types.CookieLogInDocument,
    "\n  mutation CookieRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": types.CookieRefreshDocument,
    "\n  mutation CookieSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      refreshToken\n    }\n  }\n": types.CookieSignUpDocument,
    "\n  mutation CookieLogOut {\n    logOut\n  }\n": types.CookieLogOutDocument,
    "\n  mutation CookieLogOutEverywhere {\n    logOutEverywhere\n  }\n": types.CookieLogOutEverywhereDocument,
    "\n  mutation CookieChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": types.CookieChangePasswordDocument,
    "\n  mutation CappedCreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n    }\n  }\n": types.CappedCreateRoomDocument,
    "\n  mutation CappedAddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      members {\n        id\n      }\n    }\n  }\n": types.CappedAddMembersDocument,
    "\n  query RoomRoles($id: ID!) {\n    room(id: $id) {\n      id\n      name\n      topic\n      myRole\n      memberships(first: 100) {\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": types.RoomRolesDocument,
    "\n  mutation UpdateRoom($input: UpdateRoomInput!) {\n    updateRoom(input: $input) {\n      id\n      name\n      topic\n    }\n  }\n": types.UpdateRoomDocument,
    "\n  mutation RemoveRoomMember($roomId: ID!, $userId: ID!) {\n    removeRoomMember(roomId: $roomId, userId: $userId) {\n      id\n      members {\n        id\n      }\n    }\n  }\n": types.RemoveRoomMemberDocument,
    "\n  mutation SetRoomMemberRole($roomId: ID!, $userId: ID!, $role: RoomRole!) {\n    setRoomMemberRole(roomId: $roomId, userId: $userId, role: $role) {\n      id\n      myRole\n    }\n  }\n": types.SetRoomMemberRoleDocument,
    "\n  mutation AddMembersByRole($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n    }\n  }\n": types.AddMembersByRoleDocument,
    "\n  mutation LeaveByRole($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": types.LeaveByRoleDocument,
    "\n  subscription RolesMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n    }\n  }\n": types.RolesMessageAddedDocument,
    "\n  subscription RolesInbox {\n    inbox {\n      kind\n      roomId\n      muted\n    }\n  }\n": types.RolesInboxDocument,
    "\n  subscription RoomUpdated($roomId: ID!) {\n    roomUpdated(roomId: $roomId) {\n      kind\n      room {\n        topic\n      }\n      users {\n        id\n      }\n    }\n  }\n": types.RoomUpdatedDocument,
    "\n  mutation MakeAdmin($roomId: ID!, $userId: ID!) {\n    setRoomMemberRole(roomId: $roomId, userId: $userId, role: ADMIN) {\n      id\n    }\n  }\n": types.MakeAdminDocument,
    "\n  query RoomById($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      unreadCount\n      members {\n        id\n      }\n      lastMessage {\n        id\n        body\n      }\n    }\n  }\n": types.RoomByIdDocument,
    "\n  query RoomWithPage($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      createdAt\n      messages(last: 5) {\n        edges {\n          node {\n            body\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n        }\n      }\n    }\n  }\n": types.RoomWithPageDocument,
    "\n  query RoomOrMessageNode($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n": types.RoomOrMessageNodeDocument,
    "\n  query MessagesForward($id: ID!, $first: Int, $after: String) {\n    room(id: $id) {\n      messages(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            body\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n": types.MessagesForwardDocument,
    "\n  query TwoPagesOfOneRoom($id: ID!) {\n    room(id: $id) {\n      messages(first: 2) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n      ... on Room {\n        newest: messages(last: 2) {\n          edges {\n            node {\n              body\n            }\n          }\n        }\n      }\n    }\n  }\n": types.TwoPagesOfOneRoomDocument,
    "\n  query IncludedPage($id: ID!, $withPage: Boolean!) {\n    room(id: $id) {\n      id\n      messages(first: 2) @include(if: $withPage) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n  }\n": types.IncludedPageDocument,
    "\n  query MessagesBackward($id: ID!, $last: Int, $before: String) {\n    room(id: $id) {\n      messages(last: $last, before: $before) {\n        edges {\n          cursor\n          node {\n            id\n            body\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n": types.MessagesBackwardDocument,
    "\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      body\n      editedAt\n      deletedAt\n    }\n  }\n": types.EditMessageDocument,
    "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n      body\n      deletedAt\n    }\n  }\n": types.DeleteMessageDocument,
    "\n  mutation MarkRead($roomId: ID!, $messageId: ID) {\n    markRoomRead(roomId: $roomId, messageId: $messageId) {\n      id\n      unreadCount\n    }\n  }\n": types.MarkReadDocument,
    "\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      members {\n        id\n      }\n    }\n  }\n": types.AddMembersDocument,
    "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": types.LeaveRoomDocument,
    "\n  query Rooms($first: Int, $after: String, $last: Int, $before: String) {\n    rooms(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n": types.RoomsDocument,
    "\n  mutation BlockForRooms($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": types.BlockForRoomsDocument,
    "\n  query SchemaScalarAndCodes {\n    dateTime: __type(name: \"DateTime\") {\n      kind\n      specifiedByURL\n    }\n    errorCode: __type(name: \"ErrorCode\") {\n      description\n      enumValues {\n        name\n        description\n      }\n    }\n    errorCodes\n  }\n": types.SchemaScalarAndCodesDocument,
    "\n  subscription SchemaInboxDetails {\n    inbox {\n      kind\n      roomId\n      message {\n        id\n      }\n      details {\n        __typename\n        ... on InboxMessageAdded {\n          message {\n            id\n            body\n          }\n        }\n        ... on InboxMention {\n          message {\n            id\n            body\n          }\n        }\n        ... on InboxRoomAdded {\n          room {\n            id\n            name\n          }\n        }\n        ... on InboxRoomUpdated {\n          room {\n            id\n            name\n          }\n        }\n        ... on InboxRoomRemoved {\n          roomId\n        }\n      }\n    }\n  }\n": types.SchemaInboxDetailsDocument,
    "\n  mutation SchemaRenameRoom($input: UpdateRoomInput!) {\n    updateRoom(input: $input) {\n      id\n    }\n  }\n": types.SchemaRenameRoomDocument,
    "\n  mutation SchemaRemoveMember($roomId: ID!, $userId: ID!) {\n    removeRoomMember(roomId: $roomId, userId: $userId) {\n      id\n    }\n  }\n": types.SchemaRemoveMemberDocument,
    "\n  query SchemaProtectedRoom($id: ID!) {\n    room(id: $id) {\n      id\n    }\n  }\n": types.SchemaProtectedRoomDocument,
    "\n  query SearchMessages($query: String!, $roomId: ID, $first: Int, $after: String) {\n    searchMessages(query: $query, roomId: $roomId, first: $first, after: $after) {\n      edges {\n        cursor\n        highlight\n        node {\n          id\n          body\n          room {\n            id\n          }\n          sender {\n            username\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n": types.SearchMessagesDocument,
    "\n  query SearchCostOnly($query: String!) {\n    searchMessages(query: $query, first: 0) {\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": types.SearchCostOnlyDocument,
    "\n  mutation SearchEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n": types.SearchEditDocument,
    "\n  mutation SearchDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": types.SearchDeleteDocument,
    "\n  mutation SearchLeave($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": types.SearchLeaveDocument,
    "\n  mutation SearchMigratedLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n": types.SearchMigratedLogInDocument,
    "\n  query SearchMigratedRooms {\n    rooms(first: 5) {\n      edges {\n        node {\n          name\n          myRole\n          pinnedMessages {\n            id\n          }\n          messages(first: 10) {\n            edges {\n              node {\n                body\n                replyCount\n                lastReplyAt\n                pinnedAt\n                replyTo {\n                  id\n                }\n                threadRoot {\n                  id\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SearchMigratedRoomsDocument,
    "\n  query WhoAmI {\n    me {\n      id\n      username\n    }\n  }\n": types.WhoAmIDocument,
    "\n  mutation LogInAgain($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n      }\n    }\n  }\n": types.LogInAgainDocument,
    "\n  subscription DeploymentMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n      sender {\n        username\n      }\n    }\n  }\n": types.DeploymentMessagesDocument,
    "\n  mutation ThreadSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      cursor\n      replyTo {\n        id\n        body\n      }\n      threadRoot {\n        id\n      }\n      mentions {\n        username\n      }\n    }\n  }\n": types.ThreadSendDocument,
    "\n  query ThreadMessage($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on Message {\n        id\n        body\n        deletedAt\n        replyCount\n        lastReplyAt\n        replyTo {\n          id\n          body\n          deletedAt\n        }\n        mentions {\n          username\n        }\n        replies(first: $first, after: $after) {\n          edges {\n            node {\n              id\n              body\n              threadRoot {\n                id\n              }\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": types.ThreadMessageDocument,
    "\n  query ThreadRoomPage($id: ID!) {\n    room(id: $id) {\n      unreadCount\n      messages(last: 50) {\n        edges {\n          node {\n            id\n            replyCount\n          }\n        }\n      }\n    }\n  }\n": types.ThreadRoomPageDocument,
    "\n  query ThreadsPage($id: ID!, $last: Int!) {\n    room(id: $id) {\n      messages(last: $last) {\n        edges {\n          node {\n            id\n            replyTo {\n              id\n            }\n            threadRoot {\n              id\n            }\n            mentions {\n              username\n            }\n            replies(first: 3) {\n              edges {\n                node {\n                  id\n                  mentions {\n                    username\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ThreadsPageDocument,
    "\n  mutation ThreadEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      mentions {\n        username\n      }\n    }\n  }\n": types.ThreadEditDocument,
    "\n  mutation ThreadDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n": types.ThreadDeleteDocument,
    "\n  mutation ThreadPin($messageId: ID!) {\n    pinMessage(messageId: $messageId) {\n      id\n    }\n  }\n": types.ThreadPinDocument,
    "\n  mutation ThreadUnpin($messageId: ID!) {\n    unpinMessage(messageId: $messageId) {\n      id\n    }\n  }\n": types.ThreadUnpinDocument,
    "\n  mutation ThreadUnfriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n": types.ThreadUnfriendDocument,
    "\n  mutation ThreadBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n": types.ThreadBlockDocument,
    "\n  subscription ThreadAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      threadRoot {\n        id\n      }\n    }\n  }\n": types.ThreadAddedDocument,
    "\n  subscription ThreadInbox {\n    inbox {\n      kind\n      message {\n        id\n        body\n      }\n    }\n  }\n": types.ThreadInboxDocument,
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
export function graphql(source: "\n  mutation AccountsLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation AccountsLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountsRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n    }\n  }\n"): (typeof documents)["\n  mutation AccountsRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountsSessions {\n    sessions {\n      id\n      current\n      userAgent\n      createdAt\n      lastUsedAt\n    }\n  }\n"): (typeof documents)["\n  query AccountsSessions {\n    sessions {\n      id\n      current\n      userAgent\n      createdAt\n      lastUsedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountsRevokeSession($sessionId: ID!) {\n    revokeSession(sessionId: $sessionId)\n  }\n"): (typeof documents)["\n  mutation AccountsRevokeSession($sessionId: ID!) {\n    revokeSession(sessionId: $sessionId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountsLogOutEverywhere {\n    logOutEverywhere\n  }\n"): (typeof documents)["\n  mutation AccountsLogOutEverywhere {\n    logOutEverywhere\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountsUpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  mutation AccountsUpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountsChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation AccountsChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountsMe {\n    me {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  query AccountsMe {\n    me {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditLimited($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation EditLimited($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteLimited($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteLimited($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkReadLimited($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation MarkReadLimited($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoomLimited($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRoomLimited($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AmplificationMe {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query AmplificationMe {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      username\n      displayName\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      username\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n      refreshTokenExpiresAt\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Refresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n      refreshTokenExpiresAt\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOut {\n    logOut\n  }\n"): (typeof documents)["\n  mutation LogOut {\n    logOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserByName($username: String!) {\n    user(username: $username) {\n      id\n      username\n    }\n  }\n"): (typeof documents)["\n  query UserByName($username: String!) {\n    user(username: $username) {\n      id\n      username\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      ... on User {\n        username\n      }\n    }\n  }\n"): (typeof documents)["\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      ... on User {\n        username\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ApolloMessageAdded($roomId: ID!) {\n    messageAdded(roomId: $roomId) {\n      id\n      body\n    }\n  }\n"): (typeof documents)["\n  subscription ApolloMessageAdded($roomId: ID!) {\n    messageAdded(roomId: $roomId) {\n      id\n      body\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrowserHttpMe {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query BrowserHttpMe {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ClientMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n    }\n  }\n"): (typeof documents)["\n  subscription ClientMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientViewer {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query ClientViewer {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      body\n    }\n  }\n"): (typeof documents)["\n  mutation ClientSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      body\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n"): (typeof documents)["\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccountLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteAccountLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccountRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteAccountRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeleteAccountMe {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query DeleteAccountMe {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeleteAccountRoom($id: ID!) {\n    room(id: $id) {\n      members {\n        id\n        username\n        displayName\n        deletedAt\n      }\n      messages(last: 20) {\n        edges {\n          node {\n            id\n            body\n            sender {\n              id\n              username\n              displayName\n              deletedAt\n              friendship\n            }\n            mentions {\n              id\n              displayName\n              deletedAt\n            }\n            reactions {\n              emoji\n              users(first: 10) {\n                edges {\n                  node {\n                    id\n                    displayName\n                    deletedAt\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeleteAccountRoom($id: ID!) {\n    room(id: $id) {\n      members {\n        id\n        username\n        displayName\n        deletedAt\n      }\n      messages(last: 20) {\n        edges {\n          node {\n            id\n            body\n            sender {\n              id\n              username\n              displayName\n              deletedAt\n              friendship\n            }\n            mentions {\n              id\n              displayName\n              deletedAt\n            }\n            reactions {\n              emoji\n              users(first: 10) {\n                edges {\n                  node {\n                    id\n                    displayName\n                    deletedAt\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeleteAccountMessageSender($id: ID!) {\n    node(id: $id) {\n      ... on Message {\n        sender {\n          id\n          username\n          displayName\n          deletedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeleteAccountMessageSender($id: ID!) {\n    node(id: $id) {\n      ... on Message {\n        sender {\n          id\n          username\n          displayName\n          deletedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeleteAccountSearchMessages($query: String!) {\n    searchMessages(query: $query) {\n      edges {\n        node {\n          id\n          sender {\n            id\n            username\n            displayName\n            deletedAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeleteAccountSearchMessages($query: String!) {\n    searchMessages(query: $query) {\n      edges {\n        node {\n          id\n          sender {\n            id\n            username\n            displayName\n            deletedAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeleteAccountLookUps($id: ID!, $username: String!, $query: String!) {\n    user(username: $username) {\n      id\n    }\n    searchUsers(query: $query) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    node(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query DeleteAccountLookUps($id: ID!, $username: String!, $query: String!) {\n    user(username: $username) {\n      id\n    }\n    searchUsers(query: $query) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    node(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeleteAccountSearchUsers($query: String!) {\n    searchUsers(query: $query) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeleteAccountSearchUsers($query: String!) {\n    searchUsers(query: $query) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeleteAccountRelations {\n    friends(first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    incomingFriendRequests {\n      id\n    }\n    outgoingFriendRequests {\n      id\n    }\n  }\n"): (typeof documents)["\n  query DeleteAccountRelations {\n    friends(first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    incomingFriendRequests {\n      id\n    }\n    outgoingFriendRequests {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccountSendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteAccountSendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccountBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteAccountBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccountAddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteAccountAddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeletedOwnerRoomRoles($id: ID!) {\n    room(id: $id) {\n      memberships {\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeletedOwnerRoomRoles($id: ID!) {\n    room(id: $id) {\n      memberships {\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletedJoinerAdd($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DeletedJoinerAdd($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeletedJoinerMembers($id: ID!) {\n    room(id: $id) {\n      members {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeletedJoinerMembers($id: ID!) {\n    room(id: $id) {\n      members {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DirectRoomRemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation DirectRoomRemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DirectRoomBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DirectRoomBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DirectRoomUnblock($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DirectRoomUnblock($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DirectRoomTyping($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation DirectRoomTyping($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DirectRoomEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DirectRoomEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DirectRoomHistory($id: ID!, $messageId: ID!) {\n    room(id: $id) {\n      id\n      messages(last: 10) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n    node(id: $messageId) {\n      ... on Message {\n        body\n      }\n    }\n    rooms(first: 10) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DirectRoomHistory($id: ID!, $messageId: ID!) {\n    room(id: $id) {\n      id\n      messages(last: 10) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n    node(id: $messageId) {\n      ... on Message {\n        body\n      }\n    }\n    rooms(first: 10) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DirectInbox {\n    inbox {\n      kind\n      message {\n        body\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription DirectInbox {\n    inbox {\n      kind\n      message {\n        body\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DirectRoomMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n    }\n  }\n"): (typeof documents)["\n  subscription DirectRoomMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DirectRoomMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      body\n    }\n  }\n"): (typeof documents)["\n  subscription DirectRoomMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      body\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DirectRoomTypingEvents($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n    }\n  }\n"): (typeof documents)["\n  subscription DirectRoomTypingEvents($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ViewerOfLockHolder {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query ViewerOfLockHolder {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n      createdAt\n      from {\n        id\n      }\n      to {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n      createdAt\n      from {\n        id\n      }\n      to {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptFriendRequest($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      id\n      username\n      friendship\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptFriendRequest($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      id\n      username\n      friendship\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineFriendRequest($requestId: ID!) {\n    declineFriendRequest(requestId: $requestId)\n  }\n"): (typeof documents)["\n  mutation DeclineFriendRequest($requestId: ID!) {\n    declineFriendRequest(requestId: $requestId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelFriendRequest($requestId: ID!) {\n    cancelFriendRequest(requestId: $requestId)\n  }\n"): (typeof documents)["\n  mutation CancelFriendRequest($requestId: ID!) {\n    cancelFriendRequest(requestId: $requestId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation RemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n"): (typeof documents)["\n  mutation BlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnblockUser($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n"): (typeof documents)["\n  mutation UnblockUser($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n      friendship\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FriendRequests {\n    incomingFriendRequests {\n      id\n      createdAt\n      from {\n        id\n        friendship\n      }\n      to {\n        id\n        friendship\n      }\n    }\n    outgoingFriendRequests {\n      id\n      from {\n        id\n      }\n      to {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query FriendRequests {\n    incomingFriendRequests {\n      id\n      createdAt\n      from {\n        id\n        friendship\n      }\n      to {\n        id\n        friendship\n      }\n    }\n    outgoingFriendRequests {\n      id\n      from {\n        id\n      }\n      to {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Friends($first: Int, $after: String, $last: Int, $before: String) {\n    friends(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          username\n          friendship\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Friends($first: Int, $after: String, $last: Int, $before: String) {\n    friends(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          username\n          friendship\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchUsers($query: String!, $first: Int, $after: String) {\n    searchUsers(query: $query, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          username\n          displayName\n          friendship\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchUsers($query: String!, $first: Int, $after: String) {\n    searchUsers(query: $query, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          username\n          displayName\n          friendship\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchUsernames($query: String!) {\n    searchUsers(query: $query) {\n      edges {\n        node {\n          username\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchUsernames($query: String!) {\n    searchUsers(query: $query) {\n      edges {\n        node {\n          username\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Friendship($id: ID!) {\n    node(id: $id) {\n      id\n      ... on User {\n        friendship\n      }\n    }\n  }\n"): (typeof documents)["\n  query Friendship($id: ID!) {\n    node(id: $id) {\n      id\n      ... on User {\n        friendship\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FriendsUserByName($username: String!) {\n    user(username: $username) {\n      id\n      friendship\n    }\n  }\n"): (typeof documents)["\n  query FriendsUserByName($username: String!) {\n    user(username: $username) {\n      id\n      friendship\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FriendRequestNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on FriendRequest {\n        from {\n          id\n        }\n        to {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FriendRequestNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on FriendRequest {\n        from {\n          id\n        }\n        to {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUpWithFriendship($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        friendship\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUpWithFriendship($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        friendship\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HeadCursor($id: ID!) {\n    node(id: $id) {\n      ... on Room {\n        headCursor\n        lastMessage {\n          cursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query HeadCursor($id: ID!) {\n    node(id: $id) {\n      ... on Room {\n        headCursor\n        lastMessage {\n          cursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessagesFromHead($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n      cursor\n    }\n  }\n"): (typeof documents)["\n  subscription MessagesFromHead($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientRefreshTokens($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation ClientRefreshTokens($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientSendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      cursor\n    }\n  }\n"): (typeof documents)["\n  mutation ClientSendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientRoomHead($id: ID!) {\n    room(id: $id) {\n      headCursor\n    }\n  }\n"): (typeof documents)["\n  query ClientRoomHead($id: ID!) {\n    room(id: $id) {\n      headCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenDirectRoom($userId: ID!) {\n    openDirectRoom(userId: $userId) {\n      id\n      kind\n      name\n      members {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation OpenDirectRoom($userId: ID!) {\n    openDirectRoom(userId: $userId) {\n      id\n      kind\n      name\n      members {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n      kind\n      name\n      members {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n      kind\n      name\n      members {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      body\n      clientId\n      cursor\n      createdAt\n      sender {\n        id\n      }\n      room {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      body\n      clientId\n      cursor\n      createdAt\n      sender {\n        id\n      }\n      room {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BefriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation BefriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BefriendAccept($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation BefriendAccept($requestId: ID!) {\n    acceptFriendRequest(requestId: $requestId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      refreshTokenExpiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      refreshTokenExpiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Ping {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query Ping {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogInLimited($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n"): (typeof documents)["\n  mutation LogInLimited($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TypingLimited($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation TypingLimited($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FriendRequestLimited($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation FriendRequestLimited($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessagesLimited($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription MessagesLimited($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOutForSweep {\n    logOut\n  }\n"): (typeof documents)["\n  mutation LogOutForSweep {\n    logOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshForSweep($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshForSweep($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NginxMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      cursor\n    }\n  }\n"): (typeof documents)["\n  subscription NginxMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NginxRoomHistory($roomId: ID!, $after: String) {\n    room(id: $roomId) {\n      messages(first: 100, after: $after) {\n        edges {\n          node {\n            id\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query NginxRoomHistory($roomId: ID!, $after: String) {\n    room(id: $roomId) {\n      messages(first: 100, after: $after) {\n        edges {\n          node {\n            id\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ObservedMessages($roomId: ID!) {\n    messageAdded(roomId: $roomId) {\n      id\n      body\n    }\n  }\n"): (typeof documents)["\n  subscription ObservedMessages($roomId: ID!) {\n    messageAdded(roomId: $roomId) {\n      id\n      body\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ObservedLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n"): (typeof documents)["\n  mutation ObservedLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OutageMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n    }\n  }\n"): (typeof documents)["\n  subscription OutageMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OutageTyping($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription OutageTyping($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OutageUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      deletedAt\n    }\n  }\n"): (typeof documents)["\n  subscription OutageUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      deletedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OutageInboxMessages {\n    inbox {\n      kind\n      message {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription OutageInboxMessages {\n    inbox {\n      kind\n      message {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OutageEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation OutageEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OutageDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation OutageDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OutageTypingSignal($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation OutageTypingSignal($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OutageInboxEvents {\n    inbox {\n      kind\n    }\n  }\n"): (typeof documents)["\n  subscription OutageInboxEvents {\n    inbox {\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HistoryCount($roomId: ID!) {\n    room(id: $roomId) {\n      messages(last: 100) {\n        edges {\n          node {\n            id\n            body\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query HistoryCount($roomId: ID!) {\n    room(id: $roomId) {\n      messages(last: 100) {\n        edges {\n          node {\n            id\n            body\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WhoIsIt {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query WhoIsIt {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOutDuringOutage {\n    logOut\n  }\n"): (typeof documents)["\n  mutation LogOutDuringOutage {\n    logOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayloadAskFriend($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation PayloadAskFriend($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayloadRejectRequest($requestId: ID!) {\n    rejectFriendRequest(requestId: $requestId) {\n      removedRequestId\n      user {\n        id\n        friendship\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PayloadRejectRequest($requestId: ID!) {\n    rejectFriendRequest(requestId: $requestId) {\n      removedRequestId\n      user {\n        id\n        friendship\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayloadWithdrawRequest($requestId: ID!) {\n    withdrawFriendRequest(requestId: $requestId) {\n      removedRequestId\n      user {\n        id\n        friendship\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PayloadWithdrawRequest($requestId: ID!) {\n    withdrawFriendRequest(requestId: $requestId) {\n      removedRequestId\n      user {\n        id\n        friendship\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PayloadRequests {\n    incomingFriendRequests {\n      id\n    }\n    outgoingFriendRequests {\n      id\n    }\n  }\n"): (typeof documents)["\n  query PayloadRequests {\n    incomingFriendRequests {\n      id\n    }\n    outgoingFriendRequests {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayloadUnfriend($userId: ID!) {\n    unfriend(userId: $userId) {\n      user {\n        id\n        friendship\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PayloadUnfriend($userId: ID!) {\n    unfriend(userId: $userId) {\n      user {\n        id\n        friendship\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayloadBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation PayloadBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PayloadFriends {\n    friends(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PayloadFriends {\n    friends(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayloadLeaveGroupRoom($roomId: ID!) {\n    leaveGroupRoom(roomId: $roomId) {\n      removedRoomId\n    }\n  }\n"): (typeof documents)["\n  mutation PayloadLeaveGroupRoom($roomId: ID!) {\n    leaveGroupRoom(roomId: $roomId) {\n      removedRoomId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PayloadRoom($id: ID!) {\n    room(id: $id) {\n      id\n      members {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query PayloadRoom($id: ID!) {\n    room(id: $id) {\n      id\n      members {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayloadLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n"): (typeof documents)["\n  mutation PayloadLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PayloadSessions {\n    sessions {\n      id\n      current\n    }\n  }\n"): (typeof documents)["\n  query PayloadSessions {\n    sessions {\n      id\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayloadEndSession($sessionId: ID!) {\n    endSession(sessionId: $sessionId) {\n      removedSessionId\n    }\n  }\n"): (typeof documents)["\n  mutation PayloadEndSession($sessionId: ID!) {\n    endSession(sessionId: $sessionId) {\n      removedSessionId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PgbMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      cursor\n    }\n  }\n"): (typeof documents)["\n  subscription PgbMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PgbMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      editedAt\n      reactions {\n        emoji\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PgbMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      editedAt\n      reactions {\n        emoji\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PgbEditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      body\n    }\n  }\n"): (typeof documents)["\n  mutation PgbEditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      body\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PgbAddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation PgbAddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PgbUnread($roomId: ID!) {\n    room(id: $roomId) {\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  query PgbUnread($roomId: ID!) {\n    room(id: $roomId) {\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PgbMarkRead($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation PgbMarkRead($roomId: ID!) {\n    markRoomRead(roomId: $roomId) {\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PgbFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation PgbFriendRequest($userId: ID!) {\n    sendFriendRequest(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PgbFriends {\n    friends(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PgbFriends {\n    friends(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PinsPin($messageId: ID!) {\n    pinMessage(messageId: $messageId) {\n      id\n      body\n      pinnedAt\n    }\n  }\n"): (typeof documents)["\n  mutation PinsPin($messageId: ID!) {\n    pinMessage(messageId: $messageId) {\n      id\n      body\n      pinnedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PinsUnpin($messageId: ID!) {\n    unpinMessage(messageId: $messageId) {\n      id\n      pinnedAt\n    }\n  }\n"): (typeof documents)["\n  mutation PinsUnpin($messageId: ID!) {\n    unpinMessage(messageId: $messageId) {\n      id\n      pinnedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PinsOfRoom($id: ID!) {\n    room(id: $id) {\n      pinnedMessages {\n        id\n        body\n        pinnedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query PinsOfRoom($id: ID!) {\n    room(id: $id) {\n      pinnedMessages {\n        id\n        body\n        pinnedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PinsOfRooms($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          pinnedMessages {\n            id\n            body\n            sender {\n              username\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PinsOfRooms($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          pinnedMessages {\n            id\n            body\n            sender {\n              username\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PinsDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n      pinnedAt\n    }\n  }\n"): (typeof documents)["\n  mutation PinsDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n      pinnedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PinsEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation PinsEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PinsLeave($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation PinsLeave($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PinsRemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation PinsRemoveFriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PinsUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      pinnedAt\n      deletedAt\n    }\n  }\n"): (typeof documents)["\n  subscription PinsUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      pinnedAt\n      deletedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PresenceOfUser($username: String!) {\n    user(username: $username) {\n      id\n      presence {\n        online\n        lastSeenAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query PresenceOfUser($username: String!) {\n    user(username: $username) {\n      id\n      presence {\n        online\n        lastSeenAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PresenceOfMembers($roomId: ID!) {\n    room(id: $roomId) {\n      members {\n        id\n        presence {\n          online\n          lastSeenAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PresenceOfMembers($roomId: ID!) {\n    room(id: $roomId) {\n      members {\n        id\n        presence {\n          online\n          lastSeenAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PresenceOfFriends {\n    friends(first: 50) {\n      edges {\n        node {\n          id\n          presence {\n            online\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PresenceOfFriends {\n    friends(first: 50) {\n      edges {\n        node {\n          id\n          presence {\n            online\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PresenceChanges {\n    presence {\n      user {\n        id\n        username\n      }\n      presence {\n        online\n        lastSeenAt\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PresenceChanges {\n    presence {\n      user {\n        id\n        username\n      }\n      presence {\n        online\n        lastSeenAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PresenceBlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation PresenceBlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomsPage($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          name\n          unreadCount\n          members {\n            id\n            username\n          }\n          lastMessage {\n            id\n            body\n            sender {\n              id\n              username\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomsPage($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          name\n          unreadCount\n          members {\n            id\n            username\n          }\n          lastMessage {\n            id\n            body\n            sender {\n              id\n              username\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SharedEvent($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      sender {\n        id\n        username\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription SharedEvent($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      sender {\n        id\n        username\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ViewerDependentEvent($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      sender {\n        id\n        username\n        friendship\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ViewerDependentEvent($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      sender {\n        id\n        username\n        friendship\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InboxWithSender {\n    inbox {\n      kind\n      muted\n      details {\n        __typename\n        ... on InboxMessageAdded {\n          message {\n            id\n            sender {\n              id\n              displayName\n              friendship\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription InboxWithSender {\n    inbox {\n      kind\n      muted\n      details {\n        __typename\n        ... on InboxMessageAdded {\n          message {\n            id\n            sender {\n              id\n              displayName\n              friendship\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessagesPage($roomId: ID!, $first: Int!) {\n    room(id: $roomId) {\n      messages(first: $first) {\n        edges {\n          node {\n            body\n            sender {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MessagesPage($roomId: ID!, $first: Int!) {\n    room(id: $roomId) {\n      messages(first: $first) {\n        edges {\n          node {\n            body\n            sender {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomsWithHistory($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          messages(last: 3) {\n            edges {\n              node {\n                body\n                sender {\n                  username\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomsWithHistory($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          id\n          messages(last: 3) {\n            edges {\n              node {\n                body\n                sender {\n                  username\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessagesWithTheirRoomsHistory($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          lastMessage {\n            room {\n              messages(last: 2) {\n                edges {\n                  node {\n                    body\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MessagesWithTheirRoomsHistory($first: Int!) {\n    rooms(first: $first) {\n      edges {\n        node {\n          lastMessage {\n            room {\n              messages(last: 2) {\n                edges {\n                  node {\n                    body\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactionAdd($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReactionAdd($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactionRemove($messageId: ID!, $emoji: String!) {\n    removeReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReactionRemove($messageId: ID!, $emoji: String!) {\n    removeReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReactionRead($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      __typename\n      ... on Message {\n        reactions {\n          emoji\n          count\n          reactedByMe\n          users(first: $first, after: $after) {\n            edges {\n              cursor\n              node {\n                id\n              }\n            }\n            pageInfo {\n              hasNextPage\n              endCursor\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReactionRead($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      __typename\n      ... on Message {\n        reactions {\n          emoji\n          count\n          reactedByMe\n          users(first: $first, after: $after) {\n            edges {\n              cursor\n              node {\n                id\n              }\n            }\n            pageInfo {\n              hasNextPage\n              endCursor\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReactionUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ReactionUpdates($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactionDeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ReactionDeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactionLeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation ReactionLeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactionUnfriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation ReactionUnfriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactionBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ReactionBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReactionsPage($roomId: ID!, $first: Int!) {\n    room(id: $roomId) {\n      messages(first: $first) {\n        edges {\n          node {\n            id\n            reactions {\n              emoji\n              count\n              reactedByMe\n              users(first: 3) {\n                edges {\n                  node {\n                    username\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReactionsPage($roomId: ID!, $first: Int!) {\n    room(id: $roomId) {\n      messages(first: $first) {\n        edges {\n          node {\n            id\n            reactions {\n              emoji\n              count\n              reactedByMe\n              users(first: 3) {\n                edges {\n                  node {\n                    username\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReceiptsMarkRead($roomId: ID!, $messageId: ID) {\n    markRoomRead(roomId: $roomId, messageId: $messageId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ReceiptsMarkRead($roomId: ID!, $messageId: ID) {\n    markRoomRead(roomId: $roomId, messageId: $messageId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReceiptsMemberships($id: ID!) {\n    room(id: $id) {\n      unreadCount\n      mutedUntil\n      memberships {\n        edges {\n          node {\n            user {\n              id\n            }\n            lastReadMessage {\n              id\n            }\n            lastReadAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReceiptsMemberships($id: ID!) {\n    room(id: $id) {\n      unreadCount\n      mutedUntil\n      memberships {\n        edges {\n          node {\n            user {\n              id\n            }\n            lastReadMessage {\n              id\n            }\n            lastReadAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReadReceipts($roomId: ID!) {\n    readReceipts(roomId: $roomId) {\n      user {\n        id\n      }\n      role\n      lastReadMessage {\n        id\n      }\n      lastReadAt\n    }\n  }\n"): (typeof documents)["\n  subscription ReadReceipts($roomId: ID!) {\n    readReceipts(roomId: $roomId) {\n      user {\n        id\n      }\n      role\n      lastReadMessage {\n        id\n      }\n      lastReadAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MuteRoom($roomId: ID!, $until: DateTime) {\n    muteRoom(roomId: $roomId, until: $until) {\n      id\n      mutedUntil\n    }\n  }\n"): (typeof documents)["\n  mutation MuteRoom($roomId: ID!, $until: DateTime) {\n    muteRoom(roomId: $roomId, until: $until) {\n      id\n      mutedUntil\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MutedInbox {\n    inbox {\n      kind\n      muted\n      message {\n        body\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription MutedInbox {\n    inbox {\n      kind\n      muted\n      message {\n        body\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OnMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      cursor\n      sender {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription OnMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      cursor\n      sender {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OnMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      editedAt\n      deletedAt\n    }\n  }\n"): (typeof documents)["\n  subscription OnMessageUpdated($roomId: ID!) {\n    messageUpdated(roomId: $roomId) {\n      id\n      body\n      editedAt\n      deletedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FriendshipOfSender($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      sender {\n        friendship\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription FriendshipOfSender($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      sender {\n        friendship\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OnTyping($roomId: ID!) {\n    typing(roomId: $roomId) {\n      roomId\n      typing\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription OnTyping($roomId: ID!) {\n    typing(roomId: $roomId) {\n      roomId\n      typing\n      expiresAt\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OnInbox {\n    inbox {\n      kind\n      roomId\n      message {\n        body\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription OnInbox {\n    inbox {\n      kind\n      roomId\n      message {\n        body\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Typing($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation Typing($roomId: ID!) {\n    sendTypingIndicator(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WhoOverSocket {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query WhoOverSocket {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOutForSocket {\n    logOut\n  }\n"): (typeof documents)["\n  mutation LogOutForSocket {\n    logOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshForSocket($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshForSocket($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditForSocket($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation EditForSocket($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteForSocket($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteForSocket($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LeaveForSocket($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation LeaveForSocket($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CookieLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation CookieLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CookieRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation CookieRefresh($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CookieSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation CookieSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CookieLogOut {\n    logOut\n  }\n"): (typeof documents)["\n  mutation CookieLogOut {\n    logOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CookieLogOutEverywhere {\n    logOutEverywhere\n  }\n"): (typeof documents)["\n  mutation CookieLogOutEverywhere {\n    logOutEverywhere\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CookieChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation CookieChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CappedCreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CappedCreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CappedAddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      members {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CappedAddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      members {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomRoles($id: ID!) {\n    room(id: $id) {\n      id\n      name\n      topic\n      myRole\n      memberships(first: 100) {\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomRoles($id: ID!) {\n    room(id: $id) {\n      id\n      name\n      topic\n      myRole\n      memberships(first: 100) {\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRoom($input: UpdateRoomInput!) {\n    updateRoom(input: $input) {\n      id\n      name\n      topic\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateRoom($input: UpdateRoomInput!) {\n    updateRoom(input: $input) {\n      id\n      name\n      topic\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveRoomMember($roomId: ID!, $userId: ID!) {\n    removeRoomMember(roomId: $roomId, userId: $userId) {\n      id\n      members {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveRoomMember($roomId: ID!, $userId: ID!) {\n    removeRoomMember(roomId: $roomId, userId: $userId) {\n      id\n      members {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRoomMemberRole($roomId: ID!, $userId: ID!, $role: RoomRole!) {\n    setRoomMemberRole(roomId: $roomId, userId: $userId, role: $role) {\n      id\n      myRole\n    }\n  }\n"): (typeof documents)["\n  mutation SetRoomMemberRole($roomId: ID!, $userId: ID!, $role: RoomRole!) {\n    setRoomMemberRole(roomId: $roomId, userId: $userId, role: $role) {\n      id\n      myRole\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddMembersByRole($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AddMembersByRole($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LeaveByRole($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation LeaveByRole($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RolesMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n    }\n  }\n"): (typeof documents)["\n  subscription RolesMessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RolesInbox {\n    inbox {\n      kind\n      roomId\n      muted\n    }\n  }\n"): (typeof documents)["\n  subscription RolesInbox {\n    inbox {\n      kind\n      roomId\n      muted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RoomUpdated($roomId: ID!) {\n    roomUpdated(roomId: $roomId) {\n      kind\n      room {\n        topic\n      }\n      users {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription RoomUpdated($roomId: ID!) {\n    roomUpdated(roomId: $roomId) {\n      kind\n      room {\n        topic\n      }\n      users {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MakeAdmin($roomId: ID!, $userId: ID!) {\n    setRoomMemberRole(roomId: $roomId, userId: $userId, role: ADMIN) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation MakeAdmin($roomId: ID!, $userId: ID!) {\n    setRoomMemberRole(roomId: $roomId, userId: $userId, role: ADMIN) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomById($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      unreadCount\n      members {\n        id\n      }\n      lastMessage {\n        id\n        body\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomById($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      unreadCount\n      members {\n        id\n      }\n      lastMessage {\n        id\n        body\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomWithPage($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      createdAt\n      messages(last: 5) {\n        edges {\n          node {\n            body\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomWithPage($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      createdAt\n      messages(last: 5) {\n        edges {\n          node {\n            body\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomOrMessageNode($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query RoomOrMessageNode($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessagesForward($id: ID!, $first: Int, $after: String) {\n    room(id: $id) {\n      messages(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            body\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MessagesForward($id: ID!, $first: Int, $after: String) {\n    room(id: $id) {\n      messages(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            body\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TwoPagesOfOneRoom($id: ID!) {\n    room(id: $id) {\n      messages(first: 2) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n      ... on Room {\n        newest: messages(last: 2) {\n          edges {\n            node {\n              body\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TwoPagesOfOneRoom($id: ID!) {\n    room(id: $id) {\n      messages(first: 2) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n      ... on Room {\n        newest: messages(last: 2) {\n          edges {\n            node {\n              body\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncludedPage($id: ID!, $withPage: Boolean!) {\n    room(id: $id) {\n      id\n      messages(first: 2) @include(if: $withPage) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query IncludedPage($id: ID!, $withPage: Boolean!) {\n    room(id: $id) {\n      id\n      messages(first: 2) @include(if: $withPage) {\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessagesBackward($id: ID!, $last: Int, $before: String) {\n    room(id: $id) {\n      messages(last: $last, before: $before) {\n        edges {\n          cursor\n          node {\n            id\n            body\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MessagesBackward($id: ID!, $last: Int, $before: String) {\n    room(id: $id) {\n      messages(last: $last, before: $before) {\n        edges {\n          cursor\n          node {\n            id\n            body\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      body\n      editedAt\n      deletedAt\n    }\n  }\n"): (typeof documents)["\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      body\n      editedAt\n      deletedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n      body\n      deletedAt\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n      body\n      deletedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkRead($roomId: ID!, $messageId: ID) {\n    markRoomRead(roomId: $roomId, messageId: $messageId) {\n      id\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation MarkRead($roomId: ID!, $messageId: ID) {\n    markRoomRead(roomId: $roomId, messageId: $messageId) {\n      id\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      members {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addRoomMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      members {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Rooms($first: Int, $after: String, $last: Int, $before: String) {\n    rooms(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Rooms($first: Int, $after: String, $last: Int, $before: String) {\n    rooms(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BlockForRooms($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation BlockForRooms($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SchemaScalarAndCodes {\n    dateTime: __type(name: \"DateTime\") {\n      kind\n      specifiedByURL\n    }\n    errorCode: __type(name: \"ErrorCode\") {\n      description\n      enumValues {\n        name\n        description\n      }\n    }\n    errorCodes\n  }\n"): (typeof documents)["\n  query SchemaScalarAndCodes {\n    dateTime: __type(name: \"DateTime\") {\n      kind\n      specifiedByURL\n    }\n    errorCode: __type(name: \"ErrorCode\") {\n      description\n      enumValues {\n        name\n        description\n      }\n    }\n    errorCodes\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SchemaInboxDetails {\n    inbox {\n      kind\n      roomId\n      message {\n        id\n      }\n      details {\n        __typename\n        ... on InboxMessageAdded {\n          message {\n            id\n            body\n          }\n        }\n        ... on InboxMention {\n          message {\n            id\n            body\n          }\n        }\n        ... on InboxRoomAdded {\n          room {\n            id\n            name\n          }\n        }\n        ... on InboxRoomUpdated {\n          room {\n            id\n            name\n          }\n        }\n        ... on InboxRoomRemoved {\n          roomId\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription SchemaInboxDetails {\n    inbox {\n      kind\n      roomId\n      message {\n        id\n      }\n      details {\n        __typename\n        ... on InboxMessageAdded {\n          message {\n            id\n            body\n          }\n        }\n        ... on InboxMention {\n          message {\n            id\n            body\n          }\n        }\n        ... on InboxRoomAdded {\n          room {\n            id\n            name\n          }\n        }\n        ... on InboxRoomUpdated {\n          room {\n            id\n            name\n          }\n        }\n        ... on InboxRoomRemoved {\n          roomId\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SchemaRenameRoom($input: UpdateRoomInput!) {\n    updateRoom(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SchemaRenameRoom($input: UpdateRoomInput!) {\n    updateRoom(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SchemaRemoveMember($roomId: ID!, $userId: ID!) {\n    removeRoomMember(roomId: $roomId, userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SchemaRemoveMember($roomId: ID!, $userId: ID!) {\n    removeRoomMember(roomId: $roomId, userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SchemaProtectedRoom($id: ID!) {\n    room(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query SchemaProtectedRoom($id: ID!) {\n    room(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchMessages($query: String!, $roomId: ID, $first: Int, $after: String) {\n    searchMessages(query: $query, roomId: $roomId, first: $first, after: $after) {\n      edges {\n        cursor\n        highlight\n        node {\n          id\n          body\n          room {\n            id\n          }\n          sender {\n            username\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchMessages($query: String!, $roomId: ID, $first: Int, $after: String) {\n    searchMessages(query: $query, roomId: $roomId, first: $first, after: $after) {\n      edges {\n        cursor\n        highlight\n        node {\n          id\n          body\n          room {\n            id\n          }\n          sender {\n            username\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchCostOnly($query: String!) {\n    searchMessages(query: $query, first: 0) {\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchCostOnly($query: String!) {\n    searchMessages(query: $query, first: 0) {\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SearchEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SearchEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SearchDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SearchDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SearchLeave($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation SearchLeave($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SearchMigratedLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n"): (typeof documents)["\n  mutation SearchMigratedLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchMigratedRooms {\n    rooms(first: 5) {\n      edges {\n        node {\n          name\n          myRole\n          pinnedMessages {\n            id\n          }\n          messages(first: 10) {\n            edges {\n              node {\n                body\n                replyCount\n                lastReplyAt\n                pinnedAt\n                replyTo {\n                  id\n                }\n                threadRoot {\n                  id\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchMigratedRooms {\n    rooms(first: 5) {\n      edges {\n        node {\n          name\n          myRole\n          pinnedMessages {\n            id\n          }\n          messages(first: 10) {\n            edges {\n              node {\n                body\n                replyCount\n                lastReplyAt\n                pinnedAt\n                replyTo {\n                  id\n                }\n                threadRoot {\n                  id\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WhoAmI {\n    me {\n      id\n      username\n    }\n  }\n"): (typeof documents)["\n  query WhoAmI {\n    me {\n      id\n      username\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogInAgain($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation LogInAgain($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeploymentMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n      sender {\n        username\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription DeploymentMessages($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      body\n      sender {\n        username\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ThreadSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      cursor\n      replyTo {\n        id\n        body\n      }\n      threadRoot {\n        id\n      }\n      mentions {\n        username\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ThreadSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      cursor\n      replyTo {\n        id\n        body\n      }\n      threadRoot {\n        id\n      }\n      mentions {\n        username\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ThreadMessage($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on Message {\n        id\n        body\n        deletedAt\n        replyCount\n        lastReplyAt\n        replyTo {\n          id\n          body\n          deletedAt\n        }\n        mentions {\n          username\n        }\n        replies(first: $first, after: $after) {\n          edges {\n            node {\n              id\n              body\n              threadRoot {\n                id\n              }\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ThreadMessage($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on Message {\n        id\n        body\n        deletedAt\n        replyCount\n        lastReplyAt\n        replyTo {\n          id\n          body\n          deletedAt\n        }\n        mentions {\n          username\n        }\n        replies(first: $first, after: $after) {\n          edges {\n            node {\n              id\n              body\n              threadRoot {\n                id\n              }\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ThreadRoomPage($id: ID!) {\n    room(id: $id) {\n      unreadCount\n      messages(last: 50) {\n        edges {\n          node {\n            id\n            replyCount\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ThreadRoomPage($id: ID!) {\n    room(id: $id) {\n      unreadCount\n      messages(last: 50) {\n        edges {\n          node {\n            id\n            replyCount\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ThreadsPage($id: ID!, $last: Int!) {\n    room(id: $id) {\n      messages(last: $last) {\n        edges {\n          node {\n            id\n            replyTo {\n              id\n            }\n            threadRoot {\n              id\n            }\n            mentions {\n              username\n            }\n            replies(first: 3) {\n              edges {\n                node {\n                  id\n                  mentions {\n                    username\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ThreadsPage($id: ID!, $last: Int!) {\n    room(id: $id) {\n      messages(last: $last) {\n        edges {\n          node {\n            id\n            replyTo {\n              id\n            }\n            threadRoot {\n              id\n            }\n            mentions {\n              username\n            }\n            replies(first: 3) {\n              edges {\n                node {\n                  id\n                  mentions {\n                    username\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ThreadEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      mentions {\n        username\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ThreadEdit($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      id\n      mentions {\n        username\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ThreadDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ThreadDelete($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ThreadPin($messageId: ID!) {\n    pinMessage(messageId: $messageId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ThreadPin($messageId: ID!) {\n    pinMessage(messageId: $messageId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ThreadUnpin($messageId: ID!) {\n    unpinMessage(messageId: $messageId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ThreadUnpin($messageId: ID!) {\n    unpinMessage(messageId: $messageId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ThreadUnfriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation ThreadUnfriend($userId: ID!) {\n    removeFriend(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ThreadBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ThreadBlock($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ThreadAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      threadRoot {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ThreadAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      id\n      body\n      threadRoot {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ThreadInbox {\n    inbox {\n      kind\n      message {\n        id\n        body\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ThreadInbox {\n    inbox {\n      kind\n      message {\n        id\n        body\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;