import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, request } from './helpers/client.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { CapturedLog } from './helpers/logs.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, subscribe } from './helpers/ws.js';

const RoomsPageQuery = graphql(`
  query RoomsPage($first: Int!) {
    rooms(first: $first) {
      edges {
        node {
          id
          name
          unreadCount
          members {
            id
            username
          }
          lastMessage {
            id
            body
            sender {
              id
              username
            }
          }
        }
      }
    }
  }
`);

let server: TestServer;
/** The server's debug log: one "query" line per SQL statement it runs. */
const log = new CapturedLog('debug');
const statements = () => log.count('query');
let viewer: TestUser;

beforeAll(async () => {
  server = await startServer({ logger: log.logger });
  viewer = await signUpUser(server.url, 'counted');
  const friends = await Promise.all(Array.from({ length: 3 }, (_, i) => signUpUser(server.url, `f${i}`)));
  for (const friend of friends) await makeFriends(server.url, viewer, friend);
  for (let i = 0; i < 60; i++) {
    const room = await createGroup(server.url, viewer, friends, `room ${i}`);
    await sendMessage(server.url, friends[i % 3]!, room, `hello ${i}`);
  }
});
afterAll(() => server?.stop());

async function statementsFor(first: number) {
  const before = statements();
  const { rooms } = expectData(await request(server.url, RoomsPageQuery, { first }, { token: viewer.token }));
  expect(rooms.edges).toHaveLength(first);
  for (const { node } of rooms.edges) {
    expect(node.members).toHaveLength(4);
    expect(node.lastMessage?.sender.username).toMatch(/^f\d_/);
    expect(node.unreadCount).toBe(1);
  }
  return statements() - before;
}

/**
 * A sender and twenty friends of theirs in one group, its first message (`start`), and the
 * statements one more send costs while nobody listens (`quietSend`): a delivery's own statements are
 * what a send costs above that.
 */
async function groupOfTwentyOne(prefix: string) {
  const [first, ...members] = await Promise.all(
    Array.from({ length: 21 }, (_, i) => signUpUser(server.url, `${prefix}${i}`)),
  );
  const sender = first!;
  for (const member of members) await makeFriends(server.url, sender, member);
  const room = await createGroup(server.url, sender, members, prefix);
  const start = await sendMessage(server.url, sender, room, 'start');
  const before = statements();
  await sendMessage(server.url, sender, room, 'quiet');
  return { sender, members, room, start, quietSend: statements() - before };
}

const SharedEventSubscription = graphql(`
  subscription SharedEvent($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      id
      body
      sender {
        id
        username
      }
    }
  }
`);

