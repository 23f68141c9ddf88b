import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../graphql/context.js';
import { coded } from '../platform/errors.js';

/**
 * Operations one user (or, signed out, one address) may run at once on an instance. Each can hold
 * a few database connections at a time (its batched loaders run side by side), so four keep any
 * one user to a minority of the pool of 20 however many requests they send in parallel.
 */
export const MAX_CONCURRENT_OPERATIONS = 4;
/** Operations of one user that may wait for a turn; beyond them, RATE_LIMITED. */
export const MAX_WAITING_OPERATIONS = 32;

interface Lane {
  running: number;
  waiting: Array<() => void>;
}

/** A small fair queue per subject: at most MAX_CONCURRENT_OPERATIONS run, the rest wait in order. */
export class OperationGate {
  private readonly lanes = new Map<string, Lane>();

  /** Runs `work` in `subject`'s lane; null when the lane's queue is full (the caller refuses). */
  async run<T>(subject: string, work: () => Promise<T>): Promise<T | null> {
    let lane = this.lanes.get(subject);
    if (!lane) this.lanes.set(subject, (lane = { running: 0, waiting: [] }));
    if (lane.running >= MAX_CONCURRENT_OPERATIONS) {
      if (lane.waiting.length >= MAX_WAITING_OPERATIONS) return null;
      await new Promise<void>((resolve) => lane.waiting.push(resolve));
    } else lane.running += 1;
    try {
      return await work();
    } finally {
      this.release(subject, lane);
    }
  }

  /** Hands the slot to the next waiter (it keeps `running` as it is), or frees it. */
  private release(subject: string, lane: Lane) {
    const next = lane.waiting.shift();
    if (next) return next();
    lane.running -= 1;
    if (lane.running === 0) this.lanes.delete(subject);
  }
}

const busy = () =>
  new GraphQLError(
    `Too many operations at once: at most ${MAX_CONCURRENT_OPERATIONS} run and ${MAX_WAITING_OPERATIONS} wait per user.`,
    { extensions: coded('RATE_LIMITED', { retryAfter: 1, limit: 'concurrency' }) },
  );

/** Who an operation's turn belongs to: the signed-in user, else the client's address. */
export const operationSubject = (context: Pick<GraphQLContext, 'viewer' | 'clientAddress'>) =>
  context.viewer ? `user:${context.viewer.userId}` : `address:${context.clientAddress}`;

/** Queries and mutations, over HTTP and WebSocket alike, take their turn in their user's lane. */
export function operationGatePlugin(gate: OperationGate): Plugin {
  return {
    onExecute: ({ executeFn, setExecuteFn }) => {
      setExecuteFn(async (args: ExecutionArgs) => {
        const context = args.contextValue as GraphQLContext;
        const result = await gate.run(operationSubject(context), async () => executeFn(args));
        return result ?? { errors: [busy()] };
      });
    },
  };
}
