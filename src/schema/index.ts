import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './user.js';
import './auth.js';
import './friends.js';
import './room.js';
import './message.js';
import './activity.js';

/** The whole API schema, sorted so its printed form changes only when the API does. */
export const schema = lexicographicSortSchema(builder.toSchema());
