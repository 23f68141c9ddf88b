/**
 * Issue 14, item 2: one small query that reads a room's history once per message of it. The room
 * holds 100 messages of 4,000 characters; `amplify` asks for the last 70 messages and, through each
 * one's room, the last 100 again (7,000 bodies, 28 MB before the fix). For comparison, queries the
 * fixed server still accepts: `page`, the 100 long messages once, and `heavy`, 10 aliased pages of
 * them (the heaviest it accepts: cost 46,120 of 50,000, about 4.0 MB, under the 4 MiB response
 * cap). Each runs `--runs` times, one at a time; reports the answer's code, bytes, wall time and
 * the server's CPU for it (10 ms resolution: /proc counts clock ticks).
 *
 *   npx tsx bench/attacks/amplify.ts [--url http://127.0.0.1:4000/graphql] [--pid N] [--runs 3]
 */
import { flags, gql, mb, ms, sleep, table } from './lib.js';
import { sample, watchPeak } from './server.js';
import { AMPLIFY, HEAVY, longRoom, PAGE } from './seed.js';

const options = flags({ runs: 3, messages: 100, length: 4_000 });

/** One request, alone: its answer and the server CPU it cost. */
async function measure(query: string, roomId: string, token: string) {
  const before = sample(options.pid);
  const answer = await gql(options.url, query, { id: roomId }, token);
  await sleep(50);
  const after = sample(options.pid);
  return { ...answer, cpuMs: after.cpuMs - before.cpuMs };
}

async function main() {
  const { users, roomId } = await longRoom(options.url, options.messages, options.length);
  const token = users[0]!.token;
  await gql(options.url, '{ me { id } }', {}, token);
  await sleep(1_000);
  const start = sample(options.pid);
  const stopPeak = watchPeak(options.pid, 50);
  const rows: Array<[string, string]> = [];
  for (const [name, query] of [
    ['amplify', AMPLIFY],
    ['page', PAGE],
    ['heavy', HEAVY],
  ] as const) {
    for (let run = 1; run <= options.runs; run++) {
      const result = await measure(query, roomId, token);
      const size = result.bytes >= 1e6 ? `${(result.bytes / 1e6).toFixed(1)} MB` : `${result.bytes} B`;
      rows.push([
        `${name} #${run}`,
        `${result.code ?? 'ok'}, ${size}, wall ${ms(result.ms)}, server CPU ${ms(result.cpuMs)}`,
      ]);
    }
  }
  const peak = stopPeak();
  await sleep(2_000);
  const end = sample(options.pid);
  table(`amplifying queries: room of ${options.messages} × ${options.length} characters`, [
    ...rows,
    ['RSS before / peak / 2 s after', `${mb(start.rssMb)} / ${mb(peak)} / ${mb(end.rssMb)}`],
  ]);
}

await main();
process.exit(0);
