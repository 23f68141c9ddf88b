import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.js';
import { RATE_LIMIT_DEFAULTS } from '../../src/platform/rate-limits.js';
import { CapturedLog } from '../helpers/logs.js';
import { postgresUrl } from '../helpers/database.js';
import { startServer, TEST_JWT_SECRET } from '../helpers/server.js';

const env = (more: Record<string, string>) => ({ JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: 'memory://', ...more });

describe('rate limit defaults per NODE_ENV', () => {
  it('are ten times production in development, the default NODE_ENV', () => {
    const limits = loadConfig(env({})).rateLimits;
    expect(loadConfig(env({ NODE_ENV: 'development' })).rateLimits).toEqual(limits);
    for (const [name, limit] of Object.entries(RATE_LIMIT_DEFAULTS)) {
      expect(limits[name as keyof typeof limits], name).toEqual({ count: limit.count * 10, window: limit.window });
    }
    // A local e2e suite's sign-ups from one address: 200 an hour instead of 20.
    expect(limits.signUp).toEqual({ count: 200, window: 3600 });
  });

  it('are production values in production and in test', () => {
    expect(loadConfig(env({ NODE_ENV: 'production' })).rateLimits).toEqual(RATE_LIMIT_DEFAULTS);
    expect(loadConfig(env({ NODE_ENV: 'test' })).rateLimits).toEqual(RATE_LIMIT_DEFAULTS);
  });

  it('give way to RATE_LIMITS in every NODE_ENV', () => {
    for (const NODE_ENV of ['development', 'production', 'test']) {
      const limits = loadConfig(env({ NODE_ENV, RATE_LIMITS: 'signUp=3/1m' })).rateLimits;
      expect(limits.signUp, NODE_ENV).toEqual({ count: 3, window: 60 });
    }
    expect(loadConfig(env({ RATE_LIMITS: 'signUp=3/1m' })).rateLimits.message.count).toBe(300);
  });

  it('refuse unknown names in RATE_LIMITS, inherited object keys included', () => {
    for (const RATE_LIMITS of ['nope=1/1s', 'constructor=1/1s', 'signUp=0/1s', 'signUp=1/soon']) {
      expect(() => loadConfig(env({ RATE_LIMITS })), RATE_LIMITS).toThrow(ConfigError);
    }
  });
});

describe('the development limits warning', () => {
  const warnings = (log: CapturedLog) => log.lines.filter((line) => line.includes('development rate limits'));

  it('is not logged on the embedded database, nor outside development', async () => {
    // memory:// in development; the database the suite runs on (PostgreSQL, when set) in test.
    for (const [NODE_ENV, databaseUrl] of [
      ['development', 'memory://'],
      ['test', undefined],
    ] as const) {
      const log = new CapturedLog('warn');
      const server = await startServer({ env: { NODE_ENV }, logger: log.logger, databaseUrl });
      await server.stop();
      expect(warnings(log), NODE_ENV).toEqual([]);
    }
  });

  it.skipIf(!postgresUrl)('is logged once when development runs on PostgreSQL', async () => {
    const log = new CapturedLog('warn');
    const server = await startServer({ env: { NODE_ENV: 'development' }, logger: log.logger });
    await server.stop();
    expect(warnings(log)).toHaveLength(1);
  });
});
