/**
 * Issue 14, item 3: `--attempts` concurrent logIn calls with a wrong password for one username,
 * against the server's default limits (10 failed logins per username, 50 per address, per 15
 * minutes). Every answer other than RATE_LIMITED is a guess the server checked. Then the right
 * password once: while the budget is spent it should wait too (RATE_LIMITED).
 *
 *   npx tsx bench/attacks/login.ts [--url http://127.0.0.1:4000/graphql] [--pid N] [--attempts 200]
 */
import { flags, gql, ms, sleep, table, Tally } from './lib.js';
import { sample } from './server.js';
import { signUp } from './seed.js';

const options = flags({ attempts: 200, limit: 10 });
const LOG_IN = 'mutation ($input: LogInInput!) { logIn(input: $input) { accessToken } }';

async function main() {
  const victim = await signUp(options.url, 'login');
  await sleep(1_000);
  const start = sample(options.pid);
  const answers = await Promise.all(
    Array.from({ length: options.attempts }, (_, i) =>
      gql(options.url, LOG_IN, { input: { username: victim.username, password: `wrong guess ${i}` } }),
    ),
  );
  const end = sample(options.pid);
  const codes = new Tally();
  for (const answer of answers) codes.add(answer.code);
  const checked = answers.filter((answer) => answer.code !== 'RATE_LIMITED').length;
  const right = await gql(options.url, LOG_IN, { input: { username: victim.username, password: victim.password } });
  table(`login burst: ${options.attempts} concurrent wrong passwords for one username`, [
    ['answers', codes.toString()],
    [`guesses checked (not RATE_LIMITED; limit ${options.limit})`, checked],
    ['right password afterwards', right.code ?? 'ok (logged in)'],
    ['burst wall time', ms(end.at - start.at)],
    ['server CPU', ms(end.cpuMs - start.cpuMs)],
  ]);
}

await main();
process.exit(0);
