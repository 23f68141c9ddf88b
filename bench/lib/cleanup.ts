/**
 * Last-in-first-out cleanup that runs once, on success, failure, a signal or the deadline, so
 * no server process or database outlives a run.
 */
type Cleanup = { label: string; run: () => Promise<void> | void };

const cleanups: Cleanup[] = [];
/** Synchronous last resort at process exit (kill -9 of children that are still there). */
const exitHooks = new Set<() => void>();
let running: Promise<void> | undefined;

export function onCleanup(label: string, run: () => Promise<void> | void): () => void {
  const entry = { label, run };
  cleanups.push(entry);
  return () => {
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

export function onExit(hook: () => void): () => void {
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}

export function runCleanups(): Promise<void> {
  running ??= (async () => {
    while (cleanups.length) {
      const entry = cleanups.pop()!;
      try {
        await withTimeout(Promise.resolve(entry.run()), 20_000, `cleanup "${entry.label}"`);
      } catch (err) {
        console.error(`!! cleanup "${entry.label}" failed:`, err instanceof Error ? err.message : err);
      }
    }
  })();
  return running;
}

process.on('exit', () => {
  for (const hook of exitHooks) {
    try {
      hook();
    } catch {
      // nothing more can be done at exit
    }
  }
});

/** Rejects with a clear message when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * Runs `open(index)` for every index below `count`, `concurrency` at a time, each within
 * `timeoutMs`, stopping at the first failure; returns the failures' messages (none: all opened).
 */
export async function openBounded(
  count: number,
  concurrency: number,
  timeoutMs: number,
  label: string,
  open: (index: number) => Promise<void>,
): Promise<string[]> {
  let next = 0;
  const failures: string[] = [];
  const worker = async () => {
    while (next < count && failures.length === 0) {
      const index = next++;
      try {
        await withTimeout(open(index), timeoutMs, `${label} socket ${index} handshake`);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return failures;
}
