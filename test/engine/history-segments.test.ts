/**
 * History segments (src/engine/journal/history-archive.ts): ended trees are written once, to
 * `history-<P>.json`, and each snapshot file holds only the live state and what it names; a restart restores
 * exactly the same state, a segment leaves with the last of its trees, and an unreadable segment costs at
 * most its own history, never the live state.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Engine, openEngine } from '../../src/engine/engine';
import {
  HISTORY_FILE,
  historyNamedBy,
  readSnapshotFile,
  writeSnapshotFile,
} from '../../src/engine/journal/snapshot-file';
import { captureSnapshot } from '../../src/engine/state/engine-snapshot';
import type { SnapshotState } from '../../src/engine/state/snapshot-state';
import {
  buildVariedState,
  canonicalSnapshot,
  canonicalViews,
  continueWith,
  MINUTE,
  recordingLogger,
  silent,
  turn,
  views,
} from './snapshot-fixture';

/** Runs one `child` instance (fixture resources) to its end: a tree that goes into history. */
function finishChild(e: Engine, i: number) {
  const key = e.createProcessInstance({ bpmnProcessId: 'child', variables: { i } }).processInstanceKey;
  const [job] = e.activateJobs({ type: 'child-work', worker: 'w', timeout: MINUTE, maxJobsToActivate: 1 });
  e.completeJob(job.key, { done: i });
  expect(e.getProcessInstance(key)?.state).toBe('COMPLETED');
}

