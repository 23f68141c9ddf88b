import * as accounts from './accounts.service.js';
import type { AuthPayload } from './accounts.service.js';
import { sessionRevoked } from '../../realtime/session-revocation.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import { builder } from '../../graphql/builder.js';
import { UserRef } from './users.graphql.js';
import { viewerSpecific } from '../../graphql/viewer-specific.js';
import type { SessionSummary } from './sessions.repository.js';
import { updateProfile } from './users.service.js';
import { deleteAccount } from './account-deletion.service.js';
import { deliverTokens, presentedRefreshToken, refreshCookieMode } from './refresh-cookie.js';

const AuthPayloadRef = builder.objectRef<AuthPayload>('AuthPayload').implement({
  description: 'A session opened or renewed: its tokens and its user.',
  fields: (t) => ({
    accessToken: t.exposeString('accessToken', { description: 'Send as `Authorization: Bearer <token>`.' }),
    accessTokenExpiresAt: t.expose('accessTokenExpiresAt', {
      type: 'DateTime',
      description: 'When the access token stops working (1 h by default): refresh a little before.',
    }),
    refreshToken: t.exposeString('refreshToken', { description: 'Single use: each refresh returns a new one.' }),
    refreshTokenExpiresAt: t.expose('refreshTokenExpiresAt', {
      type: 'DateTime',
      description: 'When the refresh token stops working (1 day by default); then sign in again.',
    }),
    user: t.field({ type: UserRef, description: 'The signed-in user.', resolve: (payload) => payload.user }),
  }),
});

const SignUpInput = builder.inputType('SignUpInput', {
  description: 'A new account.',
  fields: (t) => ({
    username: t.string({ required: true, description: '3–32 of a–z, 0–9 and _; stored lower-cased.' }),
    password: t.string({ required: true, description: '8–256 characters.' }),
    displayName: t.string({ description: 'Defaults to the username.' }),
  }),
});

const LogInInput = builder.inputType('LogInInput', {
  description: 'Credentials of an existing account.',
  fields: (t) => ({
    username: t.string({ required: true, description: 'Any case: usernames are matched lower-cased.' }),
    password: t.string({ required: true, description: 'Wrong password and unknown user answer alike.' }),
  }),
});

const RefreshTokenInput = builder.inputType('RefreshTokenInput', {
  description: 'The refresh token to spend.',
  fields: (t) => ({
    refreshToken: t.string({
      description: 'Required, except over HTTP with `X-Refresh-Cookie: 1`, where the cookie is used.',
    }),
  }),
});

builder.mutationField('signUp', (t) =>
  t.field({
    type: AuthPayloadRef,
    description: 'Creates an account and signs it in (CONFLICT for a taken username).',
    args: { input: t.arg({ type: SignUpInput, required: true, description: 'The new account.' }) },
    extensions: { rateLimit: { name: 'signUp', per: 'address' } satisfies MutationRateLimit },
    resolve: async (_root, { input }, context) => {
      const cookieMode = refreshCookieMode(context); // first: a refused origin changes nothing
      return deliverTokens(cookieMode, await accounts.signUp(context.db, context.config, input, context.userAgent));
    },
  }),
);

builder.mutationField('logIn', (t) =>
  t.field({
    type: AuthPayloadRef,
    description: 'Opens a session (UNAUTHENTICATED for a wrong username or password, with the same message).',
    args: { input: t.arg({ type: LogInInput, required: true, description: 'The credentials.' }) },
    // Counted in accounts.logIn: attempts are reserved per username and address before verifying.
    extensions: { rateLimit: false satisfies MutationRateLimit },
    resolve: async (_root, { input }, context) => {
      const cookieMode = refreshCookieMode(context);
      const { db, config, limits, clientAddress, userAgent } = context;
      return deliverTokens(cookieMode, await accounts.logIn(db, config, limits, clientAddress, input, userAgent));
    },
  }),
);

builder.mutationField('refreshToken', (t) =>
  t.field({
    type: AuthPayloadRef,
    description: 'Exchanges a refresh token for a new pair. Presenting a spent token revokes its session.',
    args: { input: t.arg({ type: RefreshTokenInput, required: true, description: 'The token to spend.' }) },
    resolve: async (_root, { input }, context) => {
      const cookieMode = refreshCookieMode(context);
      const presented = presentedRefreshToken(cookieMode, input.refreshToken);
      const payload = await accounts.refreshTokens(context.db, context.config, presented, (sessionId) =>
        sessionRevoked(context, sessionId),
      );
      return deliverTokens(cookieMode, payload);
    },
  }),
);

