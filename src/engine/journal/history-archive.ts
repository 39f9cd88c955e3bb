/**
 * History segments: ended root instances kept in history (ENGINE_HISTORY_LIMIT) written once, not in every
 * snapshot. Nothing changes an ended tree, so at each snapshot the trees that ended since the last one go
 * into a new segment file (`history-<position>.json`, written before the snapshot that names it), and the
 * snapshot file holds only the rest (captureSnapshot's `leaveOut`). A snapshot's cost on the event loop then
 * follows what changed, not how much history is kept: at 10,000 ended orders that is most of the state.
 *
 * Trees leave history oldest-ended first, the order segments hold them in, so each snapshot names its
 * segments, oldest first, with how many of each one's first trees are gone (`skip`); a segment whose trees are
 * all gone is no longer named, and the journal directory deletes a file once no kept snapshot names it.
 * Anything unexpected (a tree removed out of order, a capture that finds other counts than the segments
 * claim) resets the archive, so that snapshot holds all history again, as it did before segments existed.
 */
import type { Runtime } from '../runtime/runtime';
import type { ArchivedCounts, LeftOut } from '../state/engine-snapshot';
import { captureRootHistory, withArchivedTrees } from '../state/root-history';
import type { ArchiveSegmentRef, RootHistoryState, SnapshotState } from '../state/snapshot-state';

interface ArchivedRoot {
  key: string;
  processes: string[];
  counts: ArchivedCounts;
}

interface Segment {
  position: number;
  /** the file's first trees that have left history since */
  skip: number;
  /** the file's trees from `skip` on */
  roots: ArchivedRoot[];
  /** the file's content until it is written */
  pendingJson?: string;
}

const noCounts = (): ArchivedCounts => ({ elementInstances: 0, finishedJobs: 0, incidents: 0, userTasks: 0 });

export class HistoryArchive implements LeftOut {
  private segments: Segment[] = [];
  /** process instance keys of every archived tree still in history */
  private readonly processes = new Set<string>();
  counts = noCounts();

  has(processInstanceKey: string): boolean {
    return this.processes.has(processInstanceKey);
  }

  get empty(): boolean {
    return this.segments.length === 0;
  }

  /**
   * Before a capture at `position`: forgets the trees removed from history since the last one, and takes the
   * trees that ended since into a new segment. Returns the element instances the new segment holds.
   * Throws when that cannot be done exactly; the caller then resets the archive and captures everything.
   */
  update(rt: Runtime, position: number): { elementInstances: number } {
    this.forgetRemoved(rt);
    const fresh: string[] = [];
    for (const root of rt.history.endedNewestFirst()) {
      if (this.processes.has(root)) break;
      fresh.push(root);
    }
    fresh.reverse();
    const entries: RootHistoryState[] = [];
    for (const root of fresh) {
      if (!rt.history.hasEnded(root)) break; // (a called instance still running: it and later ones wait)
      entries.push(captureRootHistory(rt, root));
    }
    if (entries.length === 0) return { elementInstances: 0 };
    const roots = entries.map((e) => this.add(e));
    this.segments.push({ position, skip: 0, roots, pendingJson: JSON.stringify(entries) });
    return { elementInstances: entries.reduce((n, e) => n + e.elementInstances.length, 0) };
  }

  /** The segments a snapshot taken now names (its state's `archive`, its header's `history`). */
  refs(): ArchiveSegmentRef[] {
    return this.segments.map(({ position, skip }) => ({ position, skip }));
  }

  /** Segment files still to be written before a snapshot may name them. */
  pendingFiles(): { position: number; json: string }[] {
    return this.segments.flatMap((s) =>
      s.pendingJson === undefined ? [] : [{ position: s.position, json: s.pendingJson }],
    );
  }

  fileWritten(position: number) {
    const segment = this.segments.find((s) => s.position === position);
    if (segment) segment.pendingJson = undefined;
  }

  reset() {
    this.segments = [];
    this.processes.clear();
    this.counts = noCounts();
  }

  /**
   * Restoring: `segments` are the files the snapshot's header names, in its order. Returns the state with
   * their trees added (what the snapshot file left out), and remembers those trees as archived.
   */
  restore(state: SnapshotState, segments: { position: number; state?: unknown }[]): SnapshotState {
    const refs = state.archive ?? [];
    if (refs.length !== segments.length || refs.some((ref, i) => ref.position !== segments[i].position))
      throw new Error('snapshot: its header and its state name different history segments');
    const archived: RootHistoryState[] = [];
    refs.forEach((ref, i) => {
      if (segments[i].state === undefined) return; // unreadable, and nothing else could restore: history lost
      const entries = (segments[i].state as RootHistoryState[]).slice(ref.skip);
      this.segments.push({ position: ref.position, skip: ref.skip, roots: entries.map((e) => this.add(e)) });
      archived.push(...entries);
    });
    return withArchivedTrees(state, archived);
  }

  private add(entry: RootHistoryState): ArchivedRoot {
    const root: ArchivedRoot = {
      key: entry.root,
      processes: entry.processInstances.map((p) => p.key),
      counts: {
        elementInstances: entry.elementInstances.length,
        finishedJobs: entry.finishedJobs.length,
        incidents: entry.incidents.length,
        userTasks: entry.userTasks.length,
      },
    };
    for (const key of root.processes) this.processes.add(key);
    this.count(root.counts, 1);
    return root;
  }

  /** Trees leave history oldest first: each segment loses a prefix, and once one keeps a tree, later ones keep all. */
  private forgetRemoved(rt: Runtime) {
    let kept = false;
    for (const segment of this.segments) {
      let removed = 0;
      for (const root of segment.roots) {
        if (rt.processInstances.has(root.key)) {
          kept = true;
          continue;
        }
        if (kept) throw new Error(`history segments: '${root.key}' left history out of order`);
        for (const key of root.processes) this.processes.delete(key);
        this.count(root.counts, -1);
        removed++;
      }
      segment.roots.splice(0, removed);
      segment.skip += removed;
    }
    this.segments = this.segments.filter((s) => s.roots.length > 0 || s.pendingJson !== undefined);
  }

  private count(counts: ArchivedCounts, sign: 1 | -1) {
    for (const kind of Object.keys(counts) as (keyof ArchivedCounts)[]) this.counts[kind] += sign * counts[kind];
  }
}
