import type { RoomSummaryFragment } from '../../gql/graphql';

/** A group's name, or the other members of a direct room. */
export function roomTitle(room: Pick<RoomSummaryFragment, 'name' | 'members'>, viewerId: string): string {
  if (room.name) return room.name;
  const others = room.members.filter((member) => member.id !== viewerId);
  return others.map((member) => member.displayName).join(', ') || 'Just you';
}
