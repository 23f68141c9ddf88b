import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { parseProxyEntry } from './client-address.js';
import { parseRateLimitOverrides, rateLimitDefaults, type RateLimits } from './rate-limits.js';
import { parseClusterNodes, type RedisNode } from './redis-connection.js';

/** How the database is reached: embedded PGlite on disk or in memory, or a PostgreSQL server. */
export type DatabaseTarget =
  { kind: 'pglite'; dataDir: string } | { kind: 'pglite-memory' } | { kind: 'postgres'; url: string };

/** How large rooms and room lists may grow (MAX_ROOMS_PER_USER, MAX_ROOM_MEMBERS). */
export interface RoomCaps {
  /** Group rooms one user may be a member of: direct rooms follow friendships and are not counted. */
  maxRoomsPerUser: number;
  /** Members one group room may hold. */
  maxMembersPerRoom: number;
}

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: DatabaseTarget;
  redisUrl: string | null;
  /** A Redis Cluster's nodes to start from (REDIS_CLUSTER_NODES), instead of REDIS_URL. */
  redisClusterNodes: RedisNode[] | null;
  /**
   * Prepended to every Redis channel and key (REDIS_PREFIX). Null when unset: then derived from the
   * deployment id stored in the database (`chat:<id>:`), so deployments sharing a Redis stay apart.
   */
  redisPrefix: string | null;
  jwtSecret: Uint8Array;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How long a spent refresh token still gets its successor once more (two tabs, a lost answer). */
  refreshReuseGraceSeconds: number;
  /** Origins allowed by CORS; empty means same-origin only, `*` allows any. */
  corsOrigins: string[];
  /** How long browsers may cache a preflight's answer (CORS_MAX_AGE). */
  corsMaxAgeSeconds: number;
  /** Accepted Host header values; empty means any. */
  trustedHosts: string[];
  /** Addresses or CIDR ranges of proxies whose X-Forwarded-For names the client; empty means none. */
  trustedProxies: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  graphiql: boolean;
  introspection: boolean;
  dataDir: string;
  /** A built web app (WEB_DIR, e.g. examples/web/dist) served at / next to the API; null serves none. */
  webDir: string | null;
  /** Production's budgets (ten times them in development), with RATE_LIMITS' overrides. */
  rateLimits: RateLimits;
  /** After SIGTERM, /ready fails for this long while requests are still served, so load balancers move away first. */
  shutdownDelayMs: number;
  maxSubscriptionsPerSocket: number;
  /** Group rooms one user may be in, and members one room may hold. */
  roomCaps: RoomCaps;
  /** SSE subscriptions one user may have open at once on one instance (each is an HTTP connection). */
  maxSseSubscriptionsPerUser: number;
  /** Bytes a socket may fall behind before it is closed with 1013 (a client that stopped reading). */
  socketBacklogLimit: number;
  /** PostgreSQL cancels a statement running longer than this. */
  statementTimeoutSeconds: number;
  /** Whether statements are prepared once per PostgreSQL connection (off behind poolers that cannot keep them). */
  preparedStatements: boolean;
  /** Port of the separate `GET /metrics` server (0 picks a free one); null: no metrics server. */
  metricsPort: number | null;
  /** Interface the metrics server listens on. */
  metricsHost: string;
  /**
   * How long an instance's presence heartbeat lasts in Redis (PRESENCE_TTL): the users of an
   * instance that dies without stopping go offline within about 4/3 of it.
   */
  presenceTtlSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const seconds = parseDuration(value);
      if (seconds === null) {
        ctx.addIssue({ code: 'custom', message: `expected a duration like 30s, 15m, 1h or 1d, got "${value}"` });
        return z.NEVER;
      }
      return seconds;
    });

const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATA_DIR: z.string().min(1).default('./.data'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine(
      (value) => !value || value === 'memory://' || /^postgres(ql)?:\/\//.test(value) || value.startsWith('file://'),
      'expected memory://, file://<dir> or postgres://…',
    ),
  REDIS_URL: z
    .string()
    .optional()
    .refine((value) => !value || /^rediss?:\/\//.test(value), 'expected redis://… or rediss://…'),
  REDIS_CLUSTER_NODES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const nodes = parseClusterNodes(value);
      if (typeof nodes === 'string') {
        ctx.addIssue({ code: 'custom', message: nodes });
        return z.NEVER;
      }
      return nodes;
    }),
  REDIS_PREFIX: z
    .string()
    .max(100)
    .regex(/^[\w.:-]*$/, 'letters, digits and _ . : - only')
    .optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 bytes').optional(),
  ACCESS_TOKEN_TTL: duration('1h'),
  REFRESH_TOKEN_TTL: duration('1d'),
  REFRESH_REUSE_GRACE: duration('30s'),
  CORS_ORIGINS: list,
  // Browsers cap it themselves (Chromium at 2 h, Firefox at 24 h).
  CORS_MAX_AGE: duration('10m').refine((seconds) => seconds <= 86_400, 'at most 1d'),
  TRUSTED_HOSTS: list,
  TRUSTED_PROXIES: list.refine(
    (entries) => entries.every((entry) => parseProxyEntry(entry) !== null),
    'expected IP addresses or CIDR ranges, comma-separated (e.g. 10.0.0.0/8,192.0.2.10)',
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRAPHIQL: flag.optional(),
  // Only that it is a directory: its files are read per request, so a build may (re)fill it later.
  WEB_DIR: z
    .string()
    .min(1)
    .transform((dir) => path.resolve(dir))
    .refine((dir) => existsSync(dir), 'no such directory')
    .optional(),
  RATE_LIMITS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const overrides = parseRateLimitOverrides(value);
      if (typeof overrides === 'string') {
        ctx.addIssue({ code: 'custom', message: overrides });
        return z.NEVER;
      }
      return overrides;
    }),
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  MAX_ROOMS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(500),
  MAX_ROOM_MEMBERS: z.coerce.number().int().min(2).max(100_000).default(1_000),
  MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).max(10_000).default(50),
  MAX_SSE_SUBSCRIPTIONS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(50),
  SOCKET_BACKLOG_LIMIT: z.coerce
    .number()
    .int()
    .min(16 * 1024)
    .max(1024 ** 3)
    .default(4 * 1024 * 1024),
  INTROSPECTION: flag.optional(),
  STATEMENT_TIMEOUT: duration('15s'),
  PREPARED_STATEMENTS: flag.optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).optional(),
  // At most 45 s: a dead instance's users must be offline within 60 s (the TTL, then a sweep).
  PRESENCE_TTL: duration('30s').refine((seconds) => seconds <= 45, 'at most 45s'),
});

