import type { RoomSummaryFragment } from '../../gql/graphql';
import { useChat } from '../../lib/chat-context';
import { navigate, roomPath } from '../../lib/router';
import { roomTitle } from './room-title';

function preview(room: RoomSummaryFragment): string {
  const last = room.lastMessage;
  if (!last) return 'No messages yet';
  return `${last.sender.displayName}: ${last.deletedAt ? 'message deleted' : last.body}`;
}

export function RoomListItem({ room, active }: { room: RoomSummaryFragment; active: boolean }) {
  const { viewer } = useChat();
  const title = roomTitle(room, viewer.id);
  return (
    <li>
      <button
        type="button"
        className={`room-item${active ? ' active' : ''}`}
        onClick={() => navigate(roomPath(room.id))}
        data-room-title={title}
      >
        <span className="room-title">{title}</span>
        {room.unreadCount > 0 && (
          <span className="badge" aria-label={`${room.unreadCount} unread`}>
            {room.unreadCount}
          </span>
        )}
        <span className="room-preview">{preview(room)}</span>
      </button>
    </li>
  );
}
