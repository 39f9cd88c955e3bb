/**
 * The data directory holds every process variable, the API key and the database: readable by its owner
 * only. Files Baton creates there are 0600 and directories 0700; what an older version left more open is
 * tightened when the directory is opened. Only Baton's own entries are touched, never whatever else a
 * DATA_DIR pointed at an existing directory may hold.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const OWNER_FILE_MODE = 0o600;
export const OWNER_DIR_MODE = 0o700;

/** Creates `dir` (with missing parents) owner-only, and makes an existing one owner-only. */
export function ownerOnlyDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: OWNER_DIR_MODE });
  chmodSync(dir, OWNER_DIR_MODE);
}

/** Makes an existing file or directory (not what is in it) owner-only; a missing one stays missing, a link is not followed. */
export function ownerOnlyEntry(file: string): void {
  try {
    const stat = lstatSync(file);
    if (stat.isFile()) chmodSync(file, OWNER_FILE_MODE);
    else if (stat.isDirectory()) chmodSync(file, OWNER_DIR_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** `ownerOnlyDirectory(dir)`, and every file and directory below it owner-only (for trees Baton owns whole). */
export function ownerOnlyTree(dir: string): void {
  ownerOnlyDirectory(dir);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const at = join(dir, entry.name);
    if (entry.isDirectory()) ownerOnlyTree(at);
    else if (entry.isFile()) chmodSync(at, OWNER_FILE_MODE);
  }
}