builder.mutationField('logOut', (t) =>
  t.withAuth({ authenticated: true }).boolean({
    description: "Ends the caller's session: its refresh and access tokens stop working at once.",
    resolve: async (_root, _args, context) => {
      const cookieMode = refreshCookieMode(context);
      await accounts.logOut(context.db, context.viewer.sessionId);
      sessionRevoked(context, context.viewer.sessionId);
      cookieMode?.clear();
      return true;
    },
  }),
);

const SessionRef = builder.objectRef<SessionSummary>('Session').implement({
  description: "One of the signed-in user's live sessions (a device or browser that logged in).",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Pass to endSession.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was opened (sign-up or log-in).' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', description: 'Its last refresh, or its opening.' }),
    userAgent: t.exposeString('userAgent', {
      nullable: true,
      description: 'The User-Agent header of the request that opened it; null when none was sent.',
    }),
    current: t.withAuth({ authenticated: true }).boolean({
      description: 'True for the session making this request.',
      extensions: viewerSpecific,
      resolve: (session, _args, context) => session.id === context.viewer.sessionId,
    }),
  }),
});

builder.queryField('sessions', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: [SessionRef],
    description: `The signed-in user's live sessions, last used first (at most ${accounts.MAX_SESSIONS_LISTED}).`,
    extensions: { listSize: accounts.MAX_SESSIONS_LISTED },
    resolve: (_root, _args, context) => accounts.listSessions(context.db, context.viewer.userId),
  }),
);

builder.mutationField('logOutEverywhere', (t) =>
  t.withAuth({ authenticated: true }).boolean({
    description: 'Ends every session of yours, this one included.',
    extensions: { rateLimit: 'write' satisfies MutationRateLimit },
    resolve: async (_root, _args, context) => {
      const cookieMode = refreshCookieMode(context);
      for (const sessionId of await accounts.logOutEverywhere(context.db, context.viewer.userId)) {
        sessionRevoked(context, sessionId);
      }
      cookieMode?.clear();
      return true;
    },
  }),
);

const UpdateProfileInput = builder.inputType('UpdateProfileInput', {
  description: 'Changes to your profile.',
  fields: (t) => ({ displayName: t.string({ required: true, description: '1–64 characters.' }) }),
});

builder.mutationField('updateProfile', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: UserRef,
    description: "Changes your display name (no control characters, not another user's username); returns you.",
    args: { input: t.arg({ type: UpdateProfileInput, required: true, description: 'The new profile.' }) },
    extensions: { rateLimit: 'edit' satisfies MutationRateLimit },
    resolve: (_root, { input }, context) => updateProfile(context.db, context.viewer.userId, input),
  }),
);

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  description: 'Your current password and the new one.',
  fields: (t) => ({
    currentPassword: t.string({ required: true, description: 'BAD_USER_INPUT (field currentPassword) when wrong.' }),
    newPassword: t.string({ required: true, description: '8–256 characters.' }),
  }),
});

builder.mutationField('changePassword', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: AuthPayloadRef,
    description:
      'Changes your password (the current one checked) and ends every session of yours: this call returns ' +
      "a new session's tokens, other devices log in again.",
    args: { input: t.arg({ type: ChangePasswordInput, required: true, description: 'Both passwords.' }) },
    extensions: { rateLimit: 'passwordChange' satisfies MutationRateLimit },
    resolve: async (_root, { input }, context) => {
      const cookieMode = refreshCookieMode(context);
      const { db, config, viewer, userAgent } = context;
      const changed = await accounts.changePassword(db, config, viewer.userId, input, userAgent);
      for (const sessionId of changed.ended) sessionRevoked(context, sessionId);
      return deliverTokens(cookieMode, changed.payload);
    },
  }),
);

builder.mutationField('deleteAccount', (t) =>
  t.withAuth({ authenticated: true }).boolean({
    description:
      'Deletes your account (your password checked): every session ends, friendships, requests and blocks go, ' +
      'you leave your group rooms. Your messages stay where they are, their sender shown as a deleted user; ' +
      'your username stays reserved and no longer logs in.',
    args: {
      password: t.arg.string({
        required: true,
        description: 'Your password (BAD_USER_INPUT, field password, when wrong).',
      }),
    },
    extensions: { rateLimit: 'accountDeletion' satisfies MutationRateLimit },
    resolve: async (_root, { password }, context) => {
      const cookieMode = refreshCookieMode(context);
      await deleteAccount(context, context.viewer.userId, { password }, (sessionId) =>
        sessionRevoked(context, sessionId),
      );
      cookieMode?.clear();
      return true;
    },
  }),
);
