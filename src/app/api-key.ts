/**
 * The API key that guards write endpoints. API_KEY wins; without it the key generated at first start is
 * kept in `${DATA_DIR}/api-key` (mode 0600) and reused, so it is printed once, when it is created.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OWNER_DIR_MODE, ownerOnlyEntry } from '../owner-only';

export interface ResolvedApiKey {
  key: string;
  source: 'environment' | 'file' | 'generated';
  /** where a stored or generated key lives */
  file?: string;
}

export const API_KEY_FILE = 'api-key';

export async function resolveApiKey(configured: string | undefined, dataDir: string): Promise<ResolvedApiKey> {
  if (configured) return { key: configured, source: 'environment' };
  const file = path.resolve(dataDir, API_KEY_FILE);
  try {
    ownerOnlyEntry(file); // one an older version left readable by others
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 16) return { key: stored, source: 'file', file };
    throw new Error(
      `${file} holds no usable API key (16 characters at least): delete it to get a new one, or set API_KEY`,
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(24).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true, mode: OWNER_DIR_MODE });
  // 'wx' fails if another process created the file meanwhile: then use that one
  try {
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return resolveApiKey(undefined, dataDir);
    throw err;
  }
  return { key, source: 'generated', file };
}
