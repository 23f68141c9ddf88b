import type { Migration } from 'kysely';
import * as m0001 from './0001_users_and_sessions.js';
import * as m0002 from './0002_friends_rooms_messages.js';
import * as m0003 from './0003_deployment.js';
import * as m0004 from './0004_room_events.js';
import * as m0005 from './0005_message_features.js';
import * as m0006 from './0006_search_by_room.js';
import * as m0007 from './0007_refresh_grace.js';
import * as m0008 from './0008_session_details.js';
import * as m0009 from './0009_rooms_and_people.js';

/**
 * Every migration, in order. Listed statically rather than read from disk so they load the same
 * under tsx, vitest and a bundler. Add new ones at the end; never edit an applied one.
 */
export const migrations: Record<string, Migration> = {
  '0001_users_and_sessions': m0001,
  '0002_friends_rooms_messages': m0002,
  '0003_deployment': m0003,
  '0004_room_events': m0004,
  '0005_message_features': m0005,
  '0006_search_by_room': m0006,
  '0007_refresh_grace': m0007,
  '0008_session_details': m0008,
  '0009_rooms_and_people': m0009,
};
