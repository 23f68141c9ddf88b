import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { coded } from '../platform/errors.js';

/** Limits whose refusal also turns the caller's next HTTP requests away at the door. */
const CPU_LIMITS = new Set(['queryCost', 'concurrency']);
/** The longest a caller waits at the door, whatever its budget's window says. */
const MAX_PENALTY_MS = 10_000;

/**
 * Callers (by their bearer token) whose query-cost budget or concurrency lane is spent, until when.
 * Refusing them again costs the work of parsing, authenticating and costing each request; a caller
 * looping on costly queries would keep a core busy on refusals alone. At the door, before yoga
 * reads the body, a refusal costs a map lookup.
 */
export class PenaltyBox {
  private readonly until = new Map<string, number>();

  /** Milliseconds `key` must still wait (0: let it in). */
  waitMs(key: string): number {
    const until = this.until.get(key);
    if (until === undefined) return 0;
    const left = until - Date.now();
    if (left <= 0) this.until.delete(key);
    return Math.max(left, 0);
  }

  hold(key: string, seconds: number): void {
    if (this.until.size > 100_000) this.sweep();
    this.until.set(key, Date.now() + Math.min(seconds * 1000, MAX_PENALTY_MS));
  }

  private sweep() {
    const now = Date.now();
    for (const [key, until] of this.until) if (until <= now) this.until.delete(key);
  }
}

const refusal = (waitMs: number) =>
  JSON.stringify({
    errors: [
      {
        message: 'Too many costly requests; wait before sending more.',
        extensions: coded('RATE_LIMITED', { retryAfter: Math.ceil(waitMs / 1000), limit: 'queryCost' }),
      },
    ],
  });

/** HTTP requests of a caller in the penalty box are answered 429 before anything else is done. */
export function penaltyBoxPlugin(box: PenaltyBox): Plugin {
  return {
    onRequest: ({ request, endResponse, fetchAPI }) => {
      const key = request.headers.get('authorization');
      const waitMs = key ? box.waitMs(key) : 0;
      if (waitMs === 0) return;
      const headers = { 'content-type': 'application/json', 'retry-after': String(Math.ceil(waitMs / 1000)) };
      endResponse(new fetchAPI.Response(refusal(waitMs), { status: 429, headers }));
    },
    onResultProcess: ({ request, result }) => {
      const key = request.headers.get('authorization');
      if (!key || Array.isArray(result) || !('errors' in result)) return;
      const error = (result.errors as readonly GraphQLError[] | undefined)?.find((candidate) =>
        CPU_LIMITS.has(String(candidate.extensions?.limit)),
      );
      if (error) box.hold(key, Number(error.extensions.retryAfter) || 1);
    },
  };
}
