import type { Channels } from './channels.js';

/** Channels within one process: a payload reaches every handler at once, synchronously, as is. */
export class MemoryChannels implements Channels {
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();

  async publish(channel: string, payload: object): Promise<void> {
    // A copy of the set: a handler may unsubscribe (itself or others) while the payload goes round.
    for (const handler of [...(this.handlers.get(channel) ?? [])]) handler(payload);
  }

  async subscribe(channel: string, handler: (payload: unknown) => void): Promise<() => void> {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    // One entry per subscription, even when one function subscribes twice.
    const entry = (payload: unknown) => handler(payload);
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0 && this.handlers.get(channel) === set) this.handlers.delete(channel);
    };
  }

  isConnected(): boolean {
    return true;
  }

  async isAnswering(): Promise<boolean> {
    return true;
  }

  onDisconnect(): void {}

  onReconnect(): void {}

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
