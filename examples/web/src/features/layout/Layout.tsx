import { roomIdOf, usePath } from '../../lib/router';
import { FriendsPanel } from '../friends/FriendsPanel';
import { RoomList } from '../rooms/RoomList';
import { RoomView } from '../room/RoomView';
import { Header } from './Header';

export function Layout() {
  const roomId = roomIdOf(usePath());
  return (
    <div className="layout">
      <Header />
      <aside className="sidebar">
        <RoomList activeRoomId={roomId} />
        <FriendsPanel />
      </aside>
      <main className="main">
        {roomId ? <RoomView key={roomId} roomId={roomId} /> : <p className="placeholder">Pick a room or a friend.</p>}
      </main>
    </div>
  );
}
