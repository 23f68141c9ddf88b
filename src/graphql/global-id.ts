import { badInput } from '../platform/errors.js';

export type NodeTypeName = 'User' | 'FriendRequest' | 'Room' | 'Message';
const NODE_TYPES = new Set<string>(['User', 'FriendRequest', 'Room', 'Message']);

// Row ids are positive bigints; anything else is refused here rather than as a SQL cast error.
const ROW_ID = /^[1-9]\d{0,17}$/;

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

/** Decodes an opaque id of any node type; malformed ids are BAD_USER_INPUT. */
export function decodeGlobalId(globalId: string, field = 'id'): { typename: NodeTypeName; id: string } {
  const decoded = globalId.length <= 64 ? Buffer.from(globalId, 'base64url').toString('utf8') : '';
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 0 || !NODE_TYPES.has(typename) || !ROW_ID.test(id)) {
    throw badInput(field, `${field} is not a valid id.`);
  }
  return { typename: typename as NodeTypeName, id };
}

/** Decodes an id that must belong to one type: a Room id where a User is expected is BAD_USER_INPUT. */
export function parseGlobalId(globalId: string, expected: NodeTypeName, field: string): string {
  const { typename, id } = decodeGlobalId(globalId, field);
  if (typename !== expected) throw badInput(field, `${field} must be a ${expected} id.`);
  return id;
}
