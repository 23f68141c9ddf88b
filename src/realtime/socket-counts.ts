/**
 * How many signed-in sockets each user holds on this instance. Presence changes only at the edges:
 * a user's first socket here and their last one (a second tab, or a reconnect that overlaps the
 * old socket, announces nothing).
 */
export class SocketCounts {
  private readonly counts = new Map<string, number>();

  /** Counts a socket; true when it is the user's first here. */
  open(userId: string): boolean {
    const count = this.counts.get(userId) ?? 0;
    this.counts.set(userId, count + 1);
    return count === 0;
  }

  /** Counts a socket out; true when it was the user's last here (false for a user with none). */
  close(userId: string): boolean {
    const count = this.counts.get(userId);
    if (count === undefined) return false;
    if (count > 1) {
      this.counts.set(userId, count - 1);
      return false;
    }
    this.counts.delete(userId);
    return true;
  }

  /** The users holding at least one socket here. */
  users(): string[] {
    return [...this.counts.keys()];
  }

  /** Sockets counted in all. */
  size(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }
}
