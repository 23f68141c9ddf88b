import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createPubSub } from '../../src/platform/broker/pubsub.js';
import type { RoomTopics, RoomWireEvent } from '../../src/features/rooms/room-events.js';
import { ReadReceiptPublisher } from '../../src/features/rooms/read-receipts.js';

const pubsub = createPubSub<RoomTopics>({ redis: null, prefix: 'unit:', deploymentId: 'd' }, pino({ level: 'silent' }));

async function listen(roomId: string) {
  const heard: RoomWireEvent[] = [];
  const off = await pubsub.subscribe('room', roomId, (event) => heard.push(event));
  return { heard, off };
}

const publishers: ReadReceiptPublisher[] = [];
afterEach(() => {
  for (const publisher of publishers.splice(0)) publisher.flush();
});

describe('ReadReceiptPublisher', () => {
  it('sends one signal per room per window, with each member’s furthest position', async () => {
    const publisher = new ReadReceiptPublisher(pubsub, 20);
    publishers.push(publisher);
    const one = await listen('1');
    const two = await listen('2');
    publisher.record({ roomId: '1', userId: 'a', messageId: '10', readAt: 1 });
    publisher.record({ roomId: '1', userId: 'b', messageId: '11', readAt: 2 });
    publisher.record({ roomId: '1', userId: 'a', messageId: '12', readAt: 3 });
    // A call that moved the marker less far, finishing last, does not take the position back.
    publisher.record({ roomId: '1', userId: 'a', messageId: '11', readAt: 5 });
    publisher.record({ roomId: '2', userId: 'a', messageId: '20', readAt: 4 });
    expect(one.heard).toEqual([]); // nothing before the window ends
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(one.heard).toEqual([
      {
        kind: 'READ',
        receipts: [
          { roomId: '1', userId: 'a', messageId: '12', readAt: 3 },
          { roomId: '1', userId: 'b', messageId: '11', readAt: 2 },
        ],
      },
    ]);
    expect(two.heard).toHaveLength(1);
    one.off();
    two.off();
  });

  it('starts a new window after a flush and sends nothing when nothing moved', async () => {
    const publisher = new ReadReceiptPublisher(pubsub, 20);
    publishers.push(publisher);
    const room = await listen('3');
    publisher.flush();
    publisher.record({ roomId: '3', userId: 'a', messageId: '1', readAt: 1 });
    publisher.flush();
    publisher.record({ roomId: '3', userId: 'a', messageId: '2', readAt: 2 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(room.heard.map((event) => 'receipts' in event && event.receipts[0]!.messageId)).toEqual(['1', '2']);
    room.off();
  });
});
