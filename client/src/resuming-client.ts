import type { FormattedExecutionResult } from 'graphql';
import type { Client, Sink, SubscribePayload } from 'graphql-ws';
import { iterate } from './iterate.js';
import { subscribeResumable } from './resumable.js';
import { planResume, type ResumePlan } from './resume-plan.js';

type AnySink = Sink<FormattedExecutionResult<Record<string, unknown>, unknown>>;

/** Plans by document: an app sends a handful of documents many times. */
const plans = new Map<string, ResumePlan | null>();
const MAX_PLANS = 500;

export function planFor(payload: SubscribePayload): ResumePlan | null {
  const key = `${payload.operationName ?? ''}\n${payload.query}`;
  if (!plans.has(key)) {
    if (plans.size >= MAX_PLANS) plans.clear();
    plans.set(key, planResume(payload.query, payload.operationName));
  }
  return plans.get(key)!;
}

/**
 * A graphql-ws Client over `inner` whose messageAdded subscriptions resume (resumable.ts); every
 * other operation goes through unchanged.
 */
export function resumingClient(inner: Client): Client {
  const subscribe: Client['subscribe'] = (payload, sink) => {
    const plan = planFor(payload);
    if (!plan) return inner.subscribe(payload, sink);
    return subscribeResumable(inner, plan, payload, sink as AnySink);
  };
  return {
    on: inner.on,
    subscribe,
    iterate: (payload) => iterate(subscribe, payload),
    dispose: () => inner.dispose(),
    terminate: () => inner.terminate(),
  };
}
