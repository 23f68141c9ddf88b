import type { FormattedExecutionResult } from 'graphql';
import type { Client, Sink, SubscribePayload } from 'graphql-ws';
import { isAfter } from './cursor.js';
import type { ResumePlan } from './resume-plan.js';
import { readRoomHead } from './room-head.js';

type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;

/**
 * Runs a messageAdded subscription that resumes: every message delivered moves the `after` in the
 * payload that graphql-ws re-sends on each reconnect (it sends the same object, serialized anew),
 * and a message at or before the last one delivered is dropped. So the sink sees each message once,
 * in order. Without an `after`, the room's headCursor is read first so that even a drop before the
 * first message loses nothing. `onStart` hears the `after` it starts from.
 */
export function subscribeResumable(
  ws: Client,
  plan: ResumePlan,
  payload: SubscribePayload,
  sink: Sink<Result>,
  onStart: (after: string | null) => void = () => {},
): () => void {
  const variables: Record<string, unknown> = { ...payload.variables };
  const given = variables[plan.afterVariable] ?? plan.defaultAfter;
  let last: string | null = null;
  let stop: () => void = () => {};
  let cancelled = false;
  let started = false;

  const deliver = (result: Result) => {
    const message = result.data?.[plan.field] as Record<string, unknown> | null | undefined;
    const cursor = message?.[plan.cursorKey];
    if (message && typeof cursor === 'string') {
      if (!isAfter(cursor, last)) return; // already delivered before a reconnect
      last = cursor;
      variables[plan.afterVariable] = cursor;
      if (plan.stripCursor) result = withoutKey(result, plan.field, message, plan.cursorKey);
    }
    sink.next(result);
  };
  const start = (after: string | null) => {
    if (cancelled) return;
    started = true;
    last = after;
    variables[plan.afterVariable] = after;
    onStart(after);
    stop = ws.subscribe(
      { ...payload, query: plan.query, variables },
      { next: deliver, error: (error) => sink.error(error), complete: () => sink.complete() },
    );
  };

  const fail = (error: unknown) => {
    cancelled = true;
    sink.error(error);
  };

  const roomId = roomIdOf(plan, variables);
  if (typeof given === 'string' || roomId === null) start(typeof given === 'string' ? given : null);
  else stop = readRoomHead(ws, roomId, start, fail);
  return () => {
    if (cancelled) return;
    cancelled = true;
    stop();
    if (!started) sink.complete(); // as graphql-ws completes a subscription it was told to stop
  };
}

function roomIdOf(plan: ResumePlan, variables: Record<string, unknown>): string | null {
  if (!plan.room) return null;
  if ('value' in plan.room) return plan.room.value;
  const value = variables[plan.room.variable] ?? plan.room.defaultValue;
  return typeof value === 'string' ? value : null;
}

function withoutKey(result: Result, field: string, message: Record<string, unknown>, key: string): Result {
  const { [key]: _removed, ...rest } = message;
  return { ...result, data: { ...result.data, [field]: rest } };
}
