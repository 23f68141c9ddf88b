/**
 * Issue 14, item 2 (the pool): one user fires an expensive query from `--concurrency` parallel
 * loops for `--seconds`, without backing off, while another user reads the last 20 messages of
 * their own small room one request at a time. `--query amplify` (the amplifying query), `page`
 * (one page of 100 long messages), `heavy` (10 aliased pages, the heaviest the fixed server
 * accepts) or `auto` (the amplifying query if the server answers it, else `heavy`). Reports the
 * other user's p50/p99 idle and under attack with their error codes, the attacker's answers, the
 * server's CPU, and the load generator's own event-loop delay (a victim's latency the client itself
 * caused would show there).
 *
 *   npx tsx bench/attacks/pool.ts [--url http://127.0.0.1:4000/graphql] [--pid N]
 *     [--query auto|amplify|page|heavy] [--concurrency 64] [--seconds 15] [--victim-interval 50]
 *
 * The victim asks at most once per `--victim-interval` ms (20 pages a second by default, more than
 * any person's client) and its latencies are those of the answers that carried data.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Histogram } from '../lib/histogram.js';
import { flags, gql, mb, ms, sleep, table, Tally } from './lib.js';
import { sample, watchPeak } from './server.js';
import { AMPLIFY, createRoom, fillRoom, HEAVY, longRoom, PAGE, type User } from './seed.js';

const options = flags({ concurrency: 64, seconds: 15, idle: 3, 'victim-interval': 50 });
const SMALL_PAGE =
  'query ($id: ID!) { room(id: $id) { messages(last: 20) { edges { node { id body sender { id } } } } } }';

/** The victim's requests, one at a time until `until`: latencies and codes. */
async function victimLoop(victim: User, roomId: string, until: number) {
  const latency = new Histogram();
  const codes = new Tally();
  while (performance.now() < until) {
    const answer = await gql(options.url, SMALL_PAGE, { id: roomId }, victim.token);
    // Latency of the answers the victim wanted (data): a refusal of its own is not a page served.
    if (answer.code === null) latency.recordMs(answer.ms);
    codes.add(answer.code);
    // A person's client, not a loop: one page per `--victim-interval` ms at most.
    await sleep(Math.max(0, options['victim-interval'] - answer.ms));
  }
  return { latency, codes };
}

/** `--concurrency` loops firing `query` until `until`; answers by code and bytes received. */
async function attackLoops(attacker: User, query: string, roomId: string, until: number) {
  const codes = new Tally();
  let bytes = 0;
  const loop = async () => {
    while (performance.now() < until) {
      const answer = await gql(options.url, query, { id: roomId }, attacker.token);
      codes.add(answer.code);
      bytes += answer.bytes;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  return { codes, bytes };
}

const QUERIES: Record<string, string> = { amplify: AMPLIFY, heavy: HEAVY, page: PAGE };

/** `--query` by name; `auto`: the amplifying query if the server answers it, else `heavy`. */
async function chooseQuery(attacker: User, roomId: string): Promise<[string, string]> {
  const name = options.query ?? 'auto';
  if (QUERIES[name]) return [name, QUERIES[name]];
  if (name !== 'auto') throw new Error(`--query must be auto, ${Object.keys(QUERIES).join(', ')}`);
  const probe = await gql(options.url, AMPLIFY, { id: roomId }, attacker.token);
  return probe.code === null ? ['amplify', AMPLIFY] : ['heavy', HEAVY];
}

const percentiles = (result: { latency: Histogram; codes: Tally }) =>
  `p50 ${result.latency.ms(50).toFixed(1)} ms, p99 ${result.latency.ms(99).toFixed(1)} ms, ` +
  `n=${result.latency.count}, answers ${result.codes}`;

async function main() {
  const { users, roomId } = await longRoom(options.url, 100, 4_000);
  const [attacker, victim] = users as [User, User];
  const smallRoom = await createRoom(options.url, attacker, [victim], 'small');
  await fillRoom(options.url, [victim], smallRoom, 20, 'a short message 000000');
  const [name, query] = await chooseQuery(attacker, roomId);
  await sleep(1_000);

  const idle = await victimLoop(victim, smallRoom, performance.now() + options.idle * 1000);
  const start = sample(options.pid);
  const client = process.cpuUsage();
  const clientDelay = monitorEventLoopDelay({ resolution: 10 });
  clientDelay.enable();
  const stopPeak = watchPeak(options.pid);
  const until = performance.now() + options.seconds * 1000;
  const [attack, underAttack] = await Promise.all([
    attackLoops(attacker, query, roomId, until),
    victimLoop(victim, smallRoom, until),
  ]);
  const end = sample(options.pid);
  const clientCpu = process.cpuUsage(client);
  const peak = stopPeak();
  const wall = end.at - start.at;
  table(`pool: ${options.concurrency} parallel "${name}" for ${options.seconds} s vs another user's page of 20`, [
    ['other user, idle', percentiles(idle)],
    ['other user, under attack', percentiles(underAttack)],
    ['attacker answers', attack.codes.toString()],
    ['attacker bytes received', mb(attack.bytes / 1e6)],
    [
      'server CPU (share of one core)',
      `${ms(end.cpuMs - start.cpuMs)} (${((100 * (end.cpuMs - start.cpuMs)) / wall).toFixed(0)}%)`,
    ],
    [
      'load generator CPU, event-loop delay p99 / max',
      `${ms((clientCpu.user + clientCpu.system) / 1000)}, ${ms(clientDelay.percentile(99) / 1e6)} / ${ms(clientDelay.max / 1e6)}`,
    ],
    ['RSS before / peak / after', `${mb(start.rssMb)} / ${mb(peak)} / ${mb(end.rssMb)}`],
  ]);
}

await main();
process.exit(0);
