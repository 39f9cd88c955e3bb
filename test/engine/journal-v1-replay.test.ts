/**
 * Issue 25 moved the engine's commands into one table; the journal format must not change with it. The fixture
 * (test/fixtures/journal-v1/, written by make-fixture.ts on the engine before that change) holds a journal with
 * every kind of record and what the engine answered when it wrote it: an engine opened on a copy of it now must
 * answer the same, and the same commands must write the same journal, byte for byte.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { JournalRecord } from '../../src/engine/commands/journal-record';
import { openEngine } from '../../src/engine/engine';
import { JournalFile } from '../../src/engine/journal/journal-file';
import { driveFixture, fixtureEngine } from '../fixtures/journal-v1/drive-fixture';
import { fixtureViews } from '../fixtures/journal-v1/fixture-views';

const fixture = join(__dirname, '../fixtures/journal-v1');

function recordsIn(dir: string): JournalRecord[] {
  const { journal, records } = JournalFile.open<JournalRecord>(join(dir, 'journal.log'));
  journal.close();
  return records;
}

describe('a journal written before the command table (journal-v1)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-journal-v1-'));
    cpSync(join(fixture, 'data'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('replays to the same instances, elements, incidents, variables, jobs, user tasks and users', async () => {
    const expected = readFileSync(join(fixture, 'expected.jsonl'), 'utf8').trimEnd().split('\n');
    // default FEEL limits: the budget the fixture's engine exceeded comes back from the journal, not from a setting
    const engine = await openEngine({
      dataDir: dir,
      logger: pino({ level: 'silent' }),
      snapshotEvery: 0,
      diskFreeMin: 0,
    });
    try {
      const replayed = fixtureViews(engine);
      expect(replayed).toHaveLength(expected.length);
      expect(replayed).toEqual(expected);
    } finally {
      engine.close();
    }
  });

  test('the same commands write the same journal, byte for byte', async () => {
    const written = mkdtempSync(join(tmpdir(), 'baton-journal-v1-written-'));
    try {
      const engine = await openEngine(fixtureEngine(written));
      await driveFixture(engine);
      engine.close();
      // record by record first (a readable difference), then the bytes
      expect(recordsIn(written)).toEqual(recordsIn(dir));
      const journal = readFileSync(join(written, 'journal.log'));
      expect(journal.equals(readFileSync(join(fixture, 'data/journal.log')))).toBe(true);
    } finally {
      rmSync(written, { recursive: true, force: true });
    }
  });
});
