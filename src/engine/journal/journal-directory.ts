/**
 * The engine's data directory: journal segments and snapshots. Records are numbered from 0 across
 * segments (their position). `journal.log` holds the records from position 0, `journal-<P>.log` those from
 * P on; `snapshot-<P>.json` (snapshot-file.ts) is the state after the first P records.
 *
 * Taking a snapshot at P: flush the journal, write the snapshot durably (temp file, fsync, rename), start
 * the segment `journal-P.log`, then delete what is no longer needed. A snapshot written in the background
 * starts the segment first (appends go on while the file is written): a crash before its rename leaves
 * `journal-P.log` without `snapshot-P.json`, which opens like a corrupt newest snapshot does. The two
 * newest snapshots are kept, with the segments needed to replay from the older one, so a corrupt newest
 * snapshot falls back to the previous one; with a single snapshot, everything from position 0 stays (full
 * replay is the fallback).
 *
 * A snapshot may name history segments (`history-<P>.json`, history-archive.ts), written before it; they are
 * kept while one of the two kept snapshots names them.
 *
 * Opening: the newest snapshot that verifies, with every history segment it names, and whose following
 * records are all present is used and only the records after it are replayed; otherwise the previous one,
 * otherwise a full replay; failing all three, the newest snapshot without the segments it cannot read
 * (those ended instances are lost from history; the live state is whole). A crash between a
 * snapshot and the rotation leaves records before P in the last segment: they are skipped, appends go on.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type DirectoryLock, lockDirectory } from '../../dir-lock';
import { ownerOnlyDirectory, ownerOnlyEntry } from '../../owner-only';
import { JournalFile } from './journal-file';
import {
  HISTORY_FILE,
  historyNamedBy,
  readSnapshotFile,
  snapshotName,
  snapshotPositionOf,
  stateFileName,
  statePositionOf,
  syncDirectory,
  writeSnapshotFile,
  writeSnapshotFileInBackground,
} from './snapshot-file';

/** A history segment (history-archive.ts) to be written before the snapshot that names it. */
export interface SegmentFile {
  position: number;
  json: string;
}

const FIRST_SEGMENT = 'journal.log';
const LOCK_FILE = 'engine.lock';
const SEGMENT = /^journal-(\d+)\.log$/;

