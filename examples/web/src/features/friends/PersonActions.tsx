import { useMutation } from 'urql';
import type { PersonFragment } from '../../gql/graphql';
import { messageOf } from '../../lib/errors';
import { navigate, roomPath } from '../../lib/router';
import { OpenDirectRoomMutation, SendFriendRequestMutation } from './operations';

/** What the viewer can do with someone, by how they relate. */
export function PersonActions({ person }: { person: PersonFragment }) {
  const [request, sendRequest] = useMutation(SendFriendRequestMutation);
  const [opening, openRoom] = useMutation(OpenDirectRoomMutation);
  const error = messageOf(request.error ?? opening.error);

  const message = async () => {
    const result = await openRoom({ userId: person.id });
    if (result.data) navigate(roomPath(result.data.openDirectRoom.id));
  };

  return (
    <>
      {person.friendship === 'FRIENDS' && (
        <button type="button" onClick={message} disabled={opening.fetching}>
          Message
        </button>
      )}
      {(person.friendship === 'NONE' || person.friendship === 'REQUEST_RECEIVED') && (
        <button type="button" onClick={() => sendRequest({ userId: person.id })} disabled={request.fetching}>
          {person.friendship === 'NONE' ? 'Add friend' : 'Accept'}
        </button>
      )}
      {person.friendship === 'REQUEST_SENT' && <span className="muted">Requested</span>}
      {error && <span className="error">{error}</span>}
    </>
  );
}
