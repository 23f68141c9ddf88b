import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { messageOf } from '../../lib/errors';
import type { ChatMessage } from './message-state';
import { EditMessageMutation } from './operations';

interface Props {
  message: ChatMessage;
  onDone(): void;
  onUpdated(message: ChatMessage): void;
}

export function MessageEditor({ message, onDone, onUpdated }: Props) {
  const [body, setBody] = useState(message.body);
  const [edit, editMessage] = useMutation(EditMessageMutation);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === message.body) return onDone();
    const result = await editMessage({ input: { messageId: message.id, body } });
    if (!result.data) return;
    onUpdated(result.data.editMessage);
    onDone();
  };

  return (
    <form className="editor" onSubmit={save} onKeyDown={(event) => event.key === 'Escape' && onDone()}>
      <input value={body} onChange={(event) => setBody(event.target.value)} aria-label="Edit message" autoFocus />
      <button type="submit" disabled={edit.fetching || body.trim() === ''}>
        Save
      </button>
      <button type="button" className="secondary" onClick={onDone}>
        Cancel
      </button>
      {edit.error && <p className="error">{messageOf(edit.error)}</p>}
    </form>
  );
}
