export { createChatClient, webSocketUrl } from './chat-client.js';
export { SignedOutError } from './socket.js';
export { ROOM_MESSAGE_FIELDS } from './room.js';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export { cursorPosition, isAfter } from './cursor.js';
export { tokenExpiresAt } from './jwt.js';
export { planResume, CURSOR_ALIAS, AFTER_VARIABLE, type ResumePlan } from './resume-plan.js';
export { refreshDelay, isStale } from './refresh-schedule.js';
export type {
  BackoffPolicy,
  ChatClient,
  ChatClientOptions,
  RoomMessage,
  RoomSubscription,
  RoomSubscriptionOptions,
  TokenSource,
} from './types.js';
