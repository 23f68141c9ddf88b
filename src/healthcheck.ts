/**
 * The container's HEALTHCHECK (`node dist/src/healthcheck.js`): exits 0 when this instance answers
 * GET /health. Not /ready: an outage of PostgreSQL or Redis would mark every instance unhealthy at
 * once, and an orchestrator that replaces unhealthy containers would restart them all for nothing.
 * Plain node:http, as the slim image has no curl.
 */
import { get } from 'node:http';

const port = Number(process.env.PORT) || 4000;
// Listening on every interface (the default) includes the loopback; a chosen address is asked there.
const listen = process.env.HOST?.trim();
const address = !listen || listen === '0.0.0.0' || listen === '::' ? '127.0.0.1' : listen;
// With TRUSTED_HOSTS set, a request naming another Host is refused (421): name an allowed one.
const host = process.env.TRUSTED_HOSTS?.split(',')[0]?.trim() || 'localhost';

const request = get({ host: address, port, path: '/health', headers: { host }, timeout: 2_000 }, (response) => {
  response.resume();
  process.exit(response.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('timed out')));
request.on('error', () => process.exit(1));
