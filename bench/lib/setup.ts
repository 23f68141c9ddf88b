import { createBenchDatabase, offsetIdentities, type BenchDatabase } from './database.js';
import { startServer, type RunningProcess, type ServerOptions } from './server.js';
import { signUpUsers, type BenchUser } from './seed.js';

export interface Stack {
  database: BenchDatabase;
  server: RunningProcess;
  users: BenchUser[];
}

/**
 * A fresh database, the real server on it (migrations applied at its start), ids moved to a
 * private range, and BENCH_USERS users signed up through the API, users[0] friends with all.
 */
export async function startStack(
  log: (message: string) => void,
  options: Omit<ServerOptions, 'databaseUrl'> & { users?: number } = {},
): Promise<Stack> {
  const database = await createBenchDatabase();
  log(`database ${database.name} created`);
  const server = await startServer({ ...options, databaseUrl: database.url });
  log(`${server.describe()} ready at ${server.url}`);
  await offsetIdentities(database.url);
  const users = await signUpUsers(server.url, options.users);
  log(`${users.length} users signed up (BENCH_USERS), tokens reused across sockets`);
  return { database, server, users };
}
