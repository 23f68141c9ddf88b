/**
 * Preloaded into every process the bench spawns (`node --expose-gc --import
 * ./bench/.build/lib/probe.js …`, compiled from this file), without touching the server's source. Over the IPC channel it answers
 * `{ type: 'memory' }` with memory figures taken after a full GC, and `{ type: 'profile-start' }` /
 * `{ type: 'profile-stop', file }` by running the V8 CPU profiler (node:inspector, in process) over
 * exactly one phase and writing the .cpuprofile, `{ type: 'alloc-start' }` / `{ type: 'alloc-stop', file }`
 * likewise with V8's sampling heap profiler, counting what was allocated including what the
 * collector has already freed (a .heapprofile; bench/top-functions.ts reads both), and
 * `{ type: 'heap-snapshot', file }` by writing a
 * V8 heap snapshot (see bench/heap-summary.ts). It stops the process when the load generator that
 * spawned it goes away, so a crashed bench leaves no orphan server behind.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';
export interface ProbeMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  gc: boolean;
}

if (process.send && process.channel) {
  // The channel must not keep an otherwise finished process alive.
  process.channel.unref();
  /** The two profilers: how each starts on its own inspector session, and what its stop returns. */
  const profilers = {
    profile: {
      name: 'the CPU profiler',
      start: async (session: Session) => {
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 1000 });
        await session.post('Profiler.start');
      },
      stop: async (session: Session) => (await session.post('Profiler.stop')).profile,
    },
    alloc: {
      name: 'the allocation profiler',
      start: async (session: Session) => {
        await session.post('HeapProfiler.enable');
        await session.post('HeapProfiler.startSampling', {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
      },
      stop: async (session: Session) => (await session.post('HeapProfiler.stopSampling')).profile,
    },
  };
  // One session per profiler, so a stop never reaches the other one.
  const sessions = new Map<keyof typeof profilers, Session>();
  const answer = async (message: { type?: string; id?: number; file?: string }) => {
    // `profile-start`, `alloc-stop`, …
    const [kind, step] = (message?.type ?? '').split('-') as [string, string | undefined];
    if (kind in profilers && (step === 'start' || (step === 'stop' && message.file))) {
      const key = kind as keyof typeof profilers;
      const profiler = profilers[key];
      let session = sessions.get(key);
      if (step === 'start') {
        if (session) throw new Error(`${profiler.name} is already running`);
        session = new Session();
        session.connect();
        sessions.set(key, session);
        await profiler.start(session);
        process.send?.({ id: message.id });
      } else {
        if (!session) throw new Error(`${profiler.name} is not running`);
        writeFileSync(message.file!, JSON.stringify(await profiler.stop(session)));
        session.disconnect();
        sessions.delete(key);
        process.send?.({ id: message.id, file: message.file });
      }
      return;
    }
    if (message?.type === 'heap-snapshot' && message.file) {
      writeHeapSnapshot(message.file);
      process.send?.({ id: message.id, file: message.file });
      return;
    }
    if (message?.type !== 'memory') return;
    // Two full collections, then a second for the pages they freed to be handed back to the OS
    // (V8 unmaps them off the main thread): read at once, RSS still counts them.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const usage = process.memoryUsage();
    const reply: ProbeMemory & { id?: number } = {
      id: message.id,
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      heapTotal: usage.heapTotal,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      gc: Boolean(gc),
    };
    process.send?.(reply);
  };
  process.on('message', async (message: { type?: string; id?: number; file?: string }) => {
    try {
      await answer(message);
    } catch (err) {
      // A failed probe request must not take the server down with an unhandled rejection.
      process.send?.({ id: message?.id, error: String(err) });
    }
  });
  process.on('disconnect', () => {
    // Orphaned: ask for a graceful stop first, then make sure.
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(1), 15_000).unref();
  });
}
