/**
 * The peer servers of bench/peers/: what users of this project would otherwise pick, each in its
 * documented standard setup, with the workload's GraphQL shape and in-memory storage. Their
 * packages live in bench/peers/package.json (and its lock), apart from the server's, installed by
 * `npm run bench` (or the first workload that needs them) with `npm ci --prefix bench/peers`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './env.js';

export interface PeerDefinition {
  id: 'apollo' | 'mercurius' | 'yoga';
  /** Short name for rows and logs. */
  label: string;
  /** bench/peers/<script>. */
  script: string;
  /** One line on its setup, for the results. */
  setup: string;
}

export const PEERS: readonly PeerDefinition[] = [
  {
    id: 'apollo',
    label: 'Apollo Server 5',
    script: 'apollo.mjs',
    setup: 'Apollo Server 5 + Express 5, graphql-ws useServer({ schema }), graphql-subscriptions PubSub; in memory',
  },
  {
    id: 'mercurius',
    label: 'Mercurius 16',
    script: 'mercurius.mjs',
    setup: 'Mercurius 16 on Fastify 5, subscription: true (in-memory mqemitter pub/sub); in memory',
  },
  {
    id: 'yoga',
    label: 'yoga + graphql-ws recipe',
    script: 'yoga.mjs',
    setup: "graphql-yoga 5, graphql-ws useServer through yoga.getEnveloped (yoga's recipe), createPubSub; in memory",
  },
];

export const PEERS_DIR = path.join(ROOT, 'bench', 'peers');

/** Peers by id from a comma-separated list (`all` or empty: every one; `none`: none). */
export function selectPeers(list: string | undefined): PeerDefinition[] {
  if (!list || list === 'all') return [...PEERS];
  if (list === 'none') return [];
  const ids = list.split(',').map((id) => id.trim());
  const unknown = ids.filter((id) => !PEERS.some((peer) => peer.id === id));
  if (unknown.length) throw new Error(`unknown peer(s) ${unknown.join(', ')}; choose from ${PEERS.map((p) => p.id)}`);
  return PEERS.filter((peer) => ids.includes(peer.id));
}

/**
 * Installs bench/peers/node_modules from its lock when it is missing or older than the lock
 * (`npm ci --prefix bench/peers`, from the npm registry); does nothing otherwise.
 */
export function ensurePeersInstalled(log: (line: string) => void = () => {}): void {
  const lock = path.join(PEERS_DIR, 'package-lock.json');
  const installed = path.join(PEERS_DIR, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log(
    "installing the peer servers' packages: npm ci --prefix bench/peers (once; bench/peers/node_modules is git-ignored)",
  );
  const started = performance.now();
  execFileSync('npm', ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  log(`peer packages installed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
