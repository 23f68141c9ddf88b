import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What a listener reports to its owner. */
export interface ListenerEvents {
  message(channel: string, text: string): void;
  /** The connection dropped: payloads may be missed from now. */
  drop(): void;
  /** The connection is back with every channel subscribed again. */
  back(): void;
}

/** SUBSCRIBE (one Redis) or SSUBSCRIBE (the shard of a Redis Cluster that owns the channels). */
export type ListenMode = 'plain' | 'sharded';

/**
 * One Redis connection in subscriber mode, and the channels it listens to. ioredis subscribes the
 * connection's channels again after a reconnect (sharded ones too); `back` tells when that is done.
 * An UNSUBSCRIBE that failed (Redis away) is sent again after the reconnect, since ioredis then
 * subscribes the connection's old channels again, these included.
 */
export class RedisListener {
  private readonly listening = new Set<string>();
  /** Channels being unsubscribed, kept until Redis confirms. */
  private readonly unsubscribing = new Set<string>();
  /** From a drop until the channels are subscribed again. */
  private resubscribing = false;

  constructor(
    readonly client: Redis,
    private readonly mode: ListenMode,
    private readonly logger: Logger,
    private readonly events: ListenerEvents,
  ) {
    client.on(mode === 'plain' ? 'message' : 'smessage', (channel: string, text: string) =>
      this.receive(channel, text),
    );
    this.watchReconnects();
  }

  /** Resolves once Redis acknowledged the subscription; rejects when it did not (unlisten follows). */
  async listen(channel: string): Promise<void> {
    this.listening.add(channel);
    await (this.mode === 'plain' ? this.client.subscribe(channel) : this.client.ssubscribe(channel));
  }

  unlisten(channel: string): void {
    this.listening.delete(channel);
    this.unsubscribe(channel);
  }

  /** Channels listened to (acknowledged or not). */
  get channels(): ReadonlySet<string> {
    return this.listening;
  }

  get ready(): boolean {
    return this.client.status === 'ready';
  }

  /** Connected, with every channel subscribed (again, after a drop). */
  get live(): boolean {
    return this.ready && !this.resubscribing;
  }

  close(): void {
    this.client.disconnect();
  }

  private unsubscribe(channel: string) {
    this.unsubscribing.add(channel);
    const sent = this.mode === 'plain' ? this.client.unsubscribe(channel) : this.client.sunsubscribe(channel);
    sent.then(
      () => this.unsubscribing.delete(channel),
      (err: Error) => {
        // A shard that answers refused it (the slot moved away, and the channel with it): nothing to undo.
        if (this.mode === 'sharded' && this.client.status === 'ready') this.unsubscribing.delete(channel);
        this.logger.debug({ err: err.message, channel }, 'unsubscribe failed; sent again on reconnect');
      },
    );
  }

  private receive(channel: string, text: string) {
    if (this.listening.has(channel)) return this.events.message(channel, text);
    // Subscribed without a listener here (a leftover of an outage): let it go.
    if (!this.unsubscribing.has(channel)) this.unsubscribe(channel);
  }

  /** After a reconnect: drop what ioredis subscribed again but nobody here listens to any more. */
  private unsubscribeLeftovers() {
    for (const channel of [...this.unsubscribing]) {
      if (this.listening.has(channel)) this.unsubscribing.delete(channel);
      else this.unsubscribe(channel);
    }
  }

  private watchReconnects() {
    this.client.on('close', () => {
      this.resubscribing = true;
      this.events.drop();
    });
    this.client.on('ready', () => {
      if (!this.resubscribing) return;
      // ioredis has resent the dropped connection's subscriptions; a PING is answered after them,
      // so once it is they are live. (If it fails the connection dropped again: the next 'ready' tells.)
      this.client.ping().then(
        () => {
          if (!this.ready) return;
          this.resubscribing = false;
          this.unsubscribeLeftovers();
          this.events.back();
        },
        () => {},
      );
    });
  }
}
