/**
 * Whether the engine takes commands. Not once its journal has failed (a full disk mid-write: the state in
 * memory holds commands whose clients were told they failed, so nothing more runs on it and a restart reads
 * what was kept), and not while the free disk space is below the minimum (disk-space-monitor.ts: Zeebe's
 * RESOURCE_EXHAUSTED, lifted by itself once there is room). Either way the timers are paused.
 */
import { EngineError } from './errors';
import { DiskSpaceMonitor, type DiskSpaceOptions, OUT_OF_DISK_SPACE } from './journal/disk-space-monitor';
import type { JournalFailedError } from './journal/journal-file';
import type { Runtime } from './runtime/runtime';

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

export class EngineAdmission {
  private halted: JournalFailedError | undefined;
  private outOfDisk: { dir: string; freeBytes: number; minFreeBytes: number } | undefined;
  private monitor: DiskSpaceMonitor | undefined;

  /** `resume` runs when the disk has room again: timers are on again, and whatever fell due meanwhile fires. */
  constructor(
    private readonly rt: Runtime,
    private readonly resume: () => void,
  ) {}

  /** Starts watching the free space under `dir` (nothing when the minimum is 0). */
  watchDisk(dir: string, options: DiskSpaceOptions) {
    if (options.minFreeBytes <= 0) return;
    this.monitor = new DiskSpaceMonitor(dir, options, (available, freeBytes) => {
      const details = { dir, freeBytes, minFreeBytes: options.minFreeBytes };
      if (!available) {
        this.outOfDisk = details;
        this.rt.due.suspended = true;
        this.rt.logger.warn(
          details,
          'free disk space is below ENGINE_DISK_FREE_MIN: every command is refused (RESOURCE_EXHAUSTED) and timers wait until there is room',
        );
        return;
      }
      this.outOfDisk = undefined;
      this.rt.logger.info(details, 'free disk space is back above ENGINE_DISK_FREE_MIN: commands are accepted again');
      try {
        if (!this.halted) this.resume();
      } catch (err) {
        // (a timer's tick refused by a journal that failed meanwhile: that halts the engine, see halt)
        this.rt.logger.error({ err }, 'timers could not resume');
      }
    });
  }

  /** Throws the reason no command may run now, if there is one. */
  admit() {
    if (this.halted) throw this.halted;
    if (this.outOfDisk) throw new EngineError('RESOURCE_EXHAUSTED', OUT_OF_DISK_SPACE);
  }

  /** The journal failed: no command runs any more, timers included, until a restart. */
  halt(err: JournalFailedError) {
    if (this.halted) return;
    this.halted = err;
    this.rt.due.suspended = true;
    this.rt.logger.error({ err: err.reason }, err.message);
  }

  /** Why commands are refused now, or undefined while they are taken. */
  refusedBecause(): string | undefined {
    return this.halted?.message ?? (this.outOfDisk ? OUT_OF_DISK_SPACE : undefined);
  }

  /** refusedBecause, with what a person can do about it. */
  explainRefusal(): string | undefined {
    if (!this.outOfDisk || this.halted) return this.refusedBecause();
    const { dir, freeBytes, minFreeBytes } = this.outOfDisk;
    return `${OUT_OF_DISK_SPACE}: ${mib(freeBytes)} free under ${dir}, below ENGINE_DISK_FREE_MIN (${mib(minFreeBytes)}); make room there or lower ENGINE_DISK_FREE_MIN`;
  }

  close() {
    this.monitor?.close();
  }
}
