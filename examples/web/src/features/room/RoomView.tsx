import { useChat } from '../../lib/chat-context';
import { roomTitle } from '../rooms/room-title';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { TypingIndicator } from './TypingIndicator';
import { useMarkRead } from './use-mark-read';
import { useTimeline } from './use-timeline';

export function RoomView({ roomId }: { roomId: string }) {
  const { viewer } = useChat();
  const { room, error, timeline, loadOlder, send, applyUpdate } = useTimeline(roomId);
  useMarkRead(roomId, timeline.messages.at(-1)?.id);
  if (error) return <p className="error">{error}</p>;
  if (!room) return <p className="placeholder">Loading…</p>;
  return (
    <section className="room" aria-label={roomTitle(room, viewer.id)}>
      <header className="room-header">
        <h2>{roomTitle(room, viewer.id)}</h2>
        <span className="muted">{room.members.length} members</span>
      </header>
      <MessageList timeline={timeline} loadOlder={loadOlder} onRetry={send} onUpdated={applyUpdate} />
      <TypingIndicator roomId={roomId} />
      <Composer roomId={roomId} onSend={send} />
    </section>
  );
}
