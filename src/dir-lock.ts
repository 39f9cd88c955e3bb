/**
 * One process per data directory. The engine's journal and snapshots, and PGlite's files, have one writer
 * each: a second process on the same directory (a second `npm start`, or `npm run engine` beside it) would
 * interleave journal records and database pages and corrupt both. So each is opened under a lock file that
 * names its owner's pid (and, on Linux, the process's start time), created exclusively. A lock whose process
 * no longer runs (a crash, kill -9) is taken over, and so is one naming this process itself (a directory
 * copied while open) or a pid now used by another process (a restarted container hands out the same small
 * pids again: the start time tells them apart).
 *
 * Starts that race (a supervisor restarting two copies after a crash) must not both win: a lock file appears
 * whole (written aside, then hard-linked into place, which fails when one exists), and a stale lock is removed
 * only by the holder of a takeover lock named after that very lock's content, and only if the file still
 * holds it. That takeover lock is taken the same way, so one left by a crash mid-takeover is taken over too.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { OWNER_FILE_MODE } from './owner-only';

export class DirectoryInUseError extends Error {
  constructor(
    readonly lockFile: string,
    readonly ownerPid: number,
    what: string,
  ) {
    super(
      `${what} is in use by process ${ownerPid} (lock file ${lockFile}): stop that process first, or delete the lock file if no Baton runs there`,
    );
    this.name = 'DirectoryInUseError';
  }
}

export interface DirectoryLock {
  /** Deletes the lock file if this process still owns it. */
  release(): void;
}

/** Looks at a contended lock at most this often before giving up (each look waits a few ms at most). */
const MAX_LOOKS = 200;
const LOOK_AGAIN_MS = 5;

/** Takes `lockFile` for this process, or throws DirectoryInUseError naming the process that holds it. */
export function lockDirectory(lockFile: string, what: string): DirectoryLock {
  const mine = `${JSON.stringify({ pid: process.pid, started: startTimeOf(process.pid), since: new Date().toISOString() })}\n`;
  for (let look = 0; look < MAX_LOOKS; look++) {
    if (createWhole(lockFile, mine)) {
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (textOf(lockFile) === mine) rmSync(lockFile, { force: true });
        },
      };
    }
    const text = textOf(lockFile);
    if (text === undefined) continue; // gone meanwhile: try again
    const owner = ownerIn(text);
    if (owner && owner.pid !== process.pid && stillRunning(owner))
      throw new DirectoryInUseError(lockFile, owner.pid, what);
    if (!removeIfStill(lockFile, text, what)) pause(LOOK_AGAIN_MS);
  }
  throw new Error(`could not take the lock file ${lockFile}: it kept changing hands`);
}

/**
 * Removes the stale lock `text` from `lockFile` unless another process is doing so or already did;
 * false when another process holds the takeover (the caller looks again shortly).
 */
function removeIfStill(lockFile: string, text: string, what: string): boolean {
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  let takeover: DirectoryLock;
  try {
    takeover = lockDirectory(`${lockFile}.takeover-${digest}`, what);
  } catch (err) {
    if (err instanceof DirectoryInUseError) return false;
    throw err;
  }
  try {
    if (textOf(lockFile) === text) rmSync(lockFile, { force: true });
  } finally {
    takeover.release();
  }
  return true;
}

/** Creates `file` holding `text`, never visible half-written; false when it exists. */
function createWhole(file: string, text: string): boolean {
  const aside = `${file}.${randomUUID()}.tmp`;
  try {
    writeFileSync(aside, text, { flag: 'wx', mode: OWNER_FILE_MODE });
    linkSync(aside, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOENT: the holder's start-up swept our file aside (the engine deletes stray .tmp files); it is in use
    if (code === 'EEXIST' || code === 'ENOENT') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createExclusively(file, text);
    throw err;
  } finally {
    rmSync(aside, { force: true });
  }
}

/** For filesystems without hard links: exclusive create, then write (a crash in between leaves it unreadable). */
function createExclusively(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', OWNER_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function textOf(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Blocks this thread for `ms` (start-up code, not an event loop in service). */
function pause(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

interface Owner {
  pid: number;
  started?: string;
}

/** Who a lock file's text names; undefined when it is unreadable (a crash while it was written). */
function ownerIn(text: string): Owner | undefined {
  try {
    const { pid, started } = JSON.parse(text) as { pid?: unknown; started?: unknown };
    if (!Number.isInteger(pid) || (pid as number) <= 0) return undefined;
    return { pid: pid as number, started: typeof started === 'string' ? started : undefined };
  } catch {
    return undefined;
  }
}

/** Whether the lock's process still runs: its pid is alive and, where both are known, started when it did. */
function stillRunning(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0); // signal 0: only asks whether the process exists
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false; // (EPERM: it runs, as another user)
  }
  const started = startTimeOf(owner.pid);
  return owner.started === undefined || started === undefined || started === owner.started;
}

/** A process's start time in clock ticks since boot (Linux /proc); undefined elsewhere. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]; // field 22, counting from the state (field 3)
  } catch {
    return undefined;
  }
}