describe('history segments', () => {
  let dir: string;
  const files = (d = dir) => readdirSync(d).sort();
  const byPosition = (prefix: string, d = dir) =>
    files(d)
      .filter((f) => f.startsWith(prefix))
      .sort((x, y) => Number(x.match(/\d+/)?.[0]) - Number(y.match(/\d+/)?.[0]));
  const crashImage = () => {
    const copy = `${dir}-crashed`;
    cpSync(dir, copy, { recursive: true });
    return copy;
  };

  /** An engine with live state of every kind and `children` ended trees, snapshotted as it goes. */
  async function withHistory(children: number, options: { snapshotEvery: number; historyLimit?: number }) {
    const log = recordingLogger();
    const e = await openEngine({ dataDir: dir, logger: log.logger, ...options });
    await buildVariedState(e);
    for (let i = 0; i < children; i++) {
      finishChild(e, i);
      await turn(); // where a due snapshot is captured
      await e.snapshotsWritten();
    }
    await e.durable();
    return { e, log };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-history-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-crashed`, { recursive: true, force: true });
  });

  test('each snapshot describes the live state and what ended since; a restart restores exactly and goes on alike', async () => {
    const { e, log } = await withHistory(150, { snapshotEvery: 20 });
    const written = log.lines.filter((l) => l.msg === 'engine snapshot written');
    expect(written.length).toBeGreaterThan(10);
    expect(byPosition('history-').length).toBeGreaterThan(2);
    // history kept growing, yet a late snapshot described a fraction of it
    const total = e.runtime.elementInstances.size;
    expect(total).toBeGreaterThan(600);
    const late = written[written.length - 1];
    expect(late.historySegments).toBeGreaterThan(2);
    expect(late.elementInstances).toBeLessThan(total / 3);
    // and its file holds only that: the live state and the trees not in a segment yet
    const newest = byPosition('snapshot-').pop() as string;
    const read = readSnapshotFile(join(dir, newest), Number(newest.match(/\d+/)?.[0]));
    if (!read.ok) throw new Error(read.reason);
    const state = read.state as SnapshotState;
    expect(state.archive?.map((a) => a.position)).toEqual(read.history);
    expect(state.elementInstances.length).toBeLessThan(total / 3);

    const before = { views: canonicalViews(e), state: canonicalSnapshot(e) };
    const reopened = await openEngine({ dataDir: crashImage(), logger: silent, snapshotEvery: 20 });
    expect(canonicalViews(reopened)).toEqual(before.views);
    expect(canonicalSnapshot(reopened)).toBe(before.state);
    const a = continueWith(e);
    const b = continueWith(reopened);
    expect(b.slice(0, -1)).toEqual(a.slice(0, -1)); // every command answered alike
    expect(canonicalViews(reopened)).toEqual(canonicalViews(e));
    expect(canonicalSnapshot(reopened)).toBe(canonicalSnapshot(e));
    reopened.close();
    e.close();
  });

  test('a segment leaves with the last of its trees: the directory holds only segments a kept snapshot names', async () => {
    const { e } = await withHistory(200, { snapshotEvery: 10, historyLimit: 5 });
    const segments = byPosition('history-');
    const named = new Set(byPosition('snapshot-').flatMap((s) => historyNamedBy(join(dir, s))));
    expect(segments.map((f) => Number(f.match(/\d+/)?.[0]))).toEqual([...named].sort((x, y) => x - y));
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.length).toBeLessThanOrEqual(6); // 5 kept trees, a few per segment, plus the older snapshot's
    const before = canonicalViews(e);
    e.close();
    const reopened = await openEngine({ dataDir: dir, logger: silent, historyLimit: 5 });
    expect(canonicalViews(reopened)).toEqual(before);
    expect(
      [...reopened.listProcessInstances()].filter((p) => p.bpmnProcessId === 'child' && p.state === 'COMPLETED'),
    ).toHaveLength(5);
    reopened.close();
  });

  test('an unreadable segment: the previous snapshot restores; failing every other way, the live state does without it', async () => {
    const { e } = await withHistory(120, { snapshotEvery: 20 });
    const [older, newest] = byPosition('snapshot-');
    const olderNames = historyNamedBy(join(dir, older));
    const newestOnly = historyNamedBy(join(dir, newest)).filter((p) => !olderNames.includes(p));
    expect(newestOnly.length).toBeGreaterThan(0);
    const before = canonicalViews(e);
    const crashed = crashImage();
    e.close();
    const corrupt = (position: number) => {
      const path = join(crashed, `history-${position}.json`);
      const bytes = readFileSync(path);
      bytes[bytes.length - 5] ^= 0xff;
      writeFileSync(path, bytes);
    };

    corrupt(newestOnly[0]);
    let log = recordingLogger();
    let reopened = await openEngine({ dataDir: crashed, logger: log.logger });
    const restored = (l: Record<string, unknown>) => l.msg === 'engine state restored from snapshot and journal';
    expect(log.lines.find(restored)?.snapshot).toBe(older);
    expect(
      log.lines.some((l) => String(l.msg).includes(`history segment history-${newestOnly[0]}.json fails its checksum`)),
    ).toBe(true);
    expect(canonicalViews(reopened)).toEqual(before);
    reopened.close();

    // now one both snapshots name, and the journal no longer starts at 0: the newest is used without it
    rmSync(crashed, { recursive: true, force: true });
    cpSync(dir, crashed, { recursive: true });
    const shared = olderNames[0];
    const lostTrees = (
      readSnapshotFile(join(crashed, `history-${shared}.json`), shared, HISTORY_FILE) as {
        ok: true;
        state: { root: string }[];
      }
    ).state.map((t) => t.root);
    corrupt(shared);
    log = recordingLogger();
    reopened = await openEngine({ dataDir: crashed, logger: log.logger });
    expect(log.lines.some((l) => l.level === 50 && String(l.msg).includes(`history-${shared}.json`))).toBe(true);
    const after = canonicalViews(reopened);
    const kept = (instances: typeof before.instances) =>
      instances.filter((p) => !lostTrees.includes(p.processInstanceKey));
    expect(lostTrees.length).toBeGreaterThan(0);
    expect(after.instances).toEqual(kept(before.instances)); // every live instance, and the rest of history
    expect(after.instances.filter((p) => p.state === 'ACTIVE')).toEqual(
      before.instances.filter((p) => p.state === 'ACTIVE'),
    );
    reopened.close();
  });

  test('a capture that finds the segments out of step with the state sets them aside: that snapshot holds all history', async () => {
    const { e, log } = await withHistory(60, { snapshotEvery: 20 });
    // a finished job of an archived tree disappears behind the archive's back
    const archived = [...e.runtime.jobs.finishedJobs()].find(
      ({ job }) =>
        e.getProcessInstance(job.instance.processInstanceKey)?.bpmnProcessId === 'child' && job.type === 'child-work',
    );
    e.runtime.jobs.forget(archived?.job.key as string);
    finishChild(e, 1000);
    expect(e.snapshot()).toBe(true);
    expect(log.lines.some((l) => l.msg === 'history segments set aside: this snapshot holds all history')).toBe(true);
    const last = log.lines.filter((l) => l.msg === 'engine snapshot written').pop();
    expect(last?.historySegments).toBe(0);
    expect(last?.elementInstances).toBe(e.runtime.elementInstances.size);
    const before = canonicalViews(e);
    e.close();
    const reopened = await openEngine({ dataDir: dir, logger: silent });
    expect(canonicalViews(reopened)).toEqual(before);
    reopened.close();
  });

  test('a version 1 snapshot (everything in the one file) still restores', async () => {
    const e = await openEngine({ dataDir: dir, logger: silent, snapshotEvery: 0 });
    await buildVariedState(e);
    for (let i = 0; i < 5; i++) finishChild(e, i);
    await e.durable();
    const before = views(e);
    const position = e.runtime.keys.position; // (any position past the journal's records: none are replayed)
    e.close();
    for (const f of files()) rmSync(join(dir, f));
    writeSnapshotFile(dir, position, JSON.stringify({ ...captureSnapshot(e.runtime), version: 1 }));
    const reopened = await openEngine({ dataDir: dir, logger: silent });
    expect(views(reopened)).toEqual(before);
    reopened.close();
  });
});
