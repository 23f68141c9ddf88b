import type { TokenKeeper } from './token-keeper.js';

/**
 * fetch that adds `Authorization: Bearer <token>` (refreshed first when about to expire) and, when
 * the server answers UNAUTHENTICATED to a token it sent, refreshes once and sends again. A request
 * that sets its own Authorization goes through untouched. The body is sent twice, so it must be
 * replayable (a string, as urql and Apollo send).
 */
export function authFetch(base: typeof fetch, keeper: TokenKeeper, apiUrl: string): typeof fetch {
  const apiOrigin = originOf(apiUrl);
  return async (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    // The token is the API's alone: a request elsewhere (an image host, a third-party API) goes bare.
    if (headers.has('authorization') || originOf(requestUrl(input)) !== apiOrigin) return base(input, init);
    const token = await keeper.valid();
    const send = (bearer: string | null) => {
      if (bearer !== null) headers.set('authorization', `Bearer ${bearer}`);
      return base(input, { ...init, headers });
    };
    const response = await send(token);
    if (token === null || !(await isUnauthenticated(response))) return response;
    const fresh = await keeper.refreshIfCurrent(token).catch(() => null);
    return fresh === null || fresh === token ? response : send(fresh);
  };
}

function requestUrl(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** The origin of a URL, relative ones resolved against the page's (in a browser). */
function originOf(url: string): string | null {
  const page = (globalThis as { location?: { href: string } }).location?.href;
  try {
    return new URL(url, page).origin;
  } catch {
    return null;
  }
}

/** Whether a response says the token was refused: a GraphQL error coded UNAUTHENTICATED (or a 401). */
async function isUnauthenticated(response: Response): Promise<boolean> {
  if (response.status === 401) return true;
  // Only a complete JSON body is read (a clone): never a stream (multipart, SSE), which may not end.
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return false;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  const errors = (body as { errors?: unknown } | null)?.errors;
  return (
    Array.isArray(errors) &&
    errors.some((e) => (e as { extensions?: { code?: unknown } } | null)?.extensions?.code === 'UNAUTHENTICATED')
  );
}
