import { useMutation, useQuery } from 'urql';
import { usePolling } from '../../lib/timing';
import { AcceptFriendRequestMutation, DeclineFriendRequestMutation, IncomingRequestsQuery } from './operations';
import { PersonRow } from './PersonRow';

const POLL_MS = 3_000;

/** Requests to the viewer. The API has no subscription for them, so the list is polled. */
export function FriendRequests() {
  const [result, reexecute] = useQuery({ query: IncomingRequestsQuery });
  usePolling(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
  const [, accept] = useMutation(AcceptFriendRequestMutation);
  const [, decline] = useMutation(DeclineFriendRequestMutation);
  const requests = result.data?.incomingFriendRequests ?? [];
  if (requests.length === 0) return null;
  const settle = async (done: Promise<unknown>) => (await done, reexecute({ requestPolicy: 'network-only' }));
  return (
    <div className="requests">
      <h3>Requests</h3>
      <ul>
        {requests.map((request) => (
          <PersonRow key={request.id} person={request.from}>
            <button type="button" onClick={() => settle(accept({ requestId: request.id }))}>
              Accept
            </button>
            <button type="button" className="secondary" onClick={() => settle(decline({ requestId: request.id }))}>
              Decline
            </button>
          </PersonRow>
        ))}
      </ul>
    </div>
  );
}
