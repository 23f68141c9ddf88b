import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { expect } from 'vitest';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/** POSTs a typed operation to the server; `token` becomes the bearer Authorization header. */
export async function request<TData, TVariables>(
  url: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
  options?: { token?: string; headers?: Record<string, string> },
): Promise<GraphQLResponse<TData>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options?.headers };
  if (options?.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as ExecutionResult<TData>;
  return { status: response.status, data: body.data, errors: body.errors as GraphQLFormattedError[] | undefined };
}

/** Sends raw text as the request body, for inputs a typed client could not produce. */
export async function rawRequest(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  let json: { data?: unknown; errors?: GraphQLFormattedError[] } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** Asserts the response carries data and no errors, and returns the data. */
export function expectData<T>(response: GraphQLResponse<T>): T {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.data).toBeTruthy();
  return response.data!;
}

/** Asserts the response failed with exactly one error of the given code, and returns that error. */
export function expectError(
  response: { errors?: readonly GraphQLFormattedError[] },
  code: string,
): GraphQLFormattedError {
  expect(
    response.errors?.map((error) => error.extensions?.code),
    JSON.stringify(response.errors),
  ).toEqual([code]);
  return response.errors![0]!;
}
