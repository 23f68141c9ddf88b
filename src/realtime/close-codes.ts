import { CloseCode as GraphQLWsCloseCode } from 'graphql-ws';

/**
 * Every code the server closes a WebSocket with, in one table: graphql-ws's own (the protocol's
 * 44xx) and the WebSocket standard's that this server uses. What a client should do follows each.
 */
export const CloseCode = {
  /** 1001: the server is shutting down; reconnect (elsewhere) and resume with `after`. */
  GoingAway: 1001,
  /** 1009: a frame over MAX_WS_PAYLOAD_BYTES (sent by `ws`); do not resend it. */
  MessageTooBig: 1009,
  /** 1013: too far behind, or the token could not be checked (database away); reconnect and resume. */
  TryAgainLater: 1013,
  /** 4400: a message the protocol does not allow. */
  BadRequest: GraphQLWsCloseCode.BadRequest,
  /** 4403: missing, expired or revoked token; get a new one before reconnecting. */
  Forbidden: GraphQLWsCloseCode.Forbidden,
  /** 4408: no connection_init in time. */
  ConnectionInitialisationTimeout: GraphQLWsCloseCode.ConnectionInitialisationTimeout,
  /** 4409: an operation id still in use. */
  SubscriberAlreadyExists: GraphQLWsCloseCode.SubscriberAlreadyExists,
  /** 4500: a fault of the server's; reconnect. */
  InternalServerError: GraphQLWsCloseCode.InternalServerError,
} as const;
