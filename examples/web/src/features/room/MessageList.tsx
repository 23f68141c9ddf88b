import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ChatMessage, Timeline } from './message-state';
import { MessageItem } from './MessageItem';
import { PendingItem } from './PendingItem';

interface Props {
  timeline: Timeline;
  loadOlder(): void;
  onRetry(body: string, clientId: string): void;
  onUpdated(message: ChatMessage): void;
}

/** Within this many pixels of the bottom, the list follows new messages. */
const STICKY_PX = 48;

export function MessageList({ timeline, loadOlder, onRetry, onUpdated }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const before = useRef({ height: 0, firstId: undefined as string | undefined, pending: 0 });
  const { messages, pending, olderCursor } = timeline;

  // Older messages prepended: keep the reader's place. New ones at the bottom: follow them if the
  // reader was at the bottom (or has just sent one), else stay put.
  useLayoutEffect(() => {
    const element = scroller.current!;
    const firstId = messages[0]?.id;
    if (pending.length > before.current.pending) stuck.current = true;
    if (before.current.firstId && firstId !== before.current.firstId) {
      element.scrollTop += element.scrollHeight - before.current.height;
    } else if (stuck.current) {
      element.scrollTop = element.scrollHeight;
    }
    before.current = { height: element.scrollHeight, firstId, pending: pending.length };
  }, [messages, pending]);

  // Reaching the top loads the page before it. Observing anew after each page also catches a top
  // that is still in view (a short page), which no intersection change would report.
  useEffect(() => {
    if (!olderCursor) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadOlder(), {
      root: scroller.current,
    });
    observer.observe(top.current!);
    return () => observer.disconnect();
  }, [olderCursor, loadOlder]);

  const onScroll = () => {
    const element = scroller.current!;
    stuck.current = element.scrollHeight - element.clientHeight - element.scrollTop < STICKY_PX;
  };

  return (
    <div className="messages" ref={scroller} onScroll={onScroll}>
      <div ref={top} className="history-edge">
        {olderCursor ? 'Loading earlier messages…' : 'The beginning of this conversation'}
      </div>
      <ol>
        {messages.map((message) => (
          <MessageItem key={message.id} message={message} onUpdated={onUpdated} />
        ))}
        {pending.map((each) => (
          <PendingItem key={each.clientId} pending={each} onRetry={onRetry} />
        ))}
      </ol>
    </div>
  );
}
