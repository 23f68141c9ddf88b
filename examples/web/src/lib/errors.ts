import type { CombinedError } from 'urql';

/** The server's own message where there is one; urql prefixes it with "[GraphQL]". */
export function messageOf(error: CombinedError | Error | undefined | null): string | null {
  if (!error) return null;
  if ('graphQLErrors' in error && error.graphQLErrors[0]) return error.graphQLErrors[0].message;
  if ('networkError' in error && error.networkError) return 'The server cannot be reached.';
  return error.message;
}
