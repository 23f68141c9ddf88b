import {
  linkSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * The embedded database's directory is in use by another live process (or one on another host,
 * whose liveness cannot be checked from here).
 */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

export interface DataDirLock {
  /** The lock file: `<dataDir>.lock`, beside the directory (a copy of the directory does not carry it). */
  readonly file: string;
  /** Removes the lock file if it is still this process's; never throws (a lock left behind is taken over later). */
  release(): void;
}

/** Who holds a data directory, as written into its lock file. */
interface LockHolder {
  pid: number;
  host: string;
  /** The holder process's performance.timeOrigin: tells a restarted container's new process (same pid) from it. */
  processStart: number;
  since: string;
  /** The kernel's boot id: a lock from before a reboot is abandoned whatever its pid now names. */
  bootId?: string;
  /** The holder's pid namespace: from another (a container on the same host name) its pid says nothing here. */
  pidNamespace?: string;
}

/** The holder touches its lock file this often; one untouched for LOCK_STALE_MS is abandoned. */
const HEARTBEAT_MS = 10_000;
/**
 * A lock file untouched this long belongs to a holder that is gone, wherever it ran: a container
 * killed with -9 and replaced by one with another host name cannot check the old pid, but the
 * heartbeat has stopped. (A holder frozen this long, stopped with SIGSTOP say, loses its lock.)
 */
const LOCK_STALE_MS = 60_000;

/** How long a start keeps trying while other starters are claiming or clearing the same lock. */
const CLAIM_DEADLINE_MS = 2_000;
/** A `.breaking` file older than this was left by a starter that died while clearing an abandoned lock. */
const BREAKER_ABANDONED_MS = 10_000;

/**
 * Claims `dataDir` for this process before PGlite opens it: PGlite has no lock of its own, and two
 * processes on one directory hand out the same ids and overwrite each other's writes (issue 14).
 * A lock whose holder is no longer running on this host (killed with -9, say) is taken over;
 * otherwise throws DataDirLockedError naming the holder and the directory.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const directory = path.resolve(dataDir);
  const file = `${directory}.lock`;
  mkdirSync(path.dirname(file), { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    processStart: performance.timeOrigin,
    since: new Date().toISOString(),
    bootId: readQuietly('/proc/sys/kernel/random/boot_id'),
    pidNamespace: readLinkQuietly('/proc/self/ns/pid'),
  };
  const deadline = Date.now() + CLAIM_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (tryClaim(file, me)) return held(file, me);
    const holder = readHolder(file);
    if (holder === 'gone') continue; // released meanwhile: claim again
    if (holder === 'unreadable' || !isAbandoned(file, holder, me)) throw lockedError(directory, file, holder);
    removeAbandoned(file, holder);
  }
  throw new DataDirLockedError(`could not lock ${directory}: other processes keep claiming ${file}`);
}

/** The claimed lock, kept fresh by its heartbeat until released. */
function held(file: string, me: LockHolder): DataDirLock {
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(file, now, now);
    } catch {
      // gone (deleted by hand): nothing to keep fresh
    }
  }, HEARTBEAT_MS).unref();
  return {
    file,
    release: () => {
      clearInterval(heartbeat);
      releaseIfHeld(file, me);
    },
  };
}

/** Creates the lock file with its content in one step (a hard link fails if the name exists). */
function tryClaim(file: string, me: LockHolder): boolean {
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, JSON.stringify(me));
  try {
    linkSync(draft, file);
    return true;
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkQuietly(draft);
  }
}

function readHolder(file: string): LockHolder | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const holder = JSON.parse(text) as Partial<LockHolder>;
    if (typeof holder.pid === 'number' && typeof holder.host === 'string') return holder as LockHolder;
  } catch {
    // not ours, or damaged: reported as unreadable
  }
  return 'unreadable';
}

/**
 * True only when the holder certainly is not running: its heartbeat stopped, or it ran on this
 * host before a reboot, or its process is gone.
 */
function isAbandoned(file: string, holder: LockHolder, me: LockHolder): boolean {
  if (ageMs(file) > LOCK_STALE_MS) return true;
  // Another host's processes cannot be seen from here (a directory on a shared disk): its heartbeat tells.
  if (holder.host !== me.host) return false;
  if (holder.bootId && me.bootId && holder.bootId !== me.bootId) return true;
  // Another pid namespace (a container sharing the host name): its pid means nothing here either.
  if (holder.pidNamespace && me.pidNamespace && holder.pidNamespace !== me.pidNamespace) return false;
  // Our own pid: a previous process that had it (a restarted container), unless it is this very process.
  if (holder.pid === process.pid) return holder.processStart !== performance.timeOrigin;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return errorCode(err) === 'ESRCH'; // EPERM: it exists, under another user
  }
}

/**
 * Deletes the abandoned lock file, under a short-lived `.breaking` file so that of two starters
 * clearing it at once, the second cannot delete the lock the first has just claimed.
 */
function removeAbandoned(file: string, abandoned: LockHolder): void {
  const breaker = `${file}.breaking`;
  try {
    writeFileSync(breaker, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if (errorCode(err) !== 'EEXIST') throw err;
    if (ageMs(breaker) > BREAKER_ABANDONED_MS) unlinkQuietly(breaker);
    else sleepMs(10);
    return;
  }
  try {
    const holder = readHolder(file);
    if (typeof holder === 'object' && sameHolder(holder, abandoned)) unlinkQuietly(file);
  } finally {
    unlinkQuietly(breaker);
  }
}

function releaseIfHeld(file: string, me: LockHolder): void {
  try {
    const holder = readHolder(file);
    if (typeof holder === 'object' && sameHolder(holder, me)) unlinkQuietly(file);
  } catch {
    // left behind: the next start finds its holder gone and takes it over
  }
}

function lockedError(directory: string, file: string, holder: LockHolder | 'unreadable'): DataDirLockedError {
  const who =
    holder === 'unreadable'
      ? `an unreadable lock file`
      : `pid ${holder.pid} on host ${holder.host} (since ${holder.since})`;
  return new DataDirLockedError(
    `data directory ${directory} is in use by ${who}; stop that server first, ` +
      `or delete ${file} if it is no longer running`,
  );
}

const sameHolder = (a: LockHolder, b: LockHolder) =>
  a.pid === b.pid && a.host === b.host && a.processStart === b.processStart;

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0; // gone meanwhile: the next round sees
  }
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined; // not Linux: the checks that need it are skipped
  }
}

function readLinkQuietly(file: string): string | undefined {
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
}

/** Blocks the thread briefly: only while another starter holds the breaker, for a few milliseconds. */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code;
