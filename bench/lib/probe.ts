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
  // One session per profiler, so a stop never reaches the other one.
  let cpuSession: Session | undefined;
  let allocationSession: Session | undefined;
  const open = () => {
    const session = new Session();
    session.connect();
    return session;
  };
  const answer = async (message: { type?: string; id?: number; file?: string }) => {
    if (message?.type === 'profile-start') {
      if (cpuSession) throw new Error('the CPU profiler is already running');
      cpuSession = open();
      await cpuSession.post('Profiler.enable');
      await cpuSession.post('Profiler.setSamplingInterval', { interval: 1000 });
      await cpuSession.post('Profiler.start');
      process.send?.({ id: message.id });
      return;
    }
    if (message?.type === 'profile-stop' && message.file) {
      if (!cpuSession) throw new Error('the CPU profiler is not running');
      const { profile } = await cpuSession.post('Profiler.stop');
      writeFileSync(message.file, JSON.stringify(profile));
      cpuSession.disconnect();
      cpuSession = undefined;
      process.send?.({ id: message.id, file: message.file });
      return;
    }
    if (message?.type === 'alloc-start') {
      if (allocationSession) throw new Error('the allocation profiler is already running');
      allocationSession = open();
      await allocationSession.post('HeapProfiler.enable');
      await allocationSession.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      process.send?.({ id: message.id });
      return;
    }
    if (message?.type === 'alloc-stop' && message.file) {
      if (!allocationSession) throw new Error('the allocation profiler is not running');
      const { profile } = await allocationSession.post('HeapProfiler.stopSampling');
      writeFileSync(message.file, JSON.stringify(profile));
      allocationSession.disconnect();
      allocationSession = undefined;
      process.send?.({ id: message.id, file: message.file });
      return;
    }
    if (message?.type === 'heap-snapshot' && message.file) {
      writeHeapSnapshot(message.file);
      process.send?.({ id: message.id, file: message.file });
      return;
    }
    if (message?.type !== 'memory') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
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
