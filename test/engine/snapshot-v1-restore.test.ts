/**
 * A snapshot written by the engine before issue 25's redesign (test/fixtures/snapshot-v1: the central codec's
 * SNAPSHOT_VERSION 2 files with a history segment) still restores: a copy of its data directory opens to the
 * same query results that engine gave, and driven on (jobs completed, incidents resolved, the clock advanced
 * past timers, deadlines, back-offs and message TTLs) it answers step by step as that engine did.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../../src/engine/engine';
import {
  driveOn,
  EXPECTED_FILE,
  FIXTURE_DATA_DIR,
  HISTORY_LIMIT,
  queryResults,
} from '../fixtures/snapshot-v1/scenario';
import { recordingLogger } from './snapshot-fixture';

describe('a snapshot written before the per-service state codecs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-snapshot-v1-'));
    cpSync(FIXTURE_DATA_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('restores to the same query results and goes on as the engine that wrote it did', async () => {
    const expected = JSON.parse(readFileSync(EXPECTED_FILE, 'utf8'));
    const log = recordingLogger();
    const e = await openEngine({ dataDir: dir, logger: log.logger, historyLimit: HISTORY_LIMIT, diskFreeMin: 0 });
    try {
      // restored from the snapshot and its history segment, not by replaying the journal before them
      const restored = log.lines.find((l) => l.msg === 'engine state restored from snapshot and journal');
      expect(restored).toMatchObject({ snapshot: expect.stringContaining('snapshot-54.json'), records: 0 });
      expect(log.lines.filter((l) => (l.level as number) >= 40)).toEqual([]);
      expect(queryResults(e)).toEqual(expected.queries);
      const steps = driveOn(e);
      // the continuation reached the restored waits: every incident resolved, timers and timer starts fired
      const resolved = steps.filter((s) => String((s as unknown[])[0]).startsWith('resolve '));
      expect(resolved.length).toBe(6);
      expect(resolved.every((s) => (s as unknown[])[1] === null)).toBe(true);
      const last = (steps[steps.length - 1] as [string, ReturnType<typeof queryResults>])[1];
      const completedElements = (id: string) =>
        last.elements.filter(
          (x: { elementId: string; state: string }) => x.elementId === id && x.state === 'COMPLETED',
        );
      expect(completedElements('cool-off').length).toBeGreaterThan(0); // an intermediate timer armed in the snapshot
      expect(completedElements('tick').length).toBeGreaterThan(0); // a timer start event armed in the snapshot
      expect(steps).toEqual(expected.driveOn);
    } finally {
      e.close();
    }
  });
});
