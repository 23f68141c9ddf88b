import * as accounts from './accounts.service.js';
import { sessionRevoked } from '../../realtime/session-revocation.js';
import type { SignedInContext } from '../../graphql/context.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import { builder } from '../../graphql/builder.js';

// Ending one of your sessions. endSession answers with the session's id, so a cache can drop it
// from `sessions`; revokeSession (the contract's name) answers only `true` and stays.

const END_SESSION_LIMIT = { rateLimit: 'write' satisfies MutationRateLimit };

const EndSessionPayload = builder.objectRef<{ sessionId: string }>('EndSessionPayload').implement({
  description: 'A session of yours that ended.',
  fields: (t) => ({
    removedSessionId: t.id({
      description: 'The Session ended: drop it from `sessions`. Its tokens no longer work, its sockets are closed.',
      resolve: (ended) => ended.sessionId,
    }),
  }),
});

async function endSession(context: SignedInContext, sessionId: string): Promise<string> {
  const revoked = await accounts.revokeOwnSession(context.db, context.viewer.userId, sessionId);
  sessionRevoked(context, revoked);
  return revoked;
}

builder.mutationFields((t) => ({
  revokeSession: t.withAuth({ authenticated: true }).boolean({
    description:
      'Ends one of your sessions (NOT_FOUND for any other): its tokens stop working and its sockets close. Answers true.',
    args: { sessionId: t.arg.id({ required: true, description: 'A Session.id from `sessions`.' }) },
    extensions: END_SESSION_LIMIT,
    deprecationReason: 'Use endSession: it returns the id of the session ended.',
    resolve: async (_root, args, context) => {
      await endSession(context, String(args.sessionId));
      return true;
    },
  }),
  endSession: t.withAuth({ authenticated: true }).field({
    type: EndSessionPayload,
    description:
      "Ends one of your sessions, this one too if you name it (NOT_FOUND for anyone else's, or one already ended): " +
      'its tokens stop working at once and its sockets close, on every instance.',
    args: { sessionId: t.arg.id({ required: true, description: 'A Session.id from `sessions`.' }) },
    extensions: END_SESSION_LIMIT,
    resolve: async (_root, args, context) => ({ sessionId: await endSession(context, String(args.sessionId)) }),
  }),
}));
