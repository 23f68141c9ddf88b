/**
 * Issue 14, item 4: one user in `--rooms` group rooms (made by friends, 30 each: the default
 * createRoom budget is 30 an hour) holds `--subscriptions` inbox subscriptions, 50 per socket (the
 * per-socket maximum). Reports the server's RSS and CPU to set them up, what one message costs to
 * reach them all, the Redis channels the server holds meanwhile, and RSS once they are closed.
 *
 *   npx tsx bench/attacks/inbox.ts [--url http://127.0.0.1:4000/graphql] [--pid N]
 *     [--rooms 300] [--subscriptions 300] [--settle 5]
 */
import { flags, gql, mb, ms, sleep, table, Tally } from './lib.js';
import { redisChannels, sample } from './server.js';
import {
  befriend,
  createRoom,
  openSocket,
  SEND_MESSAGE,
  signUp,
  subscribeFrame,
  waitUntil,
  type Socket,
  type User,
} from './seed.js';

const options = flags({ rooms: 300, subscriptions: 300, settle: 5, perFriend: 30, perSocket: 50 });
const INBOX = 'subscription { inbox { kind roomId message { id body } } }';

/** The victim and friends who each put them in up to `perFriend` rooms, in parallel. */
async function setup(): Promise<{ victim: User; friends: User[]; rooms: string[] }> {
  const victim = await signUp(options.url, 'inbox');
  const friends: User[] = [];
  for (let i = 0; i * options.perFriend < options.rooms; i++) {
    friends.push(await signUp(options.url, 'inbox_friend'));
    await befriend(options.url, friends[i]!, victim);
  }
  const rooms: string[] = [];
  await Promise.all(
    friends.map(async (friend, i) => {
      for (let k = i * options.perFriend; k < Math.min(options.rooms, (i + 1) * options.perFriend); k++) {
        rooms.push(await createRoom(options.url, friend, [victim], `inbox ${k}`));
      }
    }),
  );
  return { victim, friends, rooms };
}

/** Opens sockets and starts `--subscriptions` inbox subscriptions on them; tallies refusals. */
async function subscribeAll(victim: User, refused: Tally): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let started = 0; started < options.subscriptions;) {
    const socket = await openSocket(options.wsUrl, victim.token);
    sockets.push(socket);
    for (let k = 0; k < options.perSocket && started < options.subscriptions; k++, started++) {
      socket.ws.send(subscribeFrame(`inbox${k}`, INBOX));
    }
  }
  await sleep(options.settle * 1000);
  for (const message of sockets.flatMap((socket) => socket.messages)) {
    if (message.type === 'error') {
      refused.add((message.payload as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code ?? 'error');
    }
  }
  return sockets;
}

const events = (sockets: Socket[]) =>
  sockets.reduce((sum, socket) => sum + socket.messages.filter((message) => message.type === 'next').length, 0);

async function main() {
  const { victim, friends, rooms } = await setup();
  await sleep(2_000);
  const start = sample(options.pid);
  const refused = new Tally();
  const sockets = await subscribeAll(victim, refused);
  const subscribed = sample(options.pid);
  const live = options.subscriptions - [...refused.values()].reduce((sum, count) => sum + count, 0);
  const channels = await redisChannels(options.pid, options.redis, options.prefix);

  const beforeSend = sample(options.pid);
  const sent = await gql(options.url, SEND_MESSAGE, { input: { roomId: rooms[0], body: 'ping' } }, friends[0]!.token);
  const reached = await waitUntil(() => events(sockets) >= live, 30_000);
  const delivered = sample(options.pid);

  for (const socket of sockets) socket.ws.close(1000);
  await Promise.all(sockets.map((socket) => socket.closed));
  await sleep(options.settle * 1000);
  const end = sample(options.pid);
  table(
    `inbox: one user in ${rooms.length} rooms, ${options.subscriptions} inbox subscriptions on ${sockets.length} sockets`,
    [
      ['subscriptions refused', refused.toString()],
      ['RSS before', mb(start.rssMb)],
      [
        `RSS with the subscriptions (+${options.settle} s)`,
        `${mb(subscribed.rssMb)} (+${mb(subscribed.rssMb - start.rssMb)})`,
      ],
      ['server CPU to set them up', ms(subscribed.cpuMs - start.cpuMs)],
      ['Redis channels held by the server', channels.held],
      [
        'one message to all of them',
        `${sent.code ?? 'sent'}, ${events(sockets)}/${live} delivered ${reached ? '' : '(timed out) '}in ${ms(delivered.at - beforeSend.at)}`,
      ],
      ['server CPU for that message', ms(delivered.cpuMs - beforeSend.cpuMs)],
      [`RSS ${options.settle} s after closing`, mb(end.rssMb)],
    ],
  );
}

await main();
process.exit(0);