/** Reads the secret from DATA_DIR, creating it on first start so tokens survive restarts in development. */
function developmentJwtSecret(dataDir: string): Uint8Array {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64url'), { mode: 0o600 });
  return secret;
}

/**
 * Empty means unset, for every variable: `PORT=` in an env file or a compose `environment:` list
 * once meant port 0 (a random port), and `GRAPHIQL=` a refusal.
 */
function withoutEmptyValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

/**
 * Tokens signed by one instance must verify on every other. The generated secret lives under one
 * DATA_DIR, so instances sharing a PostgreSQL database (each with its own DATA_DIR) would reject
 * each other's tokens: there, as in production, the secret is required.
 */
function requireSharedSecret(production: boolean, database: DatabaseTarget): void {
  if (production) {
    throw new ConfigError('Invalid environment:\n  JWT_SECRET: required when NODE_ENV=production (at least 32 bytes)');
  }
  if (database.kind === 'postgres') {
    throw new ConfigError(
      'JWT_SECRET is required with DATABASE_URL=postgres://…: instances sharing a database must share the secret (at least 32 bytes)',
    );
  }
}

/**
 * Parses and validates the environment once; throws ConfigError naming every bad variable.
 * `signsTokens: false` (the migrate command) neither requires nor generates JWT_SECRET: a migration
 * job should not need to hold it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, { signsTokens = true } = {}): Config {
  const parsed = envSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && e.REDIS_CLUSTER_NODES) {
    throw new ConfigError(
      'Invalid environment:\n  REDIS_CLUSTER_NODES: set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both',
    );
  }
  const production = e.NODE_ENV === 'production';

  let database: DatabaseTarget;
  if (!e.DATABASE_URL) database = { kind: 'pglite', dataDir: path.join(e.DATA_DIR, 'pglite') };
  else if (e.DATABASE_URL === 'memory://') database = { kind: 'pglite-memory' };
  else if (e.DATABASE_URL.startsWith('file://')) database = { kind: 'pglite', dataDir: e.DATABASE_URL.slice(7) };
  else database = { kind: 'postgres', url: e.DATABASE_URL };
  if (!e.JWT_SECRET && signsTokens) requireSharedSecret(production, database);

  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database,
    redisUrl: e.REDIS_URL || null,
    redisClusterNodes: e.REDIS_CLUSTER_NODES ?? null,
    redisPrefix: e.REDIS_PREFIX || null,
    jwtSecret: e.JWT_SECRET
      ? new TextEncoder().encode(e.JWT_SECRET)
      : signsTokens
        ? developmentJwtSecret(e.DATA_DIR)
        : new Uint8Array(),
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL,
    refreshReuseGraceSeconds: e.REFRESH_REUSE_GRACE,
    corsOrigins: e.CORS_ORIGINS,
    corsMaxAgeSeconds: e.CORS_MAX_AGE,
    trustedHosts: e.TRUSTED_HOSTS,
    trustedProxies: e.TRUSTED_PROXIES,
    logLevel: e.LOG_LEVEL,
    graphiql: e.GRAPHIQL ?? !production,
    introspection: e.INTROSPECTION ?? !production,
    dataDir: e.DATA_DIR,
    webDir: e.WEB_DIR ?? null,
    rateLimits: { ...rateLimitDefaults(e.NODE_ENV), ...e.RATE_LIMITS },
    // Longer than a proxy keeps an idle pooled connection (deploy/nginx.conf: 4 s), so none is left
    // to close under it when the instance stops (see ConnectionDrain).
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS ?? (production ? 5_000 : 0),
    maxSubscriptionsPerSocket: e.MAX_SUBSCRIPTIONS_PER_SOCKET,
    roomCaps: { maxRoomsPerUser: e.MAX_ROOMS_PER_USER, maxMembersPerRoom: e.MAX_ROOM_MEMBERS },
    maxSseSubscriptionsPerUser: e.MAX_SSE_SUBSCRIPTIONS_PER_USER,
    socketBacklogLimit: e.SOCKET_BACKLOG_LIMIT,
    statementTimeoutSeconds: e.STATEMENT_TIMEOUT,
    preparedStatements: e.PREPARED_STATEMENTS ?? true,
    metricsPort: e.METRICS_PORT ?? null,
    metricsHost: e.METRICS_HOST ?? e.HOST,
    presenceTtlSeconds: e.PRESENCE_TTL,
  };
}
