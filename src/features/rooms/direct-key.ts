// A direct room is found by its two members, whoever opened it: rooms.direct_key.

/** The direct room of two users is identified by their ids in order, whoever opens it. */
export const directKey = (a: string, b: string) => (BigInt(a) < BigInt(b) ? `${a}:${b}` : `${b}:${a}`);

/** The other member of a direct room, read from its key. */
export function directPeer(key: string, userId: string): string {
  const [low, high] = key.split(':') as [string, string];
  return low === userId ? high : low;
}
