import type { ColumnType, Generated, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface UsersTable {
  /** bigint identity: a string from both pg and PGlite (see openPGlite). */
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: CreatedAt;
  /** Set when the account was deleted: the row stays for the messages and events that name it. */
  deleted_at: Date | null;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
  revoked_reason: string | null;
  /** The client that opened it (its User-Agent, cut to 256 characters). */
  user_agent: string | null;
  /** Its last refresh (or opening): bumped only then, so a request costs no write. */
  last_used_at: ColumnType<Date, Date | undefined, Date>;
}

/** Every refresh token ever issued for a session; a token is spent once `rotated_at` is set. */
export interface RefreshTokensTable {
  token_hash: string;
  session_id: string;
  expires_at: Date;
  created_at: CreatedAt;
  rotated_at: Date | null;
  /** Presented once more after it was spent, within the grace window (migration 0007). */
  grace_used: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface FriendRequestsTable {
  id: Generated<string>;
  from_user_id: string;
  to_user_id: string;
  created_at: CreatedAt;
}

/** Two rows per friendship, one per direction. */
export interface FriendshipsTable {
  user_id: string;
  friend_id: string;
  created_at: CreatedAt;
}

export interface BlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: CreatedAt;
}

export interface RoomsTable {
  id: Generated<string>;
  kind: 'DIRECT' | 'GROUP';
  name: string | null;
  topic: ColumnType<string | null, string | null | undefined, string | null>;
  /** "<low user id>:<high user id>" for direct rooms, null for groups; unique. */
  direct_key: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  last_message_id: string | null;
  last_seq: ColumnType<string, never, string>;
  /** Bumped from room_activity_seq on every new message: rooms sort by it, newest activity first. */
  activity_seq: ColumnType<string, never, string>;
  /** The seq of the room's latest logged event (room_events): bumped in the transaction that logs it. */
  event_seq: ColumnType<string, never, string>;
}

export interface RoomMembersTable {
  room_id: string;
  user_id: string;
  joined_at: CreatedAt;
  /** Messages with a higher id are unread; 0 when nothing has been read. */
  last_read_message_id: ColumnType<string, string | undefined, string>;
  /** When the read marker last moved (read receipts). */
  last_read_at: Date | null;
  role: ColumnType<RoomRole, RoomRole | undefined, RoomRole>;
  /** The member's mute of this room: notifications are quiet until then. */
  muted_until: Date | null;
}

export type RoomRole = 'OWNER' | 'ADMIN' | 'MEMBER';

export interface MessagesTable {
  id: Generated<string>;
  room_id: string;
  sender_id: string;
  /** Position within the room: 1, 2, 3… with no gaps. */
  seq: string;
  body: string;
  client_id: string | null;
  created_at: CreatedAt;
  edited_at: Date | null;
  deleted_at: Date | null;
  /** The message this one quotes (any message of the room). */
  reply_to_id: string | null;
  /** Set on messages inside a thread: the thread's root (itself never in a thread). */
  thread_root_id: string | null;
  /** On a root: its thread's messages so far, and when the latest came. */
  reply_count: ColumnType<number, number | undefined, number>;
  last_reply_at: Date | null;
  pinned_at: Date | null;
  pinned_by: string | null;
  /** Generated from body (migrations/0005_message_features.ts); never selected. */
  search_vector: ColumnType<string, never, never>;
}

export interface ReactionsTable {
  message_id: string;
  emoji: string;
  user_id: string;
  created_at: CreatedAt;
}

export interface MentionsTable {
  message_id: string;
  user_id: string;
}

/** A room's durable events in one order (see migrations/0004_room_events.ts). */
export interface RoomEventsTable {
  room_id: string;
  seq: string;
  kind: string;
  message_id: string | null;
  user_ids: string[] | null;
  created_at: CreatedAt;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  friend_requests: FriendRequestsTable;
  friendships: FriendshipsTable;
  blocks: BlocksTable;
  rooms: RoomsTable;
  room_members: RoomMembersTable;
  messages: MessagesTable;
  room_events: RoomEventsTable;
  reactions: ReactionsTable;
  mentions: MentionsTable;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type RoomRow = Selectable<RoomsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type FriendRequestRow = Selectable<FriendRequestsTable>;
