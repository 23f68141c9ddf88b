import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, request } from './helpers/client.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';

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

/** Counts the SQL statements the server runs, from its debug log (one "query" line per statement). */
class StatementCounter extends Writable {
  count = 0;
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    for (const line of chunk.toString().split('\n')) if (line.includes('"msg":"query"')) this.count++;
    done();
  }
}

let server: TestServer;
const counter = new StatementCounter();
let viewer: TestUser;

beforeAll(async () => {
  server = await startServer({ logger: pino({ level: 'debug' }, counter) });
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
  const before = counter.count;
  const { rooms } = expectData(await request(server.url, RoomsPageQuery, { first }, { token: viewer.token }));
  expect(rooms.edges).toHaveLength(first);
  for (const { node } of rooms.edges) {
    expect(node.members).toHaveLength(4);
    expect(node.lastMessage?.sender.username).toMatch(/^f\d_/);
    expect(node.unreadCount).toBe(1);
  }
  return counter.count - before;
}

describe('the rooms page', () => {
  it('runs the same small number of SQL statements for 5 rooms as for 50', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(large).toBe(small);
    // session check, rooms, members, users, last messages, senders, unread counts
    expect(large).toBeLessThanOrEqual(7);
  });
});
