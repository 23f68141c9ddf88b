import type { Pending } from './message-state';

/** A message on its way: replaced by the real one when the room's stream delivers it. */
export function PendingItem({ pending, onRetry }: { pending: Pending; onRetry(body: string, clientId: string): void }) {
  return (
    <li className={`message mine pending${pending.failed ? ' failed' : ''}`}>
      <p className="body">{pending.body}</p>
      <div className="meta">
        {pending.failed ? (
          // The same clientId: if the first try did reach the server, the retry returns that message.
          <button type="button" className="link" onClick={() => onRetry(pending.body, pending.clientId)}>
            Not sent. Retry
          </button>
        ) : (
          <span className="muted">Sending…</span>
        )}
      </div>
    </li>
  );
}
