import { messageOf } from '../../lib/errors';
import { RoomListItem } from './RoomListItem';
import { useRooms } from './use-rooms';

export function RoomList({ activeRoomId }: { activeRoomId: string | null }) {
  const { rooms, error } = useRooms();
  return (
    <section className="panel rooms" aria-label="Rooms">
      <h2>Rooms</h2>
      {error && <p className="error">{messageOf(error)}</p>}
      {rooms.length === 0 && !error && <p className="muted">No rooms yet: message a friend.</p>}
      <ul>
        {rooms.map((room) => (
          <RoomListItem key={room.id} room={room} active={room.id === activeRoomId} />
        ))}
      </ul>
    </section>
  );
}
