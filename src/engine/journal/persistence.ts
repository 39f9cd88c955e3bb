/**
 * A durable engine's persistence: the journal directory (journal-directory.ts) plus when to snapshot.
 * A snapshot is taken every `snapshotEvery` records (ENGINE_SNAPSHOT_EVERY, default 10,000; 0 turns
 * snapshots off), later when the state is large (see nextSnapshotAfter), and on a clean close. It is
 * captured on the engine's event loop in a setImmediate after the record that crossed the threshold, i.e.
 * between two commands, so the state is exactly the effect of the records before it; a periodic one then
 * writes its file off the loop. A snapshot that cannot be taken is logged and retried later: the journal
 * keeps everything until then, so nothing is lost either way.
 */
import type { JournalRecord } from '../commands/journal-record';
import type { Runtime } from '../runtime/runtime';
import { restoreSnapshot } from '../state/engine-restore';
import { captureSnapshot } from '../state/engine-snapshot';
import type { SnapshotState } from '../state/snapshot-state';
import { STEPS_PER_SLICE } from '../step-slices';
import { HistoryArchive } from './history-archive';
import { JournalDirectory, type SegmentFile } from './journal-directory';

/**
 * Records after a snapshot before the next one: at least `snapshotEvery`, and more for a large state.
 * A snapshot's cost grows with the element instances it holds (live or kept in history, with their variables
 * and jobs); replaying a record costs more than capturing one element instance (the ratio, as measured, is
 * REPLAY_RECORDS_PER_ELEMENT_INSTANCE). A fixed interval would make a large state pay a long snapshot every `snapshotEvery` records; waiting
 * until the journal would take about as long to replay as the snapshot took keeps the snapshots' share of the
 * engine's time bounded however large the state grows, and a restart at most about twice as long as loading
 * the snapshot alone.
 */
export function nextSnapshotAfter(snapshotEvery: number, elementInstances: number): number {
  return Math.max(snapshotEvery, Math.ceil(elementInstances * REPLAY_RECORDS_PER_ELEMENT_INSTANCE));
}
const REPLAY_RECORDS_PER_ELEMENT_INSTANCE = 0.4;

interface Captured {
  json: string;
  /** the history segments the snapshot names, and those of them whose file is still to be written */
  history: number[];
  segments: SegmentFile[];
  elementInstances: number;
  captureMs: number;
}

export class EnginePersistence {
  private scheduled = false;
  /** the periodic snapshot whose file is being written */
  private writing: Promise<void> | undefined;
  /** the position at which the next periodic snapshot is due */
  private nextSnapshotAt: number;
  private closed = false;
  /** whether this run's first record was preceded by its 'slices' mark */
  private marked = false;

  private constructor(
    private readonly journal: JournalDirectory<JournalRecord>,
    private readonly rt: Runtime,
    private readonly snapshotEvery: number,
    /** false while a command runs, or a step a snapshot cannot describe is pending (../step-slices.ts): snapshots wait */
    private readonly idle: () => boolean,
    /** the ended trees already in history segments, left out of the snapshot files */
    private readonly archive: HistoryArchive,
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
    for (const lost of opened.lostHistory)
      log.error({ dir }, `history segment unreadable: ${lost}; the ended instances it held are gone from history`);
    const started = Date.now();
    const archive = new HistoryArchive();
    // records before a 'slices' mark, after a snapshot without stepsPerSlice, ran to their end (replay.ts)
    rt.steps.stepsPerSlice = undefined;
    if (opened.snapshot) {
      const state = archive.restore(opened.snapshot.state as SnapshotState, opened.snapshot.history);
      await restoreSnapshot(rt, state);
    }
    const restored = Date.now();
    await options.replay(opened.records);
    rt.steps.stepsPerSlice = STEPS_PER_SLICE;
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
    return new EnginePersistence(opened.journal, rt, options.snapshotEvery, options.idle, archive);
  }

  get position() {
    return this.journal.position;
  }

  /** Why the journal cannot be written any more (journal-file.ts), once that happened. */
  get failure(): Error | undefined {
    return this.journal.failure;
  }

  append(record: JournalRecord) {
    if (!this.marked) this.journal.append({ t: record.t, c: 'slices', steps: STEPS_PER_SLICE });
    this.marked = true; // (this run's records ran in slices: see journal-record.ts)
    this.journal.append(record);
    if (this.snapshotEvery > 0 && this.journal.position >= this.nextSnapshotAt) this.scheduleSnapshot();
  }

