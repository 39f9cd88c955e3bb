import fs, { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalFile } from '../../src/engine/journal/journal-file';

/**
 * fdatasync calls held until the test lets them run, to see what the journal does while one is in flight.
 * release() resolves once the real fdatasync has answered the journal, however slow the disk is under load.
 */
function holdFdatasync() {
  const real = fs.fdatasync;
  const held: (() => Promise<void>)[] = [];
  const spy = jest.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, cb: fs.NoParamCallback) => {
    held.push(
      () =>
        new Promise<void>((answered) =>
          real(fd, (err) => {
            cb(err);
            answered();
          }),
        ),
    );
  }) as typeof fs.fdatasync);
  const release = async () => {
    while (held.length === 0) await new Promise((r) => setImmediate(r));
    await (held.shift() as () => Promise<void>)();
    await new Promise((r) => setImmediate(r));
  };
  return { spy, held, release };
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  p.then(() => {
    done = true;
  });
  await new Promise((r) => setTimeout(r, 20));
  return done;
};

describe('journal group commit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-group-commit-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledges only after the fdatasync, and syncs everything appended meanwhile with one more', async () => {
    const sync = holdFdatasync();
    const file = join(dir, 'journal.log');
    const { journal } = JournalFile.open<{ n: number }>(file);
    journal.append({ n: 1 });
    const first = journal.durable();
    await new Promise((r) => setImmediate(r));
    expect(sync.spy).toHaveBeenCalledTimes(1);
    // while that fdatasync runs, three more commands arrive
    const later = [2, 3, 4].map((n) => {
      journal.append({ n });
      return journal.durable();
    });
    expect(await settled(first)).toBe(false);
    await sync.release();
    expect(await settled(first)).toBe(true);
    expect(await settled(Promise.all(later))).toBe(false);
    expect(sync.spy).toHaveBeenCalledTimes(2);
    await sync.release();
    expect(await settled(Promise.all(later))).toBe(true);
    expect(sync.spy).toHaveBeenCalledTimes(2);
    journal.close();
    expect(JournalFile.open<{ n: number }>(file).records.map((r) => r.n)).toEqual([1, 2, 3, 4]);
  });

  it('flushNow (snapshots, close) writes and syncs at once, answering the batch whose fdatasync is in flight too', async () => {
    const sync = holdFdatasync();
    const file = join(dir, 'journal.log');
    const { journal } = JournalFile.open<{ n: number }>(file);
    journal.append({ n: 1 });
    const inFlight = journal.durable();
    await new Promise((r) => setImmediate(r));
    journal.append({ n: 2 });
    const pending = journal.durable();
    journal.close();
    expect(await settled(Promise.all([inFlight, pending]))).toBe(true);
    expect(JournalFile.open<{ n: number }>(file).records.map((r) => r.n)).toEqual([1, 2]);
    await sync.release(); // the late callback of the first fdatasync changes nothing
  });
});
