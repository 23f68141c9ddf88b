import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.js';
import { readBySeq } from '../../platform/db/pagination.js';
import { MESSAGE_COLUMNS, toMessage, type Message } from '../messages/messages.repository.js';
import { directKey } from './direct-key.js';
import { isMembershipKind, type MembershipEvent, type MessageUpdateKind, type RoomEvent } from './room-events.js';

/**
 * Appends an event to the room's log in the caller's transaction and returns its seq. The UPDATE
 * takes the room row's lock until the commit, so seqs follow commit order. (A new or changed
 * message is logged by the statement that writes it: messages.repository.ts.)
 */
async function appendEvent(
  trx: Trx,
  roomId: string,
  kind: RoomEvent['kind'],
  about: { messageId?: string; userIds?: string[] },
): Promise<number> {
  const { rows } = await sql<{ seq: string }>`
    with bumped as (update rooms set event_seq = event_seq + 1 where id = ${roomId} returning id, event_seq)
    insert into room_events (room_id, seq, kind, message_id, user_ids)
    select id, event_seq, ${kind}, ${about.messageId ?? null}, ${about.userIds ?? null} from bumped
    returning seq
  `.execute(trx);
  return Number(rows[0]!.seq);
}

/** Logs a change to the room or its members (see MembershipEvent) and returns the event. */
export async function logMembershipEvent(
  trx: Trx,
  roomId: string,
  kind: MembershipEvent['kind'],
  userIds: string[],
): Promise<MembershipEvent> {
  return { seq: await appendEvent(trx, roomId, kind, { userIds }), kind, userIds };
}

/** Logs a change to a message (a reaction, a pin) and returns its seq. */
export const logMessageEvent = (trx: Trx, roomId: string, messageId: string, kind: MessageUpdateKind) =>
  appendEvent(trx, roomId, kind, { messageId });

/**
 * Logs that the direct room of a and b (if they ever opened one) stopped taking messages: their
 * friendship ended in the caller's transaction. The room and its history stay.
 */
export async function logDirectRoomSuspended(
  trx: Trx,
  a: string,
  b: string,
): Promise<{ roomId: string; event: MembershipEvent } | null> {
  const room = await trx.selectFrom('rooms').select('id').where('direct_key', '=', directKey(a, b)).executeTakeFirst();
  if (!room) return null;
  return { roomId: room.id, event: await logMembershipEvent(trx, room.id, 'DIRECT_ROOM_SUSPENDED', [a, b]) };
}

/**
 * A room's events from `fromSeq` on, in seq order, in batches as the caller asks for more. Message
 * events carry the message as it is now (a later edit shows; so does a deletion).
 */
export const readRoomEvents = (db: Db, roomId: string, fromSeq: number): AsyncGenerator<RoomEvent[]> =>
  readBySeq((from, limit) => listRoomEvents(db, roomId, from, limit), fromSeq);

async function listRoomEvents(db: Db, roomId: string, fromSeq: number, limit: number): Promise<RoomEvent[]> {
  const rows = await db
    .selectFrom('room_events')
    .leftJoin('messages', 'messages.id', 'room_events.message_id')
    .select(['room_events.seq', 'room_events.kind', 'room_events.user_ids'])
    .select(MESSAGE_COLUMNS.map((column) => sql.ref(column).as(column.replace('messages.', 'm_'))))
    .where('room_events.room_id', '=', roomId)
    .where('room_events.seq', '>=', String(fromSeq))
    .orderBy('room_events.seq')
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const seq = Number(row.seq);
    const kind = row.kind as RoomEvent['kind'];
    if (isMembershipKind(kind)) {
      return { seq, kind, userIds: (row.user_ids ?? []).map(String) };
    }
    const mentioned = (row.user_ids ?? []).map(String);
    return { seq, kind, message: messageOf(row as unknown as Record<string, unknown>), mentioned };
  });
}

function messageOf(row: Record<string, unknown>): Message {
  const unprefixed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (key.startsWith('m_')) unprefixed[key.slice(2)] = value;
  return toMessage(unprefixed as Parameters<typeof toMessage>[0]);
}

/** The seq of each room's latest event (0 when none or unknown), in one statement. */
export async function getRoomEventTips(db: Db, roomIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.selectFrom('rooms').select(['id', 'event_seq']).where('id', 'in', roomIds).execute();
  return new Map(rows.map((row) => [row.id, Number(row.event_seq)]));
}
