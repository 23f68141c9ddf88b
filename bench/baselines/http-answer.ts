/**
 * Reference for W5: a bare `node:http` server that reads each POST to /graphql in full and answers
 * with the same fixed bytes, BASELINE_BODY (the real server's answer to W5's page, captured by the
 * load generator). No GraphQL, no database: what one HTTP round trip of that size costs on this
 * machine, tail included, with the same client, keep-alive and core as the real server.
 *
 * Env: PORT, BASELINE_BODY.
 */
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? '0');
const body = Buffer.from(process.env.BASELINE_BODY ?? '{"data":{}}');

const http = createServer((req, res) => {
  if (req.url === '/ready' || req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
    return;
  }
  // Read the request to its end, as a GraphQL server must before it can answer.
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }).end(body);
  });
});

http.listen(port, '127.0.0.1');

const stop = () => {
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
