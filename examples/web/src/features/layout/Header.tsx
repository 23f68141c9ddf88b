import { useChat } from '../../lib/chat-context';
import { navigate } from '../../lib/router';
import { ConnectionBadge } from './ConnectionBadge';

export function Header() {
  const { viewer, session } = useChat();
  const logOut = () => {
    navigate('/');
    void session.logOut();
  };
  return (
    <header className="header">
      <button type="button" className="brand link" onClick={() => navigate('/')}>
        Chat
      </button>
      <ConnectionBadge />
      <span className="viewer" data-username={viewer.username}>
        {viewer.displayName}
      </span>
      <button type="button" onClick={logOut}>
        Log out
      </button>
    </header>
  );
}
