/**
 * The chaos run (`npm run chaos`): three instances behind deploy/nginx.conf on a PostgreSQL and a
 * Redis of the run's own, subscribers on the client library, owners sending with client ids; one
 * instance is killed with SIGKILL, then Redis, then PostgreSQL are crashed and restarted. Exits 1
 * when an acknowledged message was lost or any message delivered twice. Loopback only.
 *
 *   npm run chaos [-- --rooms 10 --members 20 --rate 20 --phase 20]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startNginx } from '../test/helpers/nginx.js';
import { startInstances, type Instance } from './lib/instances.js';
import { populate } from './lib/population.js';
import { freePort, sleep, waitUntil } from './lib/processes.js';
import { allDelivered, countLost, reportFault, type Fault } from './lib/report.js';
import { startSenders } from './lib/senders.js';
import { postgresAnswers, startPostgres, startRedis, type Service } from './lib/services.js';
import { subscribeAll } from './lib/subscribers.js';

const { values: flags } = parseArgs({
  options: {
    rooms: { type: 'string', default: '10' },
    members: { type: 'string', default: '20' },
    rate: { type: 'string', default: '20' }, // messages per second, over all rooms
    phase: { type: 'string', default: '20' }, // seconds between faults
  },
});
const ROOMS = Number(flags.rooms);
const MEMBERS = Number(flags.members);
const INTERVAL_MS = (1_000 * ROOMS) / Number(flags.rate);
const PHASE_MS = Number(flags.phase) * 1_000;
const RESULTS = path.resolve('chaos/results');

const started = performance.now();
const clock = () => performance.now() - started;
const say = (line: string) => console.log(`[${(clock() / 1000).toFixed(1).padStart(6)} s] ${line}`);

async function main(): Promise<number> {
  mkdirSync(RESULTS, { recursive: true });
  say('building the server (npm run build)');
  execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  const cleanup: (() => Promise<void>)[] = [];
  try {
    return await chaos(cleanup);
  } finally {
    for (const step of cleanup.reverse()) await step().catch((err: unknown) => console.error(err));
  }
}

async function chaos(cleanup: (() => Promise<void>)[]): Promise<number> {
  const postgres = await startPostgres();
  cleanup.push(() => postgres.stop());
  const redis = await startRedis();
  cleanup.push(() => redis.stop());
  const shared = { databaseUrl: postgres.url, redisUrl: redis.url, jwtSecret: randomBytes(32).toString('hex') };
  const instances = await startInstances(3, { ...shared, logDir: RESULTS });
  cleanup.push(async () => void (await Promise.all(instances.map((instance) => instance.stop()))));
  const nginx = await startNginx(
    await freePort(),
    instances.map((instance) => instance.port),
  );
  cleanup.push(() => nginx.stop());
  say(`PostgreSQL ${postgres.url}, Redis ${redis.url}, instances on ${instances.map((i) => i.port).join(', ')}`);

  const rooms = await populate(nginx.url, ROOMS, MEMBERS);
  const { subscribers, dispose } = await subscribeAll(nginx.url, rooms, clock);
  cleanup.push(async () => dispose());
  say(`${subscribers.length} subscribers live in ${ROOMS} rooms; sending ${flags.rate} messages/s`);

  const senders = startSenders(nginx.url, rooms, INTERVAL_MS, clock);
  const faults = await injectFaults(instances, redis, postgres);
  await senders.stop();
  const { acknowledged } = senders.stats;
  say(`stopped sending: ${acknowledged.length} acknowledged; waiting for every delivery`);
  await waitUntil('every acknowledged message delivered', () => allDelivered(acknowledged, subscribers), 60_000).catch(
    (err: Error) => say(err.message),
  );
  return summarize({ acknowledged, retries: senders.stats.retries }, subscribers, faults, postgres.url, nginx);
}

/** Each fault a phase after the last: the killed instance comes back after 3 s, the services after 2 s. */
async function injectFaults(instances: Instance[], redis: Service, postgres: Service): Promise<Fault[]> {
  const faults: Fault[] = [];
  const inject = async (name: string, fault: () => Promise<void>) => {
    await sleep(PHASE_MS);
    const at = clock();
    say(`fault: ${name}`);
    await fault();
    faults.push({ name, at, recoveredAt: clock() });
    say(`recovered from: ${name}`);
  };
  await inject('kill -9 one instance (restarted after 3 s)', async () => {
    await instances[1]!.kill9();
    await sleep(3_000);
    await instances[1]!.start();
  });
  await inject('Redis crashed (back after 2 s, empty)', () => redis.crash(2_000));
  await inject('PostgreSQL crashed (back after 2 s, crash recovery)', async () => {
    await postgres.crash(2_000);
    await waitUntil('PostgreSQL to answer', () => postgresAnswers(postgres.url));
  });
  await sleep(PHASE_MS);
  return faults;
}

async function summarize(
  sent: { acknowledged: { id: string; roomIndex: number; clientId: string; at: number }[]; retries: number },
  subscribers: Awaited<ReturnType<typeof subscribeAll>>['subscribers'],
  faults: Fault[],
  databaseUrl: string,
  nginx: { errors(): string },
): Promise<number> {
  const lost = countLost(sent.acknowledged, subscribers);
  const duplicates = subscribers.reduce((sum, subscriber) => sum + subscriber.duplicates, 0);
  const outOfOrder = subscribers.reduce((sum, subscriber) => sum + subscriber.outOfOrder, 0);
  const doubleStored = await countDoubleStored(databaseUrl);
  const deliveries = subscribers.reduce((sum, subscriber) => sum + subscriber.delivered.size, 0);
  const perFault = faults.map((fault) => reportFault(fault, subscribers, sent.acknowledged));
  const result = {
    subscribers: subscribers.length,
    acknowledged: sent.acknowledged.length,
    retriedSends: sent.retries,
    deliveries,
    lost,
    duplicates,
    outOfOrder,
    doubleStored,
    faults: perFault,
    subscriberErrors: subscribers.flatMap((subscriber) => subscriber.errors).slice(0, 20),
  };
  writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2));
  console.log(`\nacknowledged ${result.acknowledged} (retried sends ${result.retriedSends}), deliveries ${deliveries}`);
  console.log(`lost ${lost}, duplicates ${duplicates}, out of order ${outOfOrder}, stored twice ${doubleStored}`);
  console.table(perFault);
  if (result.subscriberErrors.length) console.log('subscriber errors:', result.subscriberErrors);
  const failed = lost > 0 || duplicates > 0 || outOfOrder > 0 || doubleStored > 0;
  if (failed) console.log(`FAILED; nginx errors:\n${nginx.errors().slice(-3_000)}`);
  return failed ? 1 : 0;
}

/** A clientId stored twice for one sender would be a retry that was not idempotent. */
async function countDoubleStored(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      `select count(*) from (select 1 from messages where client_id is not null
         group by sender_id, client_id having count(*) > 1) doubled`,
    );
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
