/**
 * One process per data directory. The engine's journal and snapshots, and PGlite's files, have one writer
 * each: a second process on the same directory (a second `npm start`, or `npm run engine` beside it) would
 * interleave journal records and database pages and corrupt both. So each is opened under a lock file that
 * names its owner's pid (and, on Linux, the process's start time), created exclusively. A lock whose process
 * no longer runs (a crash, kill -9) is taken over, and so is one naming this process itself (a directory
 * copied while open) or a pid now used by another process (a restarted container hands out the same small
 * pids again: the start time tells them apart). Two starts racing for one stale lock within the same instant
 * can both take it over; nothing here guards that case.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

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

/** Takes `lockFile` for this process, or throws DirectoryInUseError naming the process that holds it. */
export function lockDirectory(lockFile: string, what: string): DirectoryLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = ownerOf(lockFile);
      if (owner && owner.pid !== process.pid && stillRunning(owner))
        throw new DirectoryInUseError(lockFile, owner.pid, what);
      rmSync(lockFile, { force: true }); // stale: its owner is gone
      continue;
    }
    try {
      const me = { pid: process.pid, started: startTimeOf(process.pid), since: new Date().toISOString() };
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        if (ownerOf(lockFile)?.pid === process.pid) rmSync(lockFile, { force: true });
      },
    };
  }
  throw new Error(`could not take the lock file ${lockFile}: it keeps reappearing`);
}

interface Owner {
  pid: number;
  started?: string;
}

/** Who a lock file names; undefined when it is gone or unreadable (a crash while it was written). */
function ownerOf(lockFile: string): Owner | undefined {
  try {
    const { pid, started } = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: unknown; started?: unknown };
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
