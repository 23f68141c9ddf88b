import type { Logger } from 'pino';

/** Where a channel is heard from: a Redis subscription made once per channel. */
export interface ChannelSource {
  /** Resolves once Redis acknowledged the subscription; rejects when it did not (unlisten follows). */
  listen(channel: string): Promise<void>;
  unlisten(channel: string): void;
}

/** A channel this instance listens on: its local handlers share one subscription. */
interface Subscription {
  handlers: Set<(payload: unknown) => void>;
  /** Settles when Redis acknowledged the subscription (or it failed). */
  acknowledged: Promise<void>;
}

/**
 * Local handlers of Redis channels: a channel is subscribed once however many handlers it has, and
 * unsubscribed when its last handler goes. A payload is decoded once; every handler gets the same
 * object.
 */
export class ChannelFanout {
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(
    private readonly source: ChannelSource,
    private readonly logger: Logger,
  ) {}

  async subscribe(channel: string, handler: (payload: unknown) => void): Promise<() => void> {
    let subscription = this.subscriptions.get(channel);
    if (!subscription) this.subscriptions.set(channel, (subscription = this.listen(channel)));
    const entry = (payload: unknown) => handler(payload);
    subscription.handlers.add(entry);
    try {
      await subscription.acknowledged;
    } catch (err) {
      subscription.handlers.delete(entry);
      throw err;
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      subscription.handlers.delete(entry);
      if (subscription.handlers.size === 0) this.stopListening(channel, subscription);
    };
  }

  dispatch(channel: string, text: string): void {
    const subscription = this.subscriptions.get(channel);
    if (!subscription || subscription.handlers.size === 0) return;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return this.logger.warn({ channel }, 'unreadable payload dropped');
    }
    for (const handler of [...subscription.handlers]) handler(payload);
  }

  private listen(channel: string): Subscription {
    const subscription: Subscription = { handlers: new Set(), acknowledged: Promise.resolve() };
    subscription.acknowledged = this.source.listen(channel).catch((err: unknown) => {
      // Nobody hears this channel: forget it. A SUBSCRIBE that timed out may still reach Redis once
      // it answers again, so an UNSUBSCRIBE follows it on the same connection (in order).
      this.stopListening(channel, subscription);
      throw err;
    });
    return subscription;
  }

  private stopListening(channel: string, subscription: Subscription) {
    if (this.subscriptions.get(channel) !== subscription) return;
    this.subscriptions.delete(channel);
    this.source.unlisten(channel);
  }
}
