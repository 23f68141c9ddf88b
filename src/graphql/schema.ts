import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './error-codes.js';
import '../features/accounts/users.graphql.js';
import '../features/accounts/accounts.graphql.js';
import '../features/accounts/end-session.graphql.js';
import '../features/friends/friends.graphql.js';
import '../features/friends/friend-removals.graphql.js';
import '../features/rooms/rooms.graphql.js';
import '../features/rooms/leave-room.graphql.js';
import '../features/rooms/memberships.graphql.js';
import '../features/rooms/room-admin.graphql.js';
import '../features/messages/messages.graphql.js';
import '../features/messages/reactions.graphql.js';
import '../features/messages/pins.graphql.js';
import '../features/messages/search.graphql.js';
import '../features/activity/activity.graphql.js';
import '../features/activity/inbox.graphql.js';
import '../features/presence/presence.graphql.js';

/** The whole API schema, sorted so its printed form changes only when the API does. */
export const schema = lexicographicSortSchema(builder.toSchema());
