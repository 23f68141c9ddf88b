import { useTypists } from './use-typing';

export function TypingIndicator({ roomId }: { roomId: string }) {
  const names = useTypists(roomId);
  const text = names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
  return (
    <p className="typing" aria-live="polite">
      {text}
    </p>
  );
}
