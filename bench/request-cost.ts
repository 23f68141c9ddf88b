/**
 * What one HTTP request costs the server, by query, from the smallest to W5's page of 50: time
 * per request (one at a time) and the server's CPU time in it, and from V8's collection trace (`--trace-gc-nvp`) the bytes
 * allocated and promoted to the old generation per request and the young-generation pauses.
 * --alloc-profile: where the bytes are allocated, one .heapprofile per query in bench/results/
 * (COST-<n>-<date>.heapprofile; read it with bench/top-functions.ts); --cpu-profile: the same with
 * the CPU profiler (COST-<n>-<date>.cpuprofile).
 * The figures behind the W5 analysis in the README: how much of the page cost is there before any
 * resolver runs, how much the executor allocates, and how much of each request outlives it.
 *
 *   npx tsx bench/request-cost.ts [--requests 3000] [--alloc-profile] [--cpu-profile]
 *   BENCH_SERVER_NODE_FLAGS=--max-semi-space-size=64 npx tsx bench/request-cost.ts   # a 64 MB young generation
 */
import path from 'node:path';
import { RESULTS_DIR, ROOT } from './lib/env.js';
import { gql } from './lib/graphql.js';
import { isoStamp, runWorkload } from './lib/report.js';
import { createRoom, type BenchUser } from './lib/seed.js';
import { CpuMeter } from './lib/procs.js';
import { startStack } from './lib/setup.js';

const WARMUP = 300;

const QUERIES: Record<string, string> = {
  '{ __typename }': '{ __typename }',
  'me { id username }': '{ me { id username } }',
  'room(id) { id }': 'query ($id: ID!) { room(id: $id) { id } }',
  'page of 5': `query ($id: ID!) { room(id: $id) { messages(first: 5) { edges { cursor node { id body createdAt sender { id displayName } } } } } }`,
  'page of 50 (W5)': `query ($id: ID!) { room(id: $id) { messages(first: 50) { edges { cursor node { id body createdAt sender { id displayName } } } pageInfo { hasNextPage endCursor } } } }`,
  'page of 50, bodies only': `query ($id: ID!) { room(id: $id) { messages(first: 50) { edges { node { body } } } } }`,
};

/** Sums a numeric field over --trace-gc-nvp lines of young-generation collections (`gc=s`). */
function sumField(lines: string[], field: string): number {
  const pattern = new RegExp(` ${field}=([0-9.]+)`);
  return lines.reduce((sum, line) => sum + Number(pattern.exec(line)?.[1] ?? 0), 0);
}

await runWorkload(
  'COST',
  'request cost',
  {
    deadlineSeconds: 600,
    flags: {
      requests: { type: 'string' },
      'alloc-profile': { type: 'boolean' },
      'cpu-profile': { type: 'boolean' },
    },
  },
  async (ctx) => {
    const requests = Number(ctx.args.requests ?? 3000);
    const profiler = ctx.args['cpu-profile'] ? 'cpu' : ctx.args['alloc-profile'] ? 'alloc' : null;
    if (ctx.args['cpu-profile'] && ctx.args['alloc-profile']) {
      throw new Error('--cpu-profile and --alloc-profile: one profiler at a time');
    }
    const stack = await startStack(ctx.log, { users: 1, nodeFlags: ['--trace-gc-nvp'] });
    const [user] = stack.users as [BenchUser];
    const { url } = stack.server;
    const room = await createRoom(url, [user], 'cost');
    for (let i = 0; i < 60; i++) {
      await gql(
        url,
        'mutation ($r: ID!, $b: String!) { sendMessage(input: { roomId: $r, body: $b }) { id } }',
        {
          r: room.id,
          b: `message ${i}`,
        },
        { token: user.token },
      );
    }
    const scavenges = () => stack.server.gcTrace.filter((line) => line.includes(' gc=s '));

    for (const [index, [name, query]] of Object.entries(QUERIES).entries()) {
      const run = async (count: number) => {
        for (let i = 0; i < count; i++) await gql(url, query, { id: room.id }, { token: user.token });
      };
      await run(WARMUP);
      const before = scavenges().length;
      const profileFile = path.join(
        RESULTS_DIR,
        `COST-${index + 1}-${isoStamp()}.${profiler === 'cpu' ? 'cpuprofile' : 'heapprofile'}`,
      );
      if (profiler === 'cpu') await stack.server.profileStart();
      if (profiler === 'alloc') await stack.server.allocationProfileStart();
      const cpu = new CpuMeter([stack.server.pid]);
      const started = performance.now();
      await run(requests);
      const msPerRequest = (performance.now() - started) / requests;
      // The server's own CPU (all its threads) per request: what the time per request is made of.
      const cpuMsPerRequest = ((cpu.read().serverSeconds[0] ?? 0) * 1000) / requests;
      // Counted before the profile is written: writing it allocates too.
      await new Promise((resolve) => setTimeout(resolve, 300)); // trace lines arrive through a pipe
      const lines = scavenges().slice(before);
      if (profiler === 'cpu') await stack.server.profileStop(profileFile);
      if (profiler === 'alloc') await stack.server.allocationProfileStop(profileFile);
      if (profiler) ctx.log(`${name}: profile in ${path.relative(ROOT, profileFile)}`);
      const allocated = sumField(lines, 'allocated') / requests;
      const promoted = sumField(lines, 'promoted') / requests;
      const pause = lines.length ? sumField(lines, 'pause') / lines.length : 0;
      ctx.log(
        `${name}: ${msPerRequest.toFixed(2)} ms/request (server CPU ${cpuMsPerRequest.toFixed(2)} ms), ${(allocated / 1024).toFixed(1)} KB allocated and ` +
          `${(promoted / 1024).toFixed(2)} KB promoted per request, ${lines.length} young-generation collections ` +
          `of ${pause.toFixed(2)} ms on average`,
      );
      // Under a profiler the figures include its own cost: say so in the results.
      const note = profiler ? `under the ${profiler === 'cpu' ? 'CPU' : 'allocation'} profiler` : undefined;
      ctx.row({ metric: `${name}: time per request`, value: msPerRequest, unit: 'ms', note });
      ctx.row({ metric: `${name}: server CPU per request`, value: cpuMsPerRequest, unit: 'ms', note });
      ctx.row({ metric: `${name}: allocated per request`, value: allocated, unit: 'B', note });
      ctx.row({ metric: `${name}: promoted per request`, value: promoted, unit: 'B', note });
    }
  },
);
