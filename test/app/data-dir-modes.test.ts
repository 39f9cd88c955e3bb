/**
 * The data directory is readable by its owner only (issue 20, src/owner-only.ts): after a start every file
 * under DATA_DIR (journal, snapshots, lock files, API key, PGlite's files) is 0600 and every directory 0700,
 * and what an older version left 0644/0755 is tightened at the next start.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEngine } from '../../src/engine/engine';
import { silent } from '../engine/snapshot-fixture';
import { startTestBaton } from '../support/test-baton';

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

/** Every entry under `dir` (itself included) with its permission bits, as `relative path -> mode`. */
function modesUnder(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  out[path.relative(base, dir) || '.'] = modeOf(dir);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) modesUnder(at, base, out);
    else out[path.relative(base, at)] = modeOf(at);
  }
  return out;
}

describe('data directory modes', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'baton-modes-')), 'data');
  });
  afterEach(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  test('after a start, everything under DATA_DIR is owner-only: files 0600, directories 0700', async () => {
    // snapshots on every record, so there are snapshot files to look at
    const baton = await startTestBaton({ dataDir, env: { ENGINE_SNAPSHOT_EVERY: '1' } });
    try {
      const modes = modesUnder(dataDir);
      for (const name of ['engine/engine.lock', 'api-key', 'pglite.lock', 'pglite/PG_VERSION'])
        expect(modes).toHaveProperty([name]);
      // (the journal's segment after the newest snapshot: journal.log, or journal-N.log once snapshots were taken)
      expect(Object.keys(modes).some((name) => /^engine\/journal(-\d+)?\.log$/.test(name))).toBe(true);
      expect(Object.keys(modes).some((name) => /^engine\/snapshot-\d+\.json$/.test(name))).toBe(true);
      const open = Object.entries(modes).filter(([name, mode]) => {
        const isDir = statSync(path.join(dataDir, name)).isDirectory();
        return mode !== (isDir ? '700' : '600');
      });
      expect(open).toEqual([]);
    } finally {
      await baton.close();
    }
  });

  test('an engine directory an older version left 0755 with a 0644 journal is tightened at open', async () => {
    const engineDir = path.join(dataDir, 'engine');
    const first = await openEngine({ dataDir: engineDir, logger: silent, snapshotEvery: 0, diskFreeMin: 0 });
    first.close();
    chmodSync(engineDir, 0o755);
    chmodSync(path.join(engineDir, 'journal.log'), 0o644);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'api-key'), 'an-api-key-of-an-older-start\n', { mode: 0o644 });
    expect(modeOf(path.join(engineDir, 'journal.log'))).toBe('644');

    const engine = await openEngine({ dataDir: engineDir, logger: silent, snapshotEvery: 0, diskFreeMin: 0 });
    engine.close();
    expect(modeOf(engineDir)).toBe('700');
    expect(modeOf(path.join(engineDir, 'journal.log'))).toBe('600');

    const baton = await startTestBaton({ dataDir });
    try {
      expect(baton.apiKey.source).toBe('file');
      expect(modeOf(path.join(dataDir, 'api-key'))).toBe('600');
      expect(modeOf(dataDir)).toBe('700');
    } finally {
      await baton.close();
    }
  });
});
