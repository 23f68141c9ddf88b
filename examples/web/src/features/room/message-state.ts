// With .js: test/web.test.ts checks this module too, under the root tsconfig's NodeNext resolution.
import type { ChatMessageFragment, MessagePageFragment } from '../../gql/graphql.js';

export type ChatMessage = ChatMessageFragment;

/** A message sent from here that the room's stream has not delivered yet. */
export interface Pending {
  clientId: string;
  body: string;
  failed: boolean;
}

/**
 * One room's timeline. Messages enter it in the server's order only: older pages at the top,
 * messageAdded at the bottom. A sent message waits in `pending` until the stream delivers it,
 * so a reply that the server ordered first is never shown after it.
 */
export interface Timeline {
  messages: ChatMessage[];
  pending: Pending[];
  /** Where to page back from; null once the first message is loaded. */
  olderCursor: string | null;
}

export type TimelineAction =
  | { type: 'older'; page: MessagePageFragment }
  | { type: 'added'; message: ChatMessage }
  | { type: 'updated'; message: ChatMessage }
  | { type: 'refreshed'; messages: ChatMessage[] }
  | { type: 'sending'; pending: Pending }
  | { type: 'sendFailed'; clientId: string };

export const emptyTimeline: Timeline = { messages: [], pending: [], olderCursor: null };

const topLevel = (message: ChatMessage) => !message.threadRoot;

export function timelineReducer(state: Timeline, action: TimelineAction): Timeline {
  switch (action.type) {
    case 'older': {
      const known = new Set(state.messages.map((message) => message.id));
      const older = action.page.edges.map((edge) => edge.node).filter((m) => !known.has(m.id));
      const { hasPreviousPage, startCursor } = action.page.pageInfo;
      return { ...state, messages: [...older, ...state.messages], olderCursor: hasPreviousPage ? startCursor! : null };
    }
    case 'added': {
      const { message } = action;
      const pending = state.pending.filter((each) => each.clientId !== message.clientId);
      // Thread replies are not shown here; the same message twice (a replay) is shown once.
      if (!topLevel(message) || state.messages.some((each) => each.id === message.id)) return { ...state, pending };
      return { ...state, messages: [...state.messages, message], pending };
    }
    case 'updated':
      return { ...state, messages: state.messages.map((m) => (m.id === action.message.id ? action.message : m)) };
    case 'refreshed': {
      // Fresher copies of messages on screen; new ones are left to the stream, which keeps order.
      const fresh = new Map(action.messages.map((message) => [message.id, message]));
      return { ...state, messages: state.messages.map((m) => fresh.get(m.id) ?? m) };
    }
    case 'sending':
      return {
        ...state,
        pending: [...state.pending.filter((each) => each.clientId !== action.pending.clientId), action.pending],
      };
    case 'sendFailed':
      return {
        ...state,
        pending: state.pending.map((each) => (each.clientId === action.clientId ? { ...each, failed: true } : each)),
      };
  }
}
