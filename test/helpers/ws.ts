import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client over a real socket, with no retries so failures surface. */
export function connect(wsUrl: string, token?: string): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    onNonLazyError: () => {},
  });
}

/** Resolves with the close code and reason the server (or the client) closed the socket with. */
export function nextCloseEvent(client: Client): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const off = client.on('closed', (event) => {
      off();
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason });
    });
  });
}

/** Resolves with the close code the server (or the client) closed the socket with. */
export async function nextClose(client: Client): Promise<number> {
  return (await nextCloseEvent(client)).code;
}

/** Resolves once the socket has been acknowledged by the server. */
export function connected(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const off = client.on('connected', () => {
      off();
      resolve();
    });
  });
}

export interface Subscription<T> {
  events: T[];
  errors: readonly GraphQLFormattedError[] | null;
  completed: boolean;
  /** Resolves once `count` events arrived (or rejects on error/completion/timeout first). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves when the operation ends: completed or errored. */
  ended: Promise<void>;
  stop(): void;
}

/** Subscribes and records every event, so tests can wait for counts and inspect order. */
export function subscribe<TData, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Subscription<TData> {
  let notify = () => {};
  let endResolve!: () => void;
  const ended = new Promise<void>((resolve) => (endResolve = resolve));
  const state: Subscription<TData> = {
    events: [],
    errors: null,
    completed: false,
    ended,
    stop: () => {},
    waitFor(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out with ${state.events.length}/${count} events`)),
          timeoutMs,
        );
        notify = () => {
          if (state.events.length >= count) {
            clearTimeout(timer);
            resolve(state.events);
          } else if (state.errors || state.completed) {
            clearTimeout(timer);
            reject(new Error(`ended with ${state.events.length}/${count} events: ${JSON.stringify(state.errors)}`));
          }
        };
        notify();
      });
    },
  };
  state.stop = client.subscribe<TData>(
    { query: print(document), variables },
    {
      next: (result) => {
        if (result.errors) state.errors = result.errors;
        else state.events.push(result.data as TData);
        notify();
      },
      error: (error) => {
        state.errors = Array.isArray(error)
          ? (error as GraphQLFormattedError[])
          : [{ message: String((error as Error)?.message ?? error) }];
        notify();
        endResolve();
      },
      complete: () => {
        state.completed = true;
        notify();
        endResolve();
      },
    },
  );
  return state;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A graphql-ws client like `connect`'s, sending exactly these connectionParams. */
export function connectWithParams(wsUrl: string, connectionParams: Record<string, unknown>): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams,
    onNonLazyError: () => {},
  });
}
