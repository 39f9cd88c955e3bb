/**
 * Free disk space under the journal, watched as Zeebe watches its data directory
 * (`zeebe.broker.data.disk.freeSpace.processing`, checked every `monitoringInterval`): below the minimum
 * the engine refuses every client command with RESOURCE_EXHAUSTED and pauses its timers; once there is room
 * again it carries on by itself. So a disk that fills up slowly stops the engine before a journal write
 * fails (which halts it until a restart, see journal-file.ts).
 */
import { statfsSync } from 'node:fs';

/** ENGINE_DISK_FREE_MIN's default: room for a snapshot of a large state and the records around it. */
export const DEFAULT_DISK_FREE_MIN = 64 * 1024 * 1024;
/** Zeebe's default monitoringInterval. */
export const DISK_CHECK_INTERVAL_MS = 1000;
/** Zeebe's own words for the rejection (CommandApiRequestHandler). */
export const OUT_OF_DISK_SPACE = 'Cannot accept requests for partition 1. Broker is out of disk space';

export interface DiskSpaceOptions {
  /** bytes that must stay free; 0 turns the watch off */
  minFreeBytes: number;
  intervalMs?: number;
  /** the free bytes on the directory's filesystem (tests pass their own) */
  freeBytes?: (dir: string) => number;
}

/** Bytes an unprivileged process may still write on the filesystem holding `dir`. */
export function freeBytesUnder(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}

export class DiskSpaceMonitor {
  private available = true;
  private readonly timer: NodeJS.Timeout;
  private readonly freeBytes: (dir: string) => number;

  /** Checks at once and then every interval; `onChange` hears each crossing of the minimum. */
  constructor(
    private readonly dir: string,
    private readonly options: DiskSpaceOptions,
    private readonly onChange: (available: boolean, freeBytes: number) => void,
  ) {
    this.freeBytes = options.freeBytes ?? freeBytesUnder;
    this.check();
    this.timer = setInterval(() => this.check(), options.intervalMs ?? DISK_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  check() {
    let free: number;
    try {
      free = this.freeBytes(this.dir);
    } catch {
      return; // (a filesystem that cannot say: keep the last answer)
    }
    const available = free >= this.options.minFreeBytes;
    if (available === this.available) return;
    this.available = available;
    this.onChange(available, free);
  }

  close() {
    clearInterval(this.timer);
  }
}
