import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { AppDeps, GraphQLContext } from '../graphql/context.js';
import { coded } from '../platform/errors.js';

/**
 * Subscriptions over HTTP (SSE, or multipart for Apollo Client: http-subscriptions.ts), the only
 * ones that pass through envelop's subscribe (sockets run theirs through subscribeShared and are
 * closed as a whole on revocation): at most MAX_SSE_SUBSCRIPTIONS_PER_USER at once per user, each
 * ended with its session and its response.
 */
export function sseStreamsPlugin(
  deps: Pick<AppDeps, 'config' | 'socketSessions' | 'sessionChecks'>,
): Plugin<GraphQLContext> {
  const { config, socketSessions } = deps;
  return {
    onSubscribe: ({ args, setResultAndStopExecution }) => {
      const viewer = args.contextValue.viewer;
      if (!viewer) return;
      // Each HTTP subscription holds a connection and runs its own execution per event.
      const max = config.maxSseSubscriptionsPerUser;
      if (!socketSessions.reserveStream(viewer.userId, max)) {
        const message = `At most ${max} subscriptions over HTTP may run at once per user.`;
        return setResultAndStopExecution({
          errors: [new GraphQLError(message, { extensions: coded('RATE_LIMITED', { retryAfter: 1 }) })],
        });
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        socketSessions.releaseStream(viewer.userId);
      };
      const response = args.contextValue.httpResponse;
      // Released when the stream ends, and in any case when the response closes: yoga may never
      // read the stream (a 406 for a client that accepts no streaming media type) or end it (the
      // client left before it was set up).
      response?.once('close', release);
      return {
        onSubscribeError: release,
        onSubscribeResult: ({ result, setResult }) => {
          if (!isAsyncIterable(result)) return release();
          const stream = socketSessions.bindStream(viewer, result, release);
          setResult(stream);
          // Its pub/sub subscriptions go with the response, whether or not yoga returns the stream.
          response?.once('close', () => void stream.return?.());
          // A revocation announced while the subscription was starting found no stream to end.
          // Ask again now that it is bound (from memory, unless a revocation cleared it).
          deps.sessionChecks.isActive(viewer.sessionId).then(
            (live) => live || socketSessions.endSession(viewer.sessionId),
            () => {},
          );
        },
      };
    },
  };
}
