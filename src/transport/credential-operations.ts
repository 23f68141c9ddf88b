import { getOperationAST, parse } from 'graphql';
import { rootFieldNames } from '../platform/graphql-documents.js';

/** The mutations that hand out credentials: they need none, whatever header comes with them. */
const CREDENTIAL_FIELDS = new Set(['signUp', 'logIn', 'refreshToken']);

/**
 * True when the request's operation is a mutation of credential fields only. Clients' auth recipes
 * attach the stored bearer token to every request, an expired or revoked one included; refusing
 * signUp, logIn and refreshToken for it would lock the client out of the very calls that mend it.
 * Parsed here only when authentication has failed (rare), never on the usual path.
 */
export function isCredentialOperation(params: unknown): boolean {
  const { query, operationName } = (params ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  try {
    const document = parse(query, { maxTokens: 1_000 });
    const operation = getOperationAST(document, typeof operationName === 'string' ? operationName : undefined);
    if (operation?.operation !== 'mutation') return false;
    const fields = rootFieldNames(document, operation.selectionSet);
    return fields.length > 0 && fields.every((field) => CREDENTIAL_FIELDS.has(field) || field === '__typename');
  } catch {
    return false; // yoga reports the syntax error itself
  }
}
