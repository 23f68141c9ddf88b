/**
 * GraphQL over HTTP for the load generator. Every GraphQL error or non-2xx answer is counted by
 * code and the first few are printed at once: a limit that starts refusing work (RATE_LIMITED, a
 * query limit) must show up in the results, never pass as a slow success.
 */
import http from 'node:http';

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

export class BenchGraphQLError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: GraphQLErrorShape[] = [],
  ) {
    super(message);
  }
}

/** Errors seen by this process, by code. */
export class ErrorTally {
  readonly counts = new Map<string, number>();
  private printed = 0;
  constructor(private readonly label: string) {}
  add(code: string, detail: string) {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    if (this.printed++ < 5) console.warn(`  !! ${this.label}: ${code}: ${detail.slice(0, 300)}`);
  }
  get total() {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }
  summary(): string {
    return [...this.counts].map(([code, count]) => `${code}×${count}`).join(', ');
  }
  toJSON() {
    return Object.fromEntries(this.counts);
  }
}

export const httpErrors = new ErrorTally('HTTP GraphQL');

/**
 * Idle keep-alive connections are closed by this side after this long, before the server's side
 * does (node:http's keepAliveTimeout is 5 s): otherwise a request sent on a connection the server
 * is closing at that moment fails with ECONNRESET (seen with the peer servers, bench/peers/).
 */
const FREE_SOCKET_TIMEOUT_MS = 4_000;

/**
 * Keep-alive connections for every request of this process. node:http rather than fetch: the load
 * generator shares a machine with the server, and fetch (undici, web streams, an AbortSignal per
 * request) costs it about twice the CPU per request.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: FREE_SOCKET_TIMEOUT_MS });

function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * POSTs an operation; resolves with `data` or throws BenchGraphQLError (code from the first
 * error's extensions.code, or HTTP_<status>, or NETWORK). Errors are tallied in `tally`.
 */
export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; tally?: ErrorTally; timeoutMs?: number } = {},
): Promise<T> {
  const tally = options.tally ?? httpErrors;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: { status: number; text: string };
  try {
    response = await post(url, JSON.stringify({ query, variables }), headers, options.timeoutMs ?? 30_000);
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    tally.add('NETWORK', message);
    throw new BenchGraphQLError('NETWORK', message);
  }
  const { text } = response;
  let body: { data?: T | null; errors?: GraphQLErrorShape[] } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (body?.errors?.length) {
    const first = body.errors[0]!;
    const code = first.extensions?.code ?? `HTTP_${response.status}`;
    tally.add(code, `${first.message} ${JSON.stringify(first.extensions ?? {})}`);
    throw new BenchGraphQLError(code, `${code}: ${first.message}`, body.errors);
  }
  if (response.status < 200 || response.status > 299 || !body?.data) {
    const code = `HTTP_${response.status}`;
    tally.add(code, text);
    throw new BenchGraphQLError(code, `${code}: ${text.slice(0, 300)}`);
  }
  return body.data;
}