const segmentName = (start: number) => (start === 0 ? FIRST_SEGMENT : `journal-${start}.log`);
function segmentStartOf(fileName: string): number | undefined {
  if (fileName === FIRST_SEGMENT) return 0;
  const match = SEGMENT.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

export interface JournalDirectoryOpened<T> {
  journal: JournalDirectory<T>;
  /** the snapshot to restore, if one was usable, with the history segments its header names (in its order) */
  snapshot?: { position: number; state: unknown; file: string; history: { position: number; state?: unknown }[] };
  /** the records after the snapshot (all of them without one), in order */
  records: T[];
  truncatedBytes: number;
  /** snapshot files that were not used, and why */
  ignoredSnapshots: string[];
  /**
   * History segments that could not be read when nothing else could restore the state: the snapshot was
   * used without them (their `state` is undefined), so those ended instances are gone from history
   */
  lostHistory: string[];
}

export class JournalDirectory<T> {
  private closed = false;

  private constructor(
    readonly dir: string,
    private active: JournalFile<T>,
    private activeStart: number,
    /** position of the newest snapshot (0: none) */
    public snapshotPosition: number,
    /** this process's hold on the directory (src/dir-lock.ts) */
    private readonly lock: DirectoryLock,
  ) {}

  /** Records written so far, across all segments: the next record's position. */
  get position(): number {
    return this.activeStart + this.active.count;
  }

  /** Opens `dir` for this process alone (DirectoryInUseError while another process has it open). */
  static open<T>(dir: string): JournalDirectoryOpened<T> {
    // the journal holds every variable: owner-only, and so is what an older version wrote more openly
    ownerOnlyDirectory(dir);
    for (const name of readdirSync(dir)) ownerOnlyEntry(join(dir, name));
    const lock = lockDirectory(join(dir, LOCK_FILE), `the engine data directory ${dir}`);
    try {
      return JournalDirectory.openLocked<T>(dir, lock);
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  private static openLocked<T>(dir: string, lock: DirectoryLock): JournalDirectoryOpened<T> {
    const names = readdirSync(dir);
    for (const name of names) if (name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });

    // every segment's intact records (a torn tail is cut off, as JournalFile does)
    const segments = names
      .map((name) => ({ name, start: segmentStartOf(name) }))
      .filter((s): s is { name: string; start: number } => s.start !== undefined)
      .sort((a, b) => a.start - b.start)
      .map((s) => ({ ...s, ...JournalFile.open<T>(join(dir, s.name)) }));
    const truncatedBytes = segments.reduce((n, s) => n + s.truncatedBytes, 0);
    const end = (s: (typeof segments)[number]) => s.start + s.records.length;

    /** the records from `from` to the end of the journal, or undefined when some of them are missing */
    const recordsFrom = (from: number): T[] | undefined => {
      const out: T[] = [];
      let next = from;
      for (const s of segments) {
        if (end(s) <= next) continue;
        if (s.start > next) return undefined; // a gap: records [next, s.start) are gone
        out.push(...s.records.slice(next - s.start));
        next = end(s);
      }
      return out;
    };

    /**
     * The snapshot `s` with its history segments and the records after it, or why not. `lenient`: a history
     * segment that cannot be read is left out (its ended trees are lost from history) instead of the snapshot.
     */
    const usable = (s: { name: string; position: number }, lenient: boolean) => {
      const read = readSnapshotFile(join(dir, s.name), s.position);
      if (!read.ok) return `${s.name} ${read.reason}`;
      const history: { position: number; state: unknown }[] = [];
      const unread: string[] = [];
      for (const h of read.history) {
        const segment = readSnapshotFile(join(dir, stateFileName(HISTORY_FILE, h)), h, HISTORY_FILE);
        if (segment.ok) history.push({ position: h, state: segment.state });
        else if (!lenient) return `${s.name}: its history segment ${stateFileName(HISTORY_FILE, h)} ${segment.reason}`;
        else {
          history.push({ position: h, state: undefined });
          unread.push(`${stateFileName(HISTORY_FILE, h)} ${segment.reason}`);
        }
      }
      const after = recordsFrom(s.position) ?? (segments.every((seg) => end(seg) <= s.position) ? [] : undefined);
      if (!after) return `${s.name}: journal records after position ${s.position} are missing`;
      return { snapshot: { position: s.position, state: read.state, file: s.name, history }, after, unread };
    };
    const ignoredSnapshots: string[] = [];
    const snapshots = names
      .map((name) => ({ name, position: snapshotPositionOf(name) }))
      .filter((s): s is { name: string; position: number } => s.position !== undefined)
      .sort((a, b) => b.position - a.position);
    /** The newest usable snapshot; the strict pass records why each one it passes over was not usable. */
    const newestUsable = (lenient: boolean) => {
      for (const s of snapshots) {
        const found = usable(s, lenient);
        if (typeof found !== 'string') return found;
        if (!lenient) ignoredSnapshots.push(found);
      }
      return undefined;
    };
    // strictly first; a full replay next; only then a snapshot without the history segments it cannot read
    let found = newestUsable(false);
    let records = found ? found.after : recordsFrom(0);
    if (!records) {
      found = newestUsable(true);
      records = found?.after;
    }
    if (!records) {
      for (const s of segments) s.journal.close();
      throw new Error(
        `cannot restore the engine from ${dir}: no usable snapshot (${ignoredSnapshots.join('; ') || 'none found'}) and the journal does not start at position 0 (${segments.map((s) => s.name).join(', ')})`,
      );
    }
    const snapshot = found?.snapshot;
    const lostHistory = found?.unread ?? [];

    // appends go on in the last segment when it ends where the restored state ends, else in a new one
    const position = Math.max(snapshot?.position ?? 0, ...segments.map(end));
    const last = segments[segments.length - 1];
    for (const s of segments) if (s !== last || end(s) !== position) s.journal.close();
    let active: JournalFile<T>;
    let activeStart: number;
    if (last && end(last) === position) {
      active = last.journal;
      activeStart = last.start;
    } else {
      active = JournalFile.open<T>(join(dir, segmentName(position))).journal;
      activeStart = position;
      syncDirectory(dir);
    }
    const journal = new JournalDirectory<T>(dir, active, activeStart, snapshot?.position ?? 0, lock);
    return { journal, snapshot, records, truncatedBytes, ignoredSnapshots, lostHistory };
  }

  append(record: T) {
    this.active.append(record);
  }

  /** Set once the journal could not be written (journal-file.ts): no snapshot may be taken from then on. */
  get failure(): Error | undefined {
    return this.active.failure;
  }

  durable(): Promise<void> {
    return this.active.durable();
  }

  /**
   * Writes `stateJson` as the snapshot at the current position, then rotates and prunes. `history` names the
   * segments it needs; `segments` are those of them not written yet, written first.
   * Call it between commands only: the state must be the effect of exactly the records so far.
   */
  writeSnapshot(
    stateJson: string,
    history: number[] = [],
    segments: SegmentFile[] = [],
  ): { position: number; bytes: number; written: number[] } {
    const position = this.position;
    this.active.flushNow();
    if (this.active.failure) throw this.active.failure; // the state holds what the journal could not keep
    let bytes = 0;
    for (const s of segments) bytes += writeSnapshotFile(this.dir, s.position, s.json, {}, HISTORY_FILE);
    bytes += writeSnapshotFile(this.dir, position, stateJson, history.length > 0 ? { history } : {});
    this.rotate(position);
    this.snapshotWritten(position);
    return { position, bytes, written: segments.map((s) => s.position) };
  }

  /**
   * The same with the file written off the event loop: the journal is flushed and rotated now (so appends
   * made meanwhile land after P), the snapshot file follows, and pruning once it is in place.
   */
  async writeSnapshotInBackground(
    stateJson: string,
    history: number[] = [],
    segments: SegmentFile[] = [],
  ): Promise<{ position: number; bytes: number; written: number[] }> {
    const position = this.position;
    this.active.flushNow();
    if (this.active.failure) throw this.active.failure;
    this.rotate(position);
    let bytes = 0;
    for (const s of segments)
      bytes += await writeSnapshotFileInBackground(this.dir, s.position, s.json, {}, HISTORY_FILE);
    bytes += await writeSnapshotFileInBackground(this.dir, position, stateJson, history.length > 0 ? { history } : {});
    if (!this.closed) this.snapshotWritten(position);
    return { position, bytes, written: segments.map((s) => s.position) };
  }

  /** The records after `position` start a new segment. */
  private rotate(position: number) {
    if (this.activeStart === position) return;
    // the new segment first: if it cannot be created, appends go on in the old one (as after a crash here)
    const next = JournalFile.open<T>(join(this.dir, segmentName(position))).journal;
    this.active.close();
    this.active = next;
    this.activeStart = position;
    syncDirectory(this.dir);
  }

  private snapshotWritten(position: number) {
    // a background write can end after a later snapshot was written synchronously
    this.snapshotPosition = Math.max(this.snapshotPosition, position);
    this.prune();
  }

  /**
   * Keeps the two newest snapshots, the history segments they name and the journal segments needed to replay
   * from the older of them. (A history segment no kept snapshot names is one whose trees have all left
   * history, or one a crash wrote without its snapshot; one written for a snapshot still being written is
   * named by every snapshot taken meanwhile.)
   */
  private prune() {
    const names = readdirSync(this.dir);
    const snapshots = names
      .map((name) => snapshotPositionOf(name))
      .filter((p): p is number => p !== undefined)
      .sort((a, b) => b - a);
    const named = new Set(snapshots.slice(0, 2).flatMap((p) => historyNamedBy(join(this.dir, snapshotName(p)))));
    for (const name of names) {
      const h = statePositionOf(HISTORY_FILE, name);
      if (h !== undefined && !named.has(h) && h <= (snapshots[0] ?? 0)) rmSync(join(this.dir, name), { force: true });
    }
    if (snapshots.length < 2) return;
    const keepFrom = snapshots[1];
    for (const p of snapshots.slice(2)) rmSync(join(this.dir, snapshotName(p)), { force: true });
    const starts = names
      .map((name) => segmentStartOf(name))
      .filter((s): s is number => s !== undefined)
      .sort((a, b) => a - b);
    // a segment ends where the next one starts; it is obsolete when it ends at or before keepFrom
    for (let i = 0; i + 1 < starts.length; i++) {
      if (starts[i + 1] <= keepFrom && starts[i] !== this.activeStart)
        rmSync(join(this.dir, segmentName(starts[i])), { force: true });
    }
  }

  close() {
    this.closed = true;
    this.active.close();
    this.lock.release();
  }
}
