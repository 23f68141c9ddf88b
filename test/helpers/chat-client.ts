import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import WebSocket from 'ws';
import { createChatClient, type ChatClient, type ChatClientOptions, type TokenSource } from '../../client/src/index.js';
import { graphql } from '../gql/index.js';
import { expectData, request } from './client.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from './database.js';
import type { TestUser } from './users.js';

const RefreshTokens = graphql(`
  mutation ClientRefreshTokens($input: RefreshTokenInput!) {
    refreshToken(input: $input) {
      accessToken
      refreshToken
    }
  }
`);

export const ClientSendMessage = graphql(`
  mutation ClientSendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      cursor
    }
  }
`);

export const ClientRoomHead = graphql(`
  query ClientRoomHead($id: ID!) {
    room(id: $id) {
      headCursor
    }
  }
`);

/** A token source as an app keeps one: the pair from signUp, rotated by refreshToken over plain HTTP. */
export interface TestTokens extends TokenSource {
  /** Completed refreshes. */
  refreshes: number;
  /** Replaces the access token (a tampered one, to see the client recover). */
  setAccessToken(token: string): void;
}

export function testTokens(url: string, user: TestUser): TestTokens {
  let access = user.token;
  let refreshToken = user.refreshToken;
  const tokens: TestTokens = {
    refreshes: 0,
    accessToken: () => access,
    setAccessToken: (token) => void (access = token),
    async refresh() {
      const { refreshToken: pair } = expectData(await request(url, RefreshTokens, { input: { refreshToken } }));
      access = pair.accessToken;
      refreshToken = pair.refreshToken;
      tokens.refreshes++;
      return access;
    },
  };
  return tokens;
}

/** A chat client in Node (the `ws` WebSocket), quick to notice a dead socket and to come back. */
export function chatClient(options: Omit<ChatClientOptions, 'webSocketImpl'>): ChatClient {
  return createChatClient({
    webSocketImpl: WebSocket,
    backoff: { baseMs: 200, maxMs: 2_000 },
    keepAliveMs: 1_000,
    pongTimeoutMs: 1_000,
    connectTimeoutMs: 2_000,
    ...options,
  });
}

/** The access token with its signature altered: well-formed, unexpired, refused by the server. */
export const tampered = (token: string) => token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');

/** POSTs an operation through the given fetch (a chat client's, so it refreshes as an app would). */
export async function post<TData, TVariables>(
  fetchImpl: typeof fetch,
  url: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<TData> {
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: TData; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * Sends a message and retries (same clientId, so at most one message) until the server takes it:
 * a sender that goes on through a restart.
 */
export async function sendSurely(fetchImpl: typeof fetch, url: string, roomId: string, body: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      const input = { roomId, body, clientId: body };
      return (await post(fetchImpl, url, ClientSendMessage, { input })).sendMessage;
    } catch (error) {
      if (attempt === 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A database that outlives a server, for restarts: a PostgreSQL one, or an embedded one on disk. */
export async function durableDatabase(): Promise<TestDatabase> {
  if (postgresUrl) return createTestDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), 'chat-client-'));
  return { url: `file://${dir}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** What a subscriber saw: bodies in arrival order, and a wait for a count. */
export class Received {
  readonly bodies: string[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  add(body: string): void {
    this.bodies.push(body);
    for (const waiter of this.waiters) if (this.bodies.length >= waiter.count) waiter.resolve();
  }

  /** Resolves once `count` messages arrived, or rejects after `timeoutMs` with what arrived. */
  async waitFor(count: number, timeoutMs = 60_000): Promise<string[]> {
    if (this.bodies.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${this.bodies.length}/${count} messages: ${this.bodies.join(' ')}`)),
          timeoutMs,
        );
        this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    }
    return this.bodies;
  }
}