describe('live delivery', () => {
  it('executes an event once for all subscribers of the same document, not once per subscriber', async () => {
    const { members: listeners, room, start, quietSend } = await groupOfTwentyOne('shared');

    const clients = listeners.map((listener) => connect(server.wsUrl, listener.token));
    try {
      const subscriptions = clients.map((client) =>
        subscribe(client, SharedEventSubscription, { roomId: room, after: start.cursor }),
      );
      await Promise.all(subscriptions.map((subscription) => subscription.waitFor(1)));

      // A sender none of the subscriptions has resolved yet, so each execution must look them up.
      const before = statements();
      await sendMessage(server.url, listeners[0]!, room, 'to everyone');
      await Promise.all(subscriptions.map((subscription) => subscription.waitFor(2)));
      const deliveredSend = statements() - before;
      for (const subscription of subscriptions) {
        expect(subscription.events[1]!.messageAdded.sender.username).toBe(listeners[0]!.username);
      }
      // Twenty subscribers each resolving `sender` on their own would add twenty look-ups.
      expect(deliveredSend - quietSend).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});

const ViewerDependentEvent = graphql(`
  subscription ViewerDependentEvent($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      id
      sender {
        id
        username
        friendship
      }
    }
  }
`);

describe('live delivery of a viewer-dependent selection', () => {
  it('reads the sender and every subscriber’s friendship with them in a few statements, not a few per subscriber', async () => {
    const { members: listeners, room, start, quietSend } = await groupOfTwentyOne('apart');

    const clients = listeners.map((listener) => connect(server.wsUrl, listener.token));
    try {
      const subscriptions = clients.map((client) =>
        subscribe(client, ViewerDependentEvent, { roomId: room, after: start.cursor }),
      );
      await Promise.all(subscriptions.map((subscription) => subscription.waitFor(1)));
      const before = statements();
      await sendMessage(server.url, listeners[0]!, room, 'to everyone');
      await Promise.all(subscriptions.map((subscription) => subscription.waitFor(2)));
      const deliveredSend = statements() - before;
      // Each subscriber sees its own relation to the sender: itself, or a friend of a friend (none).
      subscriptions.forEach((subscription, index) => {
        const { sender: seen } = subscription.events[1]!.messageAdded;
        expect(seen.username).toBe(listeners[0]!.username);
        expect(seen.friendship).toBe(index === 0 ? 'SELF' : 'NONE');
      });
      // Twenty subscribers each reading the sender and their friendship would add forty.
      expect(deliveredSend - quietSend).toBeLessThanOrEqual(4);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});

const InboxWithSender = graphql(`
  subscription InboxWithSender {
    inbox {
      kind
      muted
      details {
        __typename
        ... on InboxMessageAdded {
          message {
            id
            sender {
              id
              displayName
              friendship
            }
          }
        }
      }
    }
  }
`);

describe('live delivery to inboxes', () => {
  it('executes a viewer-dependent inbox per member but reads the sender and the friendships in a few statements', async () => {
    const { sender, members, room, quietSend } = await groupOfTwentyOne('inboxed');

    const clients = members.map((member) => connect(server.wsUrl, member.token));
    try {
      const inboxes = clients.map((client) => subscribe(client, InboxWithSender, {}));
      // Live once a warm-up message reaches every inbox (a subscription has no acknowledgement).
      for (let tries = 0; inboxes.some((inbox) => inbox.events.length === 0); tries++) {
        expect(tries).toBeLessThan(50);
        await sendMessage(server.url, sender, room, 'warm-up');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 300)); // the last warm-up's deliveries
      const counts = inboxes.map((inbox) => inbox.events.length);
      const before = statements();
      await sendMessage(server.url, sender, room, 'to every inbox');
      await Promise.all(inboxes.map((inbox, i) => inbox.waitFor(counts[i]! + 1)));
      const deliveredSend = statements() - before;
      for (const inbox of inboxes) {
        const { details } = inbox.events.at(-1)!.inbox;
        expect(details).toMatchObject({ message: { sender: { id: sender.id, friendship: 'FRIENDS' } } });
      }
      // Twenty inboxes each reading the sender and their friendship with them would add forty.
      expect(deliveredSend - quietSend).toBeLessThanOrEqual(4);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});

const MessagesPageQuery = graphql(`
  query MessagesPage($roomId: ID!, $first: Int!) {
    room(id: $roomId) {
      messages(first: $first) {
        edges {
          node {
            body
            sender {
              id
              displayName
            }
          }
        }
      }
    }
  }
`);

describe('the rooms page', () => {
  it('runs at most 7 SQL statements for a page of 5 rooms and for a page of 50', async () => {
    // session check (unless recently made), rooms, members, users, last messages, senders, unread
    // counts; users and senders share one batch when their loads land in the same tick: never per room.
    expect(await statementsFor(5)).toBeLessThanOrEqual(7);
    expect(await statementsFor(50)).toBeLessThanOrEqual(7);
  });
});

describe('a page of messages', () => {
  it('reads the room and, alongside it, the messages with their senders in one statement', async () => {
    const others = await Promise.all([signUpUser(server.url, 'pager1'), signUpUser(server.url, 'pager2')]);
    for (const other of others) await makeFriends(server.url, viewer, other);
    const room = await createGroup(server.url, viewer, others, 'paged');
    for (let i = 0; i < 12; i++) await sendMessage(server.url, [viewer, ...others][i % 3]!, room, `page ${i}`);

    const page = async () => {
      const before = statements();
      const data = expectData(
        await request(server.url, MessagesPageQuery, { roomId: room, first: 10 }, { token: viewer.token }),
      );
      const edges = data.room!.messages.edges;
      expect(edges.map((edge) => edge.node.body)).toEqual(Array.from({ length: 10 }, (_, i) => `page ${i}`));
      // Each message with its own sender, not merely three different ones.
      expect(edges.map((edge) => edge.node.sender.id)).toEqual(
        Array.from({ length: 10 }, (_, i) => [viewer, ...others][i % 3]!.id),
      );
      return statements() - before;
    };
    await page(); // the session check, if any, happens here
    expect(await page()).toBe(2);
  });
});

const RoomsWithHistoryQuery = graphql(`
  query RoomsWithHistory($first: Int!) {
    rooms(first: $first) {
      edges {
        node {
          id
          messages(last: 3) {
            edges {
              node {
                body
                sender {
                  username
                }
              }
            }
          }
        }
      }
    }
  }
`);

const MessagesWithTheirRoomsHistory = graphql(`
  query MessagesWithTheirRoomsHistory($first: Int!) {
    rooms(first: $first) {
      edges {
        node {
          lastMessage {
            room {
              messages(last: 2) {
                edges {
                  node {
                    body
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

describe('nested connections', () => {
  it('reads the history of every room of a page in one statement, for 5 rooms as for 50', async () => {
    const count = async (first: number) => {
      await request(server.url, RoomsWithHistoryQuery, { first }, { token: viewer.token }); // warm the session check
      const before = statements();
      const { rooms } = expectData(
        await request(server.url, RoomsWithHistoryQuery, { first }, { token: viewer.token }),
      );
      expect(rooms.edges).toHaveLength(first);
      for (const { node } of rooms.edges) {
        expect(node.messages.edges.length).toBeGreaterThan(0);
        for (const { node: message } of node.messages.edges)
          expect(message.sender.username).toMatch(/^\w+_[0-9a-f]{8}$/);
      }
      return statements() - before;
    };
    // rooms, the histories, nothing per room.
    expect(await count(5)).toBeLessThanOrEqual(3);
    expect(await count(50)).toBeLessThanOrEqual(3);
  });

  it('reads a connection under a list of objects one level down once per level, not once per parent', async () => {
    const count = async (first: number) => {
      await request(server.url, MessagesWithTheirRoomsHistory, { first }, { token: viewer.token });
      const before = statements();
      const { rooms } = expectData(
        await request(server.url, MessagesWithTheirRoomsHistory, { first }, { token: viewer.token }),
      );
      for (const { node } of rooms.edges) expect(node.lastMessage!.room.messages.edges.length).toBeGreaterThan(0);
      return statements() - before;
    };
    // rooms, last messages, their rooms, the histories.
    expect(await count(5)).toBeLessThanOrEqual(4);
    expect(await count(40)).toBeLessThanOrEqual(4);
  });
});
