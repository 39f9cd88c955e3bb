/**
 * Where the engine writes what it does: the journal of a durable engine (journal/persistence.ts), nowhere
 * for one in memory or while a journal is being replayed. Records made while a command's slice runs (a job
 * streamed, a FEEL budget exceeded) belong to that command: the recorder keeps its journal position so such
 * a record can point back to it.
 */

import type { JournalRecord } from './commands/journal-record';
import { JournalFailedError } from './journal/journal-file';
import type { EnginePersistence } from './journal/persistence';

export class EngineRecorder {
  persistence: EnginePersistence | undefined;
  /** true while the journal is replayed: its records are already written */
  replaying = false;
  private commandPosition = 0;
  /** told how long each append took, in seconds (the journal append latency metric) */
  onAppended: (seconds: number) => void = () => {};

  constructor(
    /** whether a command or slice runs now */
    private readonly busy: () => boolean,
    /** the journal failed: refuse commands from now on */
    private readonly halt: (err: JournalFailedError) => void,
  ) {}

  /** Appends a record; throws (and halts) when the journal failed, so the command does not run. */
  record(record: JournalRecord) {
    if (!this.persistence || this.replaying) return;
    if (!this.busy()) this.commandPosition = this.persistence.position;
    try {
      const start = performance.now();
      this.persistence.append(record);
      this.onAppended((performance.now() - start) / 1000);
    } catch (err) {
      if (err instanceof JournalFailedError) this.halt(err);
      throw err; // the command does not run: it is in no journal
    }
  }

  /** How many records back the record of the command running now is. */
  backToCommand(): number {
    return (this.persistence?.position ?? 0) - this.commandPosition;
  }

  /**
   * Records a deployment, whose storing is awaited: commands recorded meanwhile must not become the position
   * its own later records point back to.
   */
  async recordAround<T>(run: (record: (r: JournalRecord) => void) => Promise<T>): Promise<T> {
    let position = this.commandPosition;
    const result = await run((r) => {
      this.record(r);
      position = this.commandPosition;
    });
    this.commandPosition = position; // (another command may have been recorded since)
    return result;
  }

  /** Resolves once every record so far is on disk (at once for an in-memory engine). */
  durable(): Promise<void> {
    return this.persistence ? this.persistence.durable() : Promise.resolve();
  }
}
