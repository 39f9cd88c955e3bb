/**
 * Run by disk-full.test.ts under a file-size limit: writes a state file larger than the limit, once on the
 * event loop and once in the background, and prints how each ended (`written` or the error code).
 */
import { writeSnapshotFile, writeSnapshotFileInBackground } from '../../src/engine/journal/snapshot-file';

async function main() {
  const dir = process.argv[2];
  const json = JSON.stringify({ blob: 'x'.repeat(256 * 1024) });
  const ended = async (write: () => unknown) => {
    try {
      await write();
      return 'written';
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? String(err);
    }
  };
  const sync = await ended(() => writeSnapshotFile(dir, 7, json));
  const background = await ended(() => writeSnapshotFileInBackground(dir, 8, json));
  process.stdout.write(JSON.stringify({ sync, background }));
}

void main();
