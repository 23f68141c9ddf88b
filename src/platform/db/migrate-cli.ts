import { loadConfig, ConfigError, type Config } from '../config.js';
import { createLogger } from '../logger.js';
import { createDatabase } from './database.js';
import { migrateToLatest } from './migrator.js';
import { missingDatabaseMessage } from './missing-database.js';

// Applies pending migrations to the configured database and exits. In production, after
// `npm prune --omit=dev`: `node dist/src/platform/db/migrate-cli.js` (`npm run migrate` builds first).
let config: Config;
try {
  config = loadConfig(process.env, { signsTokens: false });
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
try {
  const logger = createLogger(config);
  const db = await createDatabase(config.database, logger, {
    statementTimeoutSeconds: null,
    preparedStatements: false,
  }); // see runMigrations in app.ts
  try {
    const applied = await migrateToLatest(db);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database already up to date');
  } finally {
    await db.destroy();
  }
} catch (err) {
  // A database not created yet is the operator's to resolve: its one line, no stack.
  console.error(missingDatabaseMessage(err, config.database) ?? err);
  process.exit(1);
}
