import { useEffect, useRef } from 'react';
import { useClient, type AnyVariables, type TypedDocumentNode } from 'urql';

/**
 * Runs a subscription while mounted (and `enabled`), handing each event to `onData`. Events are
 * handled as they come, not folded into render state as useSubscription does, so none is dropped
 * between two renders.
 */
export function useLive<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  onData: (data: Data) => void,
  enabled = true,
): void {
  const client = useClient();
  const latest = useRef(onData);
  latest.current = onData;
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (!enabled) return;
    const source = client.subscription(query, JSON.parse(key) as Variables);
    return source.subscribe((result) => result.data && latest.current(result.data)).unsubscribe;
  }, [client, query, key, enabled]);
}
