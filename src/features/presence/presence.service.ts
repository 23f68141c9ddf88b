import type { Db } from '../../platform/db/database.js';
import type { Presence } from './presence-store.js';
import { presencePeersAmong } from './presence.repository.js';

export interface PresenceReadDeps {
  db: Db;
  /** Reads presence as this instance knows it (the hub: from Redis or from memory). */
  presence: { read(userIds: readonly string[]): Promise<Map<string, Presence>> };
}

/**
 * The presence of each of `userIds` that the viewer may see: their own, their friends' and the
 * members' of their group rooms, never across a block. The others have no entry.
 */
export async function visiblePresence(
  { db, presence }: PresenceReadDeps,
  viewerId: string,
  userIds: readonly string[],
): Promise<Map<string, Presence>> {
  const peers = await presencePeersAmong(db, viewerId, userIds);
  const visible = userIds.filter((id) => id === viewerId || peers.has(id));
  return presence.read([...new Set(visible)]);
}
