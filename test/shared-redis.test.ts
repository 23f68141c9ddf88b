import { randomBytes } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { postgresUrl, createTestDatabase } from './helpers/database.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, connected, sleep, subscribe } from './helpers/ws.js';

const DeploymentMessages = graphql(`
  subscription DeploymentMessages($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      body
      sender {
        username
      }
    }
  }
`);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(options);
  cleanups.push(() => server.stop());
  return server;
}

function connectedClient(server: TestServer, user: TestUser): Client {
  const client = connect(server.wsUrl, user.token);
  cleanups.push(() => client.dispose());
  return client;
}

/** Two users, friends, in a group room: the same ids in every fresh database, as sequences start alike. */
async function seedRoom(server: TestServer) {
  const owner = await signUpUser(server.url, 'owner');
  const member = await signUpUser(server.url, 'member');
  await makeFriends(server.url, owner, member);
  const roomId = await createGroup(server.url, owner, [member], 'same ids');
  // Subscribing after it needs no wait for the subscription to be live: what follows is replayed.
  const seed = await sendMessage(server.url, owner, roomId, 'seed');
  return { owner, member, roomId, after: seed.cursor };
}

/**
 * Deployment 2 sends in its room while deployment 1's member listens to the room of the same id:
 * deployment 1 must receive nothing of it, and then its own next message (which a foreign event
 * would have preceded with the same sequence number, and so hidden).
 */
async function expectDeploymentsApart(one: TestServer, two: TestServer) {
  const [seeded1, seeded2] = [await seedRoom(one), await seedRoom(two)];
  expect(seeded2.roomId).toBe(seeded1.roomId); // otherwise nothing here could collide
  expect(seeded2.owner.id).toBe(seeded1.owner.id);

  const client1 = connectedClient(one, seeded1.member);
  const client2 = connectedClient(two, seeded2.member);
  await Promise.all([connected(client1), connected(client2)]);
  const heard1 = subscribe(client1, DeploymentMessages, { roomId: seeded1.roomId, after: seeded1.after });
  const heard2 = subscribe(client2, DeploymentMessages, { roomId: seeded2.roomId, after: seeded2.after });
  cleanups.push(heard1.stop, heard2.stop);
  // A message heard means the subscription is live (it listens before it replays).
  await sendMessage(one.url, seeded1.owner, seeded1.roomId, 'warm-up 1');
  await sendMessage(two.url, seeded2.owner, seeded2.roomId, 'warm-up 2');
  await Promise.all([heard1.waitFor(1), heard2.waitFor(1)]);

  await sendMessage(two.url, seeded2.owner, seeded2.roomId, 'from deployment 2');
  await heard2.waitFor(2);
  await sleep(300); // had it crossed over, deployment 1's subscriber would have it by now
  await sendMessage(one.url, seeded1.owner, seeded1.roomId, 'from deployment 1');
  await heard1.waitFor(2);
  await sleep(300);

  expect(heard1.events.map((event) => event.messageAdded.body)).toEqual(['warm-up 1', 'from deployment 1']);
  expect(heard1.events[1]!.messageAdded.sender.username).toBe(seeded1.owner.username);
  expect(heard2.events.map((event) => event.messageAdded.body)).toEqual(['warm-up 2', 'from deployment 2']);
}

// In-process pub/sub cannot be shared between deployments: only a Redis can mix them up.
describe.runIf(process.env.REDIS_URL)('two deployments on one Redis', () => {
  it('keep to their own channels and rate-limit counters with the default REDIS_PREFIX', async () => {
    // Each owner sends three: counters shared by the two owners (the same id) would refuse the fourth.
    const env = { RATE_LIMITS: 'message=3/1m' };
    const one = await started({ defaultRedisPrefix: true, env });
    const two = await started({ defaultRedisPrefix: true, env });
    await expectDeploymentsApart(one, two);
  });

  it('drop each other’s events when both are given the same REDIS_PREFIX', async () => {
    const env = { REDIS_PREFIX: `shared-${randomBytes(4).toString('hex')}:` };
    const one = await started({ env });
    const two = await started({ env });
    await expectDeploymentsApart(one, two);
  });

  // Instances of one deployment share a database, so they derive the same prefix and hear each other.
  it.runIf(postgresUrl)('keeps the instances of one deployment together with the default REDIS_PREFIX', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const first = await started({ databaseUrl: database.url, keepDatabase: true, defaultRedisPrefix: true });
    const second = await started({ databaseUrl: database.url, keepDatabase: true, defaultRedisPrefix: true });
    const { owner, member, roomId, after } = await seedRoom(first);
    const client = connectedClient(second, member);
    await connected(client);
    const heard = subscribe(client, DeploymentMessages, { roomId, after });
    cleanups.push(heard.stop);
    // Live on the second instance once it hears its own; what the first sends then can only come by Redis.
    await sendMessage(second.url, owner, roomId, 'on the second');
    await heard.waitFor(1);
    await sendMessage(first.url, owner, roomId, 'across instances');
    expect((await heard.waitFor(2)).map((event) => event.messageAdded.body)).toEqual([
      'on the second',
      'across instances',
    ]);
  });
});
