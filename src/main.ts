import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './platform/config.js';
import { DataDirLockedError } from './platform/db/data-dir-lock.js';
import { missingDatabaseMessage } from './platform/db/missing-database.js';
import { createLogger } from './platform/logger.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}

const logger = createLogger(config);
// A promise nobody awaited failed: a bug to fix, but not one worth every open socket of this
// instance. It is logged with its stack and the process serves on (Node's default would exit).
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
try {
  const app = await buildApp(config, { logger });
  await app.start();

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    // Orchestrators may repeat the signal; one graceful stop is enough, bounded by the timer below.
    if (shuttingDown) return void logger.info({ signal }, 'already shutting down');
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    // The delay for load balancers, the drain's grace period, then a margin for pools to close.
    const limitMs = config.shutdownDelayMs + 10_000;
    setTimeout(() => {
      logger.error({ ms: limitMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, limitMs).unref();
    app.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (err) {
  // Another process on the embedded database, or a database not created yet, is the operator's to
  // resolve: its one line, no stack.
  const missingDatabase = missingDatabaseMessage(err, config.database);
  if (err instanceof DataDirLockedError) logger.fatal(err.message);
  else if (missingDatabase) logger.fatal(missingDatabase);
  else logger.fatal({ err }, 'failed to start');
  process.exit(1);
}
