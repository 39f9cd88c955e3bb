/**
 * A durable engine's persistence: the journal directory (journal-directory.ts) plus when to snapshot.
 * A snapshot is taken every `snapshotEvery` records (ENGINE_SNAPSHOT_EVERY, default 10,000; 0 turns
 * snapshots off) and on a clean close. It runs on the engine's event loop in a setImmediate after the
 * record that crossed the threshold, i.e. between two commands, so the state is exactly the effect of
 * the records before it. A snapshot that cannot be taken is logged and retried later: the journal keeps
 * everything until then, so nothing is lost either way.
 */
import type { Runtime } from '../runtime/runtime';
import { restoreSnapshot } from './engine-restore';
import { captureSnapshot } from './engine-snapshot';
import { JournalDirectory } from './journal-directory';
import type { JournalRecord } from './journal-record';
import type { SnapshotState } from './snapshot-state';

export class EnginePersistence {
  private scheduled = false;
  /** the position at which the next periodic snapshot is due */
  private nextSnapshotAt: number;
  private closed = false;

  private constructor(
    private readonly journal: JournalDirectory<JournalRecord>,
    private readonly rt: Runtime,
    private readonly snapshotEvery: number,
    /** false while a command runs: snapshots wait for the engine to be between commands */
    private readonly idle: () => boolean,
  ) {
    this.nextSnapshotAt = journal.snapshotPosition + snapshotEvery;
  }

  /**
   * Opens the directory and rebuilds the state into `rt` (an empty engine): the newest usable snapshot,
   * then `replay` of the records after it.
   */
  static async open(
    dir: string,
    rt: Runtime,
    options: { snapshotEvery: number; idle: () => boolean; replay: (records: JournalRecord[]) => Promise<void> },
  ): Promise<EnginePersistence> {
    const log = rt.logger;
    const opened = JournalDirectory.open<JournalRecord>(dir);
    if (opened.truncatedBytes > 0) {
      log.warn(
        { dir, truncatedBytes: opened.truncatedBytes },
        'journal had a torn last record (crash mid-write); it was dropped',
      );
    }
    for (const ignored of opened.ignoredSnapshots) log.warn({ dir }, `snapshot not used: ${ignored}`);
    const started = Date.now();
    if (opened.snapshot) await restoreSnapshot(rt, opened.snapshot.state as SnapshotState);
    const restored = Date.now();
    await options.replay(opened.records);
    if (opened.snapshot || opened.records.length > 0) {
      log.info(
        {
          snapshot: opened.snapshot?.file,
          snapshotMs: restored - started,
          records: opened.records.length,
          replayMs: Date.now() - restored,
        },
        'engine state restored from snapshot and journal',
      );
    }
    return new EnginePersistence(opened.journal, rt, options.snapshotEvery, options.idle);
  }

  get position() {
    return this.journal.position;
  }

  append(record: JournalRecord) {
    this.journal.append(record);
    if (this.snapshotEvery > 0 && this.journal.position >= this.nextSnapshotAt) this.scheduleSnapshot();
  }

  durable(): Promise<void> {
    return this.journal.durable();
  }

  /** Takes a snapshot now, if anything happened since the last one; returns false when it could not. */
  snapshot(): boolean {
    if (this.journal.position === this.journal.snapshotPosition) return true;
    const started = performance.now();
    try {
      const state = JSON.stringify(captureSnapshot(this.rt));
      const captured = performance.now();
      const { position, bytes } = this.journal.writeSnapshot(state);
      this.nextSnapshotAt = position + this.snapshotEvery;
      this.rt.logger.info(
        {
          position,
          bytes,
          captureMs: Math.round(captured - started),
          writeMs: Math.round(performance.now() - captured),
        },
        'engine snapshot written',
      );
      return true;
    } catch (err) {
      this.nextSnapshotAt = this.journal.position + Math.max(this.snapshotEvery, 1);
      this.rt.logger.error({ err }, 'engine snapshot failed; the journal keeps every record, so nothing is lost');
      return false;
    }
  }

  /** A clean close: a final snapshot (unless snapshots are off), then the journal is closed. */
  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.snapshotEvery > 0 && this.idle()) this.snapshot();
    this.journal.close();
  }

  private scheduleSnapshot() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.closed) return;
      if (this.idle()) this.snapshot();
      else setTimeout(() => this.scheduleSnapshot(), 5).unref(); // a deployment is being stored: soon
    });
  }
}
