/** An idempotency key for sendMessage: a retry with it never posts the message twice. */
export function newClientId(): string {
  // randomUUID needs a secure context (https or localhost); a LAN address over http is not one.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
