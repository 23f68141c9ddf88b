import type { Client } from 'graphql-ws';

const HEAD_QUERY = 'query ChatRoomHead($roomId: ID!) { room(id: $roomId) { headCursor } }';

/**
 * Reads a room's headCursor over the socket: the `after` for a subscription that was given none,
 * so that it can resume from its very start. Null when the room cannot be read (the subscription
 * then reports why); `failed` when the socket failed for good (signed out). Returns a function that
 * abandons the read.
 */
export function readRoomHead(
  ws: Client,
  roomId: string,
  done: (head: string | null) => void,
  failed: (error: unknown) => void,
): () => void {
  let head: string | null = null;
  let settled = false;
  const settle = (error?: { error: unknown }) => {
    if (settled) return;
    settled = true;
    if (error) failed(error.error);
    else done(head);
  };
  const stop = ws.subscribe<{ room: { headCursor: string } | null }>(
    { query: HEAD_QUERY, variables: { roomId } },
    {
      next: (result) => (head = result.data?.room?.headCursor ?? null),
      error: (error) => settle({ error }),
      complete: () => settle(),
    },
  );
  return () => {
    settled = true;
    stop();
  };
}
