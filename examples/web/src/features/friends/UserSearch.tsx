import { useState } from 'react';
import { useQuery } from 'urql';
import { useDebounced, usePolling } from '../../lib/timing';
import { SearchUsersQuery } from './operations';
import { PersonActions } from './PersonActions';
import { PersonRow } from './PersonRow';

const POLL_MS = 5_000;

export function UserSearch() {
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 250);
  const [result, reexecute] = useQuery({ query: SearchUsersQuery, variables: { query }, pause: query === '' });
  // Results show how each person relates to the viewer, which others change (an accepted request).
  usePolling(() => query !== '' && reexecute({ requestPolicy: 'network-only' }), POLL_MS);
  const people = query === '' ? [] : (result.data?.searchUsers.edges.map((edge) => edge.node) ?? []);
  return (
    <div className="user-search">
      <input
        type="search"
        placeholder="Find people by username"
        aria-label="Find people by username"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <ul>
        {people.map((person) => (
          <PersonRow key={person.id} person={person}>
            <PersonActions person={person} />
          </PersonRow>
        ))}
      </ul>
      {query !== '' && !result.fetching && people.length === 0 && <p className="muted">Nobody by that name.</p>}
    </div>
  );
}
