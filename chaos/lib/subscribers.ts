import WebSocket from 'ws';
import { createChatClient, type ChatClient } from '../../client/src/index.js';
import type { ChaosRoom, Member } from './population.js';

/** What one subscriber saw: each delivery's time, by message id, and what was wrong with the stream. */
export interface Subscriber {
  member: Member;
  roomIndex: number;
  /** Message id → when it was delivered (ms since the run's start). */
  delivered: Map<string, number>;
  deliveryTimes: number[];
  duplicates: number;
  outOfOrder: number;
  errors: string[];
}

const REFRESH = `mutation ($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken } }`;

/** The member's token source: refreshes with plain fetch (never the client's, which adds the old token). */
function tokensOf(member: Member, url: string) {
  return {
    accessToken: () => member.session.accessToken,
    async refresh() {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: REFRESH, variables: { input: { refreshToken: member.session.refreshToken } } }),
      });
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`); // retried by the client
      const { data } = (await response.json()) as { data?: { refreshToken: Member['session'] } | null };
      if (!data?.refreshToken) return null;
      member.session = data.refreshToken;
      return member.session.accessToken;
    },
  };
}

/**
 * Every member of every room subscribes to its room through the client library, each on a socket
 * of its own; resolves once every subscription's starting point is fixed.
 */
export async function subscribeAll(
  url: string,
  rooms: ChaosRoom[],
  clock: () => number,
): Promise<{ subscribers: Subscriber[]; dispose(): void }> {
  const clients: ChatClient[] = [];
  const subscribers: Subscriber[] = [];
  const ready: Promise<unknown>[] = [];
  rooms.forEach((room, roomIndex) => {
    for (const member of room.members) {
      const chat = createChatClient({ url, tokens: tokensOf(member, url), webSocketImpl: WebSocket });
      const subscriber: Subscriber = {
        member,
        roomIndex,
        delivered: new Map(),
        deliveryTimes: [],
        duplicates: 0,
        outOfOrder: 0,
        errors: [],
      };
      let lastId = 0n;
      const subscription = chat.subscribeToRoom<{ id: string }>(room.id, {
        fields: 'id',
        onMessage: ({ id }) => {
          if (subscriber.delivered.has(id)) subscriber.duplicates++;
          const numeric = BigInt(Buffer.from(id, 'base64url').toString().split(':').at(-1) ?? '0');
          if (numeric <= lastId) subscriber.outOfOrder++;
          lastId = numeric > lastId ? numeric : lastId;
          const now = clock();
          subscriber.delivered.set(id, now);
          subscriber.deliveryTimes.push(now);
        },
        onError: (error) => subscriber.errors.push(JSON.stringify(error).slice(0, 300)),
        onComplete: () => subscriber.errors.push('completed'),
      });
      clients.push(chat);
      subscribers.push(subscriber);
      ready.push(subscription.ready);
    }
  });
  await Promise.all(ready);
  return { subscribers, dispose: () => clients.forEach((chat) => chat.dispose()) };
}
