import { FriendList } from './FriendList';
import { FriendRequests } from './FriendRequests';
import { UserSearch } from './UserSearch';

export function FriendsPanel() {
  return (
    <section className="panel friends" aria-label="Friends">
      <h2>Friends</h2>
      <UserSearch />
      <FriendRequests />
      <FriendList />
    </section>
  );
}
