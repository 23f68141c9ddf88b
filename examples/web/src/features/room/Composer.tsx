import { useState, type FormEvent } from 'react';
import { useTypingSignal } from './use-typing';

export function Composer({ roomId, onSend }: { roomId: string; onSend(body: string): void }) {
  const [body, setBody] = useState('');
  const signalTyping = useTypingSignal(roomId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    onSend(text);
    setBody('');
  };

  return (
    <form className="composer" onSubmit={submit}>
      <input
        value={body}
        onChange={(event) => {
          setBody(event.target.value);
          signalTyping();
        }}
        placeholder="Write a message"
        aria-label="Write a message"
        maxLength={4000}
        autoFocus
      />
      <button type="submit" disabled={body.trim() === ''}>
        Send
      </button>
    </form>
  );
}
