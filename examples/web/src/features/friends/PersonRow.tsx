import type { ReactNode } from 'react';
import type { PersonFragment } from '../../gql/graphql';

export function PersonRow({ person, children }: { person: PersonFragment; children: ReactNode }) {
  return (
    <li className="person" data-username={person.username}>
      <span className="person-name">
        {person.displayName} <span className="muted">@{person.username}</span>
      </span>
      <span className="person-actions">{children}</span>
    </li>
  );
}
