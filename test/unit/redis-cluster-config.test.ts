import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.js';
import { parseClusterNodes, redisTarget } from '../../src/platform/redis-connection.js';

const base = { DATABASE_URL: 'memory://', JWT_SECRET: 'x'.repeat(32) };

describe('REDIS_CLUSTER_NODES', () => {
  it('reads host:port entries, IPv6 in brackets', () => {
    expect(parseClusterNodes('10.0.0.1:7000, redis-b:7001,[::1]:7002')).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
  });

  it('refuses an entry without a port, or with a bad one', () => {
    expect(parseClusterNodes('10.0.0.1')).toMatch(/bad entry "10.0.0.1"/);
    expect(parseClusterNodes('a:0')).toMatch(/bad entry/);
    expect(parseClusterNodes('redis://a:7000')).toMatch(/bad entry/);
    expect(() => loadConfig({ ...base, REDIS_CLUSTER_NODES: 'a:70000' })).toThrow(/REDIS_CLUSTER_NODES: bad entry/);
  });

  it('makes the cluster the Redis target', () => {
    const config = loadConfig({ ...base, REDIS_CLUSTER_NODES: 'a:7000,b:7001' });
    expect(redisTarget(config)).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
      ],
    });
    expect(redisTarget(loadConfig({ ...base, REDIS_URL: 'redis://r:6379' }))).toEqual({
      kind: 'single',
      url: 'redis://r:6379',
    });
    expect(redisTarget(loadConfig(base))).toBeNull();
  });

  it('is refused together with REDIS_URL', () => {
    const both = () => loadConfig({ ...base, REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'a:7000' });
    expect(both).toThrow(ConfigError);
    expect(both).toThrow(/either REDIS_URL .* or REDIS_CLUSTER_NODES .*, not both/);
  });
});
