import { useQuery } from 'urql';
import { usePolling } from '../../lib/timing';
import { FriendsQuery } from './operations';
import { PersonActions } from './PersonActions';
import { PersonRow } from './PersonRow';

const POLL_MS = 3_000;

/** Polled, like requests: a request accepted elsewhere shows up here within a few seconds. */
export function FriendList() {
  const [result, reexecute] = useQuery({ query: FriendsQuery });
  usePolling(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
  const friends = result.data?.friends.edges.map((edge) => edge.node) ?? [];
  if (!result.data) return null;
  if (friends.length === 0) return <p className="muted">No friends yet: find someone above.</p>;
  return (
    <div className="friend-list">
      <h3>Your friends</h3>
      <ul>
        {friends.map((friend) => (
          <PersonRow key={friend.id} person={friend}>
            <PersonActions person={friend} />
          </PersonRow>
        ))}
      </ul>
    </div>
  );
}
