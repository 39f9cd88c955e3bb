/**
 * The app's database, opened in the background while the engine starts (a fresh PGlite directory takes
 * seconds); the data directory is made its owner's alone first (src/owner-only.ts), what is in it is
 * tightened by what opens it.
 */
import type { Config } from '../config';
import { type Database, openDatabase } from '../data';
import { ownerOnlyEntry } from '../owner-only';
import type { StartedParts } from './shutdown';

/**
 * Starts opening the database and adds it to the parts to stop; awaiting the promise reports why it did not
 * open, if it did not.
 * @param open opens another database instead of config's (tests: an in-memory copy)
 */
export function openAppDatabase(
  config: Config,
  parts: StartedParts,
  open?: () => Promise<Database>,
): Promise<Database> {
  ownerOnlyEntry(config.dataDir);
  const opening = open ? open() : openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  opening.catch(() => {}); // awaited by start-up later; a failure surfaces there
  // a database that never opened has nothing to close
  parts.add('database', async () => (await opening.catch(() => undefined))?.close());
  return opening;
}
