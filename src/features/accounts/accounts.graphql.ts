import * as accounts from './accounts.service.js';
import type { AuthPayload } from './accounts.service.js';
import { sessionRevoked } from '../../realtime/session-revocation.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import { builder } from '../../graphql/builder.js';
import { UserRef } from './users.graphql.js';

const AuthPayloadRef = builder.objectRef<AuthPayload>('AuthPayload').implement({
  fields: (t) => ({
    accessToken: t.exposeString('accessToken', { description: 'Send as `Authorization: Bearer <token>`.' }),
    accessTokenExpiresAt: t.expose('accessTokenExpiresAt', { type: 'DateTime' }),
    refreshToken: t.exposeString('refreshToken', { description: 'Single use: each refresh returns a new one.' }),
    refreshTokenExpiresAt: t.expose('refreshTokenExpiresAt', { type: 'DateTime' }),
    user: t.field({ type: UserRef, resolve: (payload) => payload.user }),
  }),
});

const SignUpInput = builder.inputType('SignUpInput', {
  fields: (t) => ({
    username: t.string({ required: true, description: '3–32 of a–z, 0–9 and _; stored lower-cased.' }),
    password: t.string({ required: true, description: '8–256 characters.' }),
    displayName: t.string({ description: 'Defaults to the username.' }),
  }),
});

const LogInInput = builder.inputType('LogInInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.string({ required: true }),
  }),
});

const RefreshTokenInput = builder.inputType('RefreshTokenInput', {
  fields: (t) => ({ refreshToken: t.string({ required: true }) }),
});

builder.mutationField('signUp', (t) =>
  t.field({
    type: AuthPayloadRef,
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    extensions: { rateLimit: { name: 'signUp', per: 'address' } satisfies MutationRateLimit },
    resolve: (_root, { input }, { db, config }) => accounts.signUp(db, config, input),
  }),
);

builder.mutationField('logIn', (t) =>
  t.field({
    type: AuthPayloadRef,
    args: { input: t.arg({ type: LogInInput, required: true }) },
    // Counted in accounts.logIn: attempts are reserved per username and address before verifying.
    extensions: { rateLimit: false satisfies MutationRateLimit },
    resolve: (_root, { input }, { db, config, limits, clientAddress }) =>
      accounts.logIn(db, config, limits, clientAddress, input),
  }),
);

builder.mutationField('refreshToken', (t) =>
  t.field({
    type: AuthPayloadRef,
    description: 'Exchanges a refresh token for a new pair. Presenting a spent token revokes its session.',
    args: { input: t.arg({ type: RefreshTokenInput, required: true }) },
    resolve: (_root, { input }, context) =>
      accounts.refreshTokens(context.db, context.config, input.refreshToken, (sessionId) =>
        sessionRevoked(context, sessionId),
      ),
  }),
);

builder.mutationField('logOut', (t) =>
  t.withAuth({ authenticated: true }).boolean({
    description: "Ends the caller's session: its refresh and access tokens stop working at once.",
    resolve: async (_root, _args, context) => {
      await accounts.logOut(context.db, context.viewer.sessionId);
      sessionRevoked(context, context.viewer.sessionId);
      return true;
    },
  }),
);
