import { useConnectionStatus } from '../../lib/use-connection';

const LABELS = { connecting: 'Connecting…', online: 'Online', reconnecting: 'Reconnecting…' };

/** The live connection's state: messages wait (and are then replayed) while it reconnects. */
export function ConnectionBadge() {
  const status = useConnectionStatus();
  return (
    <span className={`connection ${status}`} data-status={status} role="status">
      {LABELS[status]}
    </span>
  );
}
