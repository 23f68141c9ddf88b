export type Timer = ReturnType<typeof setTimeout>;

/** setTimeout that does not keep a Node process alive (a client's timers are no reason to). */
export function later(ms: number, run: () => void): Timer {
  const timer = setTimeout(run, ms);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => later(ms, resolve));
