import type { Client } from 'graphql-ws';
import { later, type Timer } from './timers.js';

/**
 * Drops a socket that went silent, so graphql-ws reconnects and resumes: one not acknowledged in
 * time (a handshake into a dead network hangs), or one whose ping got no pong (a network that
 * drops packets without a reset keeps a dead socket "open" for minutes). Returns a stop function.
 */
export function watchSocket(ws: Client, timing: { connectTimeoutMs: number; pongTimeoutMs: number }): () => void {
  let connectTimer: Timer | undefined;
  let pongTimer: Timer | undefined;
  const clear = () => {
    clearTimeout(connectTimer);
    clearTimeout(pongTimer);
  };
  const listeners = [
    ws.on('connecting', () => {
      clear();
      connectTimer = later(timing.connectTimeoutMs, () => ws.terminate());
    }),
    ws.on('connected', () => clearTimeout(connectTimer)),
    ws.on('ping', (received) => {
      if (received) return;
      clearTimeout(pongTimer);
      pongTimer = later(timing.pongTimeoutMs, () => ws.terminate());
    }),
    ws.on('pong', (received) => {
      if (received) clearTimeout(pongTimer);
    }),
    ws.on('closed', clear),
  ];
  return () => {
    for (const stop of listeners) stop();
    clear();
  };
}
