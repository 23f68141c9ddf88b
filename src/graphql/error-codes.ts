import { CLIENT_ERROR_CODES, type ClientErrorCode } from '../platform/errors.js';
import { builder } from './builder.js';

// The codes in the schema, so typed clients can switch over them exhaustively: built from the one
// list the server sets codes from, so the enum cannot fall behind.

const codes = Object.keys(CLIENT_ERROR_CODES) as ClientErrorCode[];

export const ErrorCodeRef = builder.enumType('ErrorCode', {
  description:
    'Why an operation failed. Every GraphQL error carries one in `extensions.code`; RATE_LIMITED adds ' +
    '`extensions.retryAfter` (seconds), BAD_USER_INPUT often `extensions.field` (the argument at fault).',
  values: Object.fromEntries(codes.map((code) => [code, { description: CLIENT_ERROR_CODES[code] }])) as Record<
    ClientErrorCode,
    { description: string }
  >,
});

builder.queryField('errorCodes', (t) =>
  t.field({
    type: [ErrorCodeRef],
    description:
      'Every code an error may carry in `extensions.code` (the ErrorCode enum, listed): here so the enum is in ' +
      'the schema for codegen; no sign-in needed.',
    resolve: () => codes,
  }),
);
