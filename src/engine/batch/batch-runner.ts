/**
 * Runs active batch operations in the background: one slice of ITEMS_PER_SLICE items at a time, each slice a
 * command of its own (journaled, admitted like any other), each on its own turn of the event loop, so API
 * requests and other commands are served between slices and a batch over 10,000 instances never blocks them.
 * Nothing runs while the engine replays its journal (the journal's slices rebuild the batches) or after close.
 */

/**
 * Items one slice applies. A count, not a time, so that the journal says exactly what a slice did; small
 * enough that a slice of cancellations takes well under a millisecond on an idle machine.
 */
export const ITEMS_PER_SLICE = 8;
/** Wait after a slice was refused (journal failed, disk full) before trying again. */
const RETRY_AFTER_REFUSAL_MS = 1_000;

export interface BatchRunnerHost {
  /** the active batch to go on with, if any */
  nextActive(): string | undefined;
  /** runs one slice of a batch as a command; throws when the engine refuses commands now */
  execute(batchOperationKey: string, count: number): void;
  onRefused(err: unknown): void;
}

export class BatchRunner {
  private timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly host: BatchRunnerHost) {}

  /** Starts (after a replay) or wakes (after a create or resume) the runner. */
  start() {
    this.stopped = false;
    this.schedule();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
  }

  /** A batch may have become active: makes sure a slice is scheduled. */
  wake() {
    if (!this.stopped) this.schedule();
  }

  private schedule(delayMs = 0) {
    if (this.timer || this.stopped || this.host.nextActive() === undefined) return;
    this.timer = delayMs > 0 ? setTimeout(() => this.runSlice(), delayMs).unref() : setImmediate(() => this.runSlice());
  }

  private runSlice() {
    this.timer = undefined;
    if (this.stopped) return;
    const key = this.host.nextActive();
    if (key === undefined) return;
    try {
      this.host.execute(key, ITEMS_PER_SLICE);
    } catch (err) {
      this.host.onRefused(err);
      this.schedule(RETRY_AFTER_REFUSAL_MS);
      return;
    }
    this.schedule();
  }
}
