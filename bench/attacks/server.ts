/**
 * The server under test as seen from outside, by pid: CPU time and RSS from /proc, and the Redis
 * channels its connections hold (CLIENT LIST), so a figure never depends on the server's code.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Redis } from 'ioredis';
import { CLK_TCK } from '../lib/env.js';

export interface ProcSample {
  at: number;
  cpuMs: number;
  rssMb: number;
}

/** The server's CPU time so far (utime + stime) and resident memory, from /proc. */
export function sample(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return { at: performance.now(), cpuMs: (ticks * 1000) / CLK_TCK, rssMb: rssKb / 1024 };
}

/** Samples the server every `everyMs` until stopped, keeping the highest RSS seen. */
export function watchPeak(pid: number, everyMs = 200) {
  let peakMb = sample(pid).rssMb;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, sample(pid).rssMb)), everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peakMb, sample(pid).rssMb);
  };
}

/** Local ports of `pid`'s TCP connections to `remotePort` (its fds matched with /proc/net/tcp). */
function connectionPorts(pid: number, remotePort: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const link = /^socket:\[(\d+)\]$/.exec(safeReadlink(`/proc/${pid}/fd/${fd}`));
    if (link) inodes.add(link[1]!);
  }
  const ports = new Set<number>();
  for (const file of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${file}`, 'utf8').split('\n').slice(1)) {
      const [, local, remote, , , , , , , inode] = line.trim().split(/\s+/);
      if (!local || !remote || !inodes.has(inode!)) continue;
      if (parseInt(remote.split(':')[1]!, 16) === remotePort) ports.add(parseInt(local.split(':')[1]!, 16));
    }
  }
  return ports;
}

function safeReadlink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/**
 * Channels the server holds in Redis: `sub` + `psub` of its own connections (CLIENT LIST,
 * whatever its prefix), and PUBSUB CHANNELS `<prefix>*` when the prefix is known.
 */
export async function redisChannels(pid: number, redisUrl: string, prefix?: string) {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  try {
    const url = new URL(redisUrl);
    const ports = connectionPorts(pid, Number(url.port || 6379));
    let held = 0;
    for (const line of String(await redis.client('LIST')).split('\n')) {
      const port = Number(/addr=[^ ]*:(\d+) /.exec(line)?.[1]);
      if (ports.has(port))
        held += Number(/ sub=(\d+)/.exec(line)?.[1] ?? 0) + Number(/ psub=(\d+)/.exec(line)?.[1] ?? 0);
    }
    const named = prefix === undefined ? null : ((await redis.pubsub('CHANNELS', `${prefix}*`)) as string[]).length;
    return { held, named };
  } finally {
    redis.disconnect();
  }
}
