import { post, type ChaosRoom } from './population.js';
import { sleep } from './processes.js';

/** A message the server acknowledged (answered with its id): it must reach every member of its room. */
export interface Acknowledged {
  id: string;
  roomIndex: number;
  clientId: string;
  /** When the acknowledgement came (ms since the run's start). */
  at: number;
}

export interface SendStats {
  acknowledged: Acknowledged[];
  /** Attempts that failed (502 from nginx, SERVICE_UNAVAILABLE, a timeout) and were retried with the same clientId. */
  retries: number;
}

const SEND = `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }`;

/**
 * Each room's owner sends one message every `intervalMs` until `stop()`, as a careful client does:
 * a failed attempt is retried with the same clientId until acknowledged, so a retry after a lost
 * answer returns the stored message instead of storing a second.
 */
export function startSenders(url: string, rooms: ChaosRoom[], intervalMs: number, clock: () => number) {
  const stats: SendStats = { acknowledged: [], retries: 0 };
  let stopping = false;
  const loops = rooms.map(async (room, roomIndex) => {
    await sleep((intervalMs * roomIndex) / rooms.length); // spread the rooms over the interval
    for (let n = 1; !stopping; n++) {
      const started = clock();
      const clientId = `chaos-${roomIndex}-${n}`;
      const id = await sendUntilAcknowledged(url, room, clientId, stats, () => stopping);
      if (id !== null) stats.acknowledged.push({ id, roomIndex, clientId, at: clock() });
      await sleep(Math.max(0, intervalMs - (clock() - started)));
    }
  });
  return {
    stats,
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}

async function sendUntilAcknowledged(
  url: string,
  room: ChaosRoom,
  clientId: string,
  stats: SendStats,
  stopping: () => boolean,
): Promise<string | null> {
  const input = { roomId: room.id, body: `message ${clientId}`, clientId };
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await post<{ sendMessage: { id: string } }>(url, SEND, { input }, room.owner.session.accessToken);
      const id = answer.data?.sendMessage?.id;
      if (id) return id;
    } catch {
      // nginx's 502 while an instance dies, a timeout while PostgreSQL restarts: try again.
    }
    // Given up only long after the run stopped sending: an unacknowledged message may or may not
    // be stored, and is not counted either way.
    if (stopping() && attempt > 100) return null;
    stats.retries++;
    await sleep(Math.min(1_000, 100 * 2 ** Math.min(attempt, 4)));
  }
}