  durable(): Promise<void> {
    return this.journal.durable();
  }

  /**
   * Takes a snapshot now, file and all, if anything happened since the last one; returns false when it
   * could not. The periodic snapshots write their file in the background instead (see scheduleSnapshot).
   */
  snapshot(): boolean {
    if (this.journal.failure) return false; // the state holds commands the journal does not
    if (this.journal.position === this.journal.snapshotPosition) return true;
    const captured = this.capture();
    if (!captured) return false;
    try {
      const writing = performance.now();
      const { position, bytes, written } = this.journal.writeSnapshot(
        captured.json,
        captured.history,
        captured.segments,
      );
      for (const p of written) this.archive.fileWritten(p);
      this.written(position, bytes, captured, performance.now() - writing);
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    }
  }

  /** Settles once no periodic snapshot is due to start or being written (tests, benchmarks). */
  async snapshotsWritten(): Promise<void> {
    while (this.writing || this.scheduled) await (this.writing ?? new Promise((resolve) => setImmediate(resolve)));
  }

  /** A clean close: a final snapshot (unless snapshots are off), then the journal is closed. */
  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.snapshotEvery > 0 && this.idle()) this.snapshot();
    this.journal.close();
  }

  /**
   * The state as JSON, between two commands, but for the ended trees in history segments (the trees that
   * ended since go into a new one first); undefined (and logged) when it cannot be described.
   * `elementInstances` counts what this capture described: the live state and the trees new in history.
   */
  private capture(): Captured | undefined {
    const started = performance.now();
    try {
      let state: SnapshotState;
      let archived = 0;
      try {
        archived = this.archive.update(this.rt, this.journal.position).elementInstances;
        state = captureSnapshot(this.rt, this.archive);
        if (!this.archive.empty) state.archive = this.archive.refs();
      } catch (err) {
        if (this.archive.empty) throw err;
        this.rt.logger.warn({ err }, 'history segments set aside: this snapshot holds all history');
        this.archive.reset();
        archived = 0;
        state = captureSnapshot(this.rt);
      }
      const json = JSON.stringify(state);
      return {
        json,
        history: (state.archive ?? []).map((ref) => ref.position),
        segments: this.archive.pendingFiles(),
        elementInstances: state.elementInstances.length + archived,
        captureMs: performance.now() - started,
      };
    } catch (err) {
      this.failed(err);
      return undefined;
    }
  }

  private written(position: number, bytes: number, captured: Captured, writeMs: number) {
    this.nextSnapshotAt = position + nextSnapshotAfter(this.snapshotEvery, captured.elementInstances);
    this.rt.logger.info(
      {
        position,
        bytes,
        elementInstances: captured.elementInstances,
        historySegments: captured.history.length,
        captureMs: Math.round(captured.captureMs),
        writeMs: Math.round(writeMs),
        nextAt: this.nextSnapshotAt,
      },
      'engine snapshot written',
    );
  }

  private failed(err: unknown) {
    this.nextSnapshotAt = this.journal.position + Math.max(this.snapshotEvery, 1);
    this.rt.logger.error({ err }, 'engine snapshot failed; the journal keeps every record, so nothing is lost');
  }

  /**
   * The periodic snapshot: captured between two commands (the state must be exactly the records so far),
   * its file written off the event loop. One at a time; a threshold crossed meanwhile is looked at again
   * when the write ends.
   */
  private scheduleSnapshot() {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.closed || this.journal.failure) return;
      if (!this.idle()) {
        setTimeout(() => this.scheduleSnapshot(), 5).unref(); // a deployment is being stored, a termination pending: soon
        return;
      }
      const captured = this.capture();
      if (!captured) return;
      // not due again until this one is written, whatever the journal does meanwhile
      this.nextSnapshotAt = Number.POSITIVE_INFINITY;
      const writing = performance.now();
      this.writing = this.journal
        .writeSnapshotInBackground(captured.json, captured.history, captured.segments)
        .then(({ position, bytes, written }) => {
          for (const p of written) this.archive.fileWritten(p);
          this.written(position, bytes, captured, performance.now() - writing);
        })
        .catch((err) => {
          if (!this.closed) this.failed(err);
        })
        .finally(() => {
          this.writing = undefined;
          if (!this.closed && this.journal.position >= this.nextSnapshotAt) this.scheduleSnapshot();
        });
    });
  }
}
