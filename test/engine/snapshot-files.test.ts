/**
 * Engine snapshots on disk (issue 7): restart from a snapshot plus the journal after it, a crash between the
 * snapshot and the journal rotation, corrupt snapshots falling back, a bounded directory (ENGINE_SNAPSHOT_EVERY: test/config.test.ts).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../../src/engine/engine';
import { JournalFile } from '../../src/engine/journal/journal-file';
import { writeSnapshotFile } from '../../src/engine/journal/snapshot-file';
import type { DueTask } from '../../src/engine/runtime/due-tasks';
import { captureSnapshot } from '../../src/engine/state/engine-snapshot';
import {
  buildVariedState,
  continueWith,
  HOUR,
  MINUTE,
  recordingLogger,
  resources,
  silent,
  T0,
  turn,
  views,
} from './snapshot-fixture';

describe('engine snapshots on disk', () => {
  let dir: string;
  const open = (snapshotEvery: number, logger = silent, dataDir = dir) =>
    openEngine({ dataDir, logger, snapshotEvery });
  /** The directory as a kill -9 leaves it: a copy of what is on disk now, while the engine still runs. */
  const crashImage = () => {
    const copy = `${dir}-crashed`;
    cpSync(dir, copy, { recursive: true });
    return copy;
  };
  const files = () => readdirSync(dir).sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-snapshot-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-crashed`, { recursive: true, force: true });
  });

  test('periodic snapshots rotate the journal; a restart restores the snapshot and replays only what followed', async () => {
    const e = await open(10);
    await buildVariedState(e);
    await turn();
    await e.durable();
    await e.snapshotsWritten(); // periodic snapshots write their file in the background
    expect(files().filter((f) => f.startsWith('snapshot-')).length).toBeGreaterThan(0);
    e.createProcessInstance({ bpmnProcessId: 'order', variables: { orderId: 'after-snapshot' } });
    await e.durable();
    const before = views(e);
    const { logger, lines } = recordingLogger();
    const reopened = await open(10, logger, crashImage()); // no close, so no final snapshot
    const restored = lines.find((l) => l.msg === 'engine state restored from snapshot and journal');
    expect(restored?.snapshot).toMatch(/^snapshot-\d+\.json$/);
    expect(restored?.records).toBeLessThan(10);
    expect(views(reopened)).toEqual(before);
    expect(continueWith(reopened)).toEqual(continueWith(e));
    reopened.close();
    e.close();
  });

  test('a crash between writing the snapshot and rotating the journal recovers: the records before it are skipped', async () => {
    const e = await open(0); // snapshots off: this test places the snapshot itself
    await buildVariedState(e);
    await e.durable();
    const position = JournalFile.open(join(dir, 'journal.log')).records.length;
    writeSnapshotFile(dir, position, JSON.stringify(captureSnapshot(e.runtime)));
    // the engine went on appending to the old segment (no rotation happened)
    const later = e.createProcessInstance({ bpmnProcessId: 'parent', variables: {} }).processInstanceKey;
    e.clock.advance(MINUTE);
    await e.durable();
    const before = views(e);
    e.close();
    expect(files()).toEqual(['journal.log', `snapshot-${position}.json`]);

    const { logger, lines } = recordingLogger();
    const reopened = await open(10, logger);
    const restored = lines.find((l) => l.msg === 'engine state restored from snapshot and journal');
    expect(restored).toMatchObject({ snapshot: `snapshot-${position}.json`, records: 2 });
    expect(views(reopened)).toEqual(before);
    expect(reopened.getProcessInstance(later)?.state).toBe('ACTIVE');
    reopened.close();
  });

  test('a corrupt or cut-short snapshot is ignored: the previous one is used, else a full replay', async () => {
    const e = await open(8);
    await buildVariedState(e);
    // enough records for two snapshots, however far the state's size spaces them (nextSnapshotAfter)
    for (let i = 0; i < 100; i++) {
      e.createProcessInstance({ bpmnProcessId: 'child', variables: { i } });
      await turn();
    }
    await e.durable();
    await e.snapshotsWritten();
    const before = views(e);
    const snapshots = () =>
      files()
        .filter((f) => f.startsWith('snapshot-'))
        .sort((x, y) => Number(x.match(/\d+/)?.[0]) - Number(y.match(/\d+/)?.[0]));
    expect(snapshots()).toHaveLength(2);
    const [older, newest] = snapshots();
    const crashed = crashImage(); // as a crash leaves it: no closing snapshot
    e.close();
    const bytes = readFileSync(join(crashed, newest));
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(join(crashed, newest), bytes);

    let log = recordingLogger();
    const reopened = await open(0, log.logger, crashed);
    expect(log.lines.find((l) => l.msg === 'engine state restored from snapshot and journal')?.snapshot).toBe(older);
    expect(log.lines.some((l) => String(l.msg).includes(`${newest} fails its checksum`))).toBe(true);
    expect(views(reopened)).toEqual(before);
    reopened.close();

    // the older one cut short as well, and the journal from position 0 is gone: nothing usable is an error
    writeFileSync(join(crashed, older), readFileSync(join(crashed, older)).subarray(0, 200));
    log = recordingLogger();
    await expect(open(0, log.logger, crashed)).rejects.toThrow(/no usable snapshot .*is cut short/);
  });

  test('with one snapshot the journal from position 0 stays, so a corrupt snapshot falls back to a full replay', async () => {
    const e = await open(0);
    await buildVariedState(e);
    await e.durable();
    const before = views(e);
    e.close();
    const first = await open(1_000_000);
    expect(first.snapshot()).toBe(true); // the one snapshot, at the current position
    first.close();
    const [snapshot] = files().filter((f) => f.startsWith('snapshot-'));
    writeFileSync(join(dir, snapshot), 'garbage');
    const log = recordingLogger();
    const reopened = await open(0, log.logger);
    const restored = log.lines.find((l) => l.msg === 'engine state restored from snapshot and journal');
    expect(restored?.snapshot).toBeUndefined();
    expect(views(reopened)).toEqual(before);
    reopened.close();
  });

  test('the data directory stays bounded across many snapshots', async () => {
    const every = 25;
    // few finished instances kept, so the state stays small and `every` alone spaces the snapshots
    const e = await openEngine({ dataDir: dir, logger: silent, snapshotEvery: every, historyLimit: 5 });
    e.clock.pin(T0);
    await e.deploy(resources);
    const sizes: number[] = [];
    for (let i = 0; i < 400; i++) {
      const key = e.createProcessInstance({ bpmnProcessId: 'child', variables: { i } }).processInstanceKey;
      const [job] = e.activateJobs({ type: 'child-work', worker: 'w', timeout: MINUTE, maxJobsToActivate: 1 });
      e.completeJob(job.key, {});
      expect(e.getProcessInstance(key)?.state).toBe('COMPLETED');
      await turn(); // a gap between commands, where a due snapshot is taken
      await e.snapshotsWritten(); // and its file written, so `every` alone spaces the snapshots
      if (i % 50 === 49) {
        await e.durable();
        const names = files();
        expect(names.filter((f) => f.startsWith('snapshot-')).length).toBeLessThanOrEqual(2);
        expect(names.filter((f) => f.startsWith('journal')).length).toBeLessThanOrEqual(3);
        const records = names
          .filter((f) => f.startsWith('journal'))
          .reduce((n, f) => n + JournalFile.open(join(dir, f)).records.length, 0);
        expect(records).toBeLessThanOrEqual(3 * every);
        sizes.push(names.filter((f) => f.startsWith('journal')).reduce((n, f) => n + statSync(join(dir, f)).size, 0));
      }
    }
    // the journal on disk does not grow with the history (the snapshots hold it)
    expect(Math.max(...sizes.slice(2))).toBeLessThanOrEqual(2 * Math.max(...sizes.slice(0, 2)));
    const before = views(e);
    e.close();
    const reopened = await open(every);
    expect(views(reopened)).toEqual(before);
    reopened.close();
  });

  test('state a snapshot cannot describe is refused (logged), and the journal keeps everything', async () => {
    const log = recordingLogger();
    const e = await open(5, log.logger);
    await buildVariedState(e);
    // something on the due queue that no part of the snapshot knows how to rebuild
    e.runtime.due.schedule(T0 + 10 * HOUR, { what: 'unknown' } as unknown as DueTask);
    expect(e.snapshot()).toBe(false);
    const failure = log.lines.find(
      (l) => l.msg === 'engine snapshot failed; the journal keeps every record, so nothing is lost',
    );
    expect((failure?.err as { message?: string })?.message).toMatch(
      /the due queue holds \d+ entries, but only \d+ are described/,
    );
    await e.durable();
    const before = views(e);
    const crashed = crashImage();
    const reopened = await open(0, silent, crashed);
    expect(views(reopened)).toEqual(before);
    reopened.close();
    e.close();
  });
});
