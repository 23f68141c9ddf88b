import { useState } from 'react';
import { useMutation } from 'urql';
import { useChat } from '../../lib/chat-context';
import { messageOf } from '../../lib/errors';
import type { ChatMessage } from './message-state';
import { MessageEditor } from './MessageEditor';
import { DeleteMessageMutation } from './operations';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function MessageItem({ message, onUpdated }: { message: ChatMessage; onUpdated(m: ChatMessage): void }) {
  const { viewer } = useChat();
  const [editing, setEditing] = useState(false);
  const [deletion, deleteMessage] = useMutation(DeleteMessageMutation);
  const mine = message.sender.id === viewer.id;
  const deleted = message.deletedAt !== null && message.deletedAt !== undefined;

  const remove = async () => {
    const result = await deleteMessage({ messageId: message.id });
    if (result.data) onUpdated(result.data.deleteMessage);
  };

  return (
    <li className={`message${mine ? ' mine' : ''}${deleted ? ' deleted' : ''}`} data-message-id={message.id}>
      <div className="meta">
        <span className="sender">{message.sender.displayName}</span>
        <time dateTime={message.createdAt}>{timeFormat.format(new Date(message.createdAt))}</time>
        {message.editedAt && !deleted && <span className="edited">edited</span>}
        {mine && !deleted && !editing && (
          <span className="actions">
            <button type="button" className="link" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="link" onClick={remove} disabled={deletion.fetching}>
              Delete
            </button>
          </span>
        )}
      </div>
      {editing ? (
        <MessageEditor message={message} onDone={() => setEditing(false)} onUpdated={onUpdated} />
      ) : (
        <p className="body">{deleted ? 'Message deleted' : message.body}</p>
      )}
      {deletion.error && <p className="error">{messageOf(deletion.error)}</p>}
    </li>
  );
}
