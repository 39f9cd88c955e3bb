/**
 * Periodic snapshots (journal/persistence.ts): their file is written in the background, so a crash while it
 * is written must restore from what is on disk (the journal already rotated, the snapshot not yet in place);
 * and a large state spaces them out (nextSnapshotAfter) instead of paying a full capture every N records.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../../src/engine/engine';
import { nextSnapshotAfter } from '../../src/engine/journal/persistence';
import { continueWith, recordingLogger, resources, silent, T0, turn, views } from './snapshot-fixture';

describe('periodic snapshots', () => {
  let dir: string;
  const snapshotFiles = (d: string) => readdirSync(d).filter((f) => /^snapshot-\d+\.json$/.test(f));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-snapshot-bg-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-crashed`, { recursive: true, force: true });
  });

  test('a crash while the snapshot file is written restores from the journal, which rotated already', async () => {
    const e = await openEngine({ dataDir: dir, logger: silent, snapshotEvery: 20 });
    e.clock.pin(T0);
    await e.deploy(resources);
    await e.snapshotsWritten();
    const before = snapshotFiles(dir);
    let crashed = false;
    for (let i = 0; i < 100 && !crashed; i++) {
      e.createProcessInstance({ bpmnProcessId: 'child', variables: { i } });
      await turn(); // a due snapshot is captured here and its file starts being written
      // the segment a snapshot starts, without that snapshot in place yet
      const rotated = readdirSync(dir)
        .map((f) => /^journal-(\d+)\.log$/.exec(f)?.[1])
        .filter((p): p is string => p !== undefined);
      if (rotated.some((p) => !existsSync(join(dir, `snapshot-${p}.json`)))) {
        // the write is on the thread pool; copying synchronously, nothing of it can land in the copy
        cpSync(dir, `${dir}-crashed`, { recursive: true });
        crashed = true;
      }
    }
    expect(crashed).toBe(true);
    await e.durable();
    const expected = views(e);
    const reopened = await openEngine({ dataDir: `${dir}-crashed`, logger: silent, snapshotEvery: 0 });
    expect(views(reopened)).toEqual(expected);
    expect(continueWith(reopened)).toEqual(continueWith(e));
    reopened.close();
    await e.snapshotsWritten();
    expect(snapshotFiles(dir).length).toBeGreaterThan(before.length); // the write itself did finish
    e.close();
  });

  test('a large state spaces snapshots by its size; a small one by snapshotEvery', async () => {
    const { logger, lines } = recordingLogger();
    const every = 10;
    const e = await openEngine({ dataDir: dir, logger, snapshotEvery: every });
    e.clock.pin(T0);
    await e.deploy(resources);
    for (let i = 0; i < 600; i++) {
      e.createProcessInstance({ bpmnProcessId: 'child', variables: { i } }); // each waits at its job
      await turn();
      await e.snapshotsWritten();
    }
    await e.durable();
    const written = lines.filter((l) => l.msg === 'engine snapshot written');
    const gaps = written.map((l) => Number(l.nextAt) - Number(l.position));
    expect(gaps[0]).toBe(every); // the first state is small
    expect(Math.max(...gaps)).toBeGreaterThan(10 * every);
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b)); // the state only grows here
    // every 10 records would have been ~60 snapshots of a growing state
    expect(written.length).toBeLessThan(15);
    for (const l of written) {
      expect(Number(l.nextAt) - Number(l.position)).toBe(nextSnapshotAfter(every, Number(l.elementInstances)));
    }
    const expected = views(e);
    e.close();
    const reopened = await openEngine({ dataDir: dir, logger: silent, snapshotEvery: every });
    expect(views(reopened)).toEqual(expected);
    reopened.close();
  });

  test('nextSnapshotAfter: snapshotEvery at least, then in proportion to the element instances', () => {
    expect(nextSnapshotAfter(10_000, 0)).toBe(10_000);
    expect(nextSnapshotAfter(10_000, 20_000)).toBe(10_000);
    expect(nextSnapshotAfter(10_000, 300_000)).toBe(120_000);
    expect(nextSnapshotAfter(1, 3)).toBe(2);
  });
});
