import type { GraphQLField } from 'graphql';

/**
 * A field extension, set where a field is defined when its value depends on who asks (friendship,
 * unreadCount, reactedByMe…). Live events are executed once for every subscriber of a document
 * that selects no such field (realtime/shared-execution.ts); one unmarked would hand one viewer's
 * value to everyone.
 */
export const viewerSpecific = { viewerSpecific: true } as const;

export const isViewerSpecific = (field: GraphQLField<unknown, unknown> | null | undefined): boolean =>
  (field?.extensions as { viewerSpecific?: boolean } | undefined)?.viewerSpecific === true;
