/**
 * One process per data directory. The engine's journal and snapshots, and PGlite's files, have one writer
 * each: a second process on the same directory (a second `npm start`, or `npm run engine` beside it) would
 * interleave journal records and database pages and corrupt both. So each is opened under a lock file that
 * names its owner's pid, created exclusively. A lock whose pid no longer runs (a crash, kill -9) is taken
 * over, and so is one naming this process itself (a directory copied while open, or a container restarted
 * as pid 1 again). Two starts racing for one stale lock within the same instant can both take it over;
 * nothing here guards that case.
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
      if (owner !== undefined && owner !== process.pid && isRunning(owner))
        throw new DirectoryInUseError(lockFile, owner, what);
      rmSync(lockFile, { force: true }); // stale: its owner is gone
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        if (ownerOf(lockFile) === process.pid) rmSync(lockFile, { force: true });
      },
    };
  }
  throw new Error(`could not take the lock file ${lockFile}: it keeps reappearing`);
}

/** The pid a lock file names; undefined when it is gone or unreadable (a crash while it was written). */
function ownerOf(lockFile: string): number | undefined {
  try {
    const { pid } = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: unknown };
    return Number.isInteger(pid) && (pid as number) > 0 ? (pid as number) : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // it exists, owned by another user
  }
}
