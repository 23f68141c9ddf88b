import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authFetch } from '../../client/src/auth-fetch.js';
import { DEFAULT_BACKOFF } from '../../client/src/backoff.js';
import { TokenKeeper } from '../../client/src/token-keeper.js';

/** Two real HTTP servers: the API and somewhere else. Each remembers the headers it last saw. */
const seen: Record<'api' | 'elsewhere', IncomingHttpHeaders | null> = { api: null, elsewhere: null };
const urls = { api: '', elsewhere: '' };
const closers: (() => void)[] = [];

beforeAll(async () => {
  for (const name of ['api', 'elsewhere'] as const) {
    const server = createServer((req, res) => {
      seen[name] = req.headers;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    closers.push(() => server.close());
  }
});
afterAll(() => closers.forEach((close) => close()));

it('adds the access token to requests for the API’s origin only', async () => {
  // Not a JWT: the keeper schedules no refresh for a token without `exp`.
  const keeper = new TokenKeeper(
    { accessToken: () => 'opaque-token', refresh: async () => null },
    30_000,
    DEFAULT_BACKOFF,
  );
  const fetchWithAuth = authFetch(globalThis.fetch, keeper, urls.api);
  await fetchWithAuth(urls.api, { method: 'POST', body: '{}' });
  expect(seen.api?.authorization).toBe('Bearer opaque-token');
  await fetchWithAuth(urls.elsewhere, { method: 'POST', body: '{}' });
  expect(seen.elsewhere).not.toBeNull();
  expect(seen.elsewhere?.authorization).toBeUndefined();
  keeper.dispose();
});
