/**
 * The .bpmn files in one directory (bpmn/) as named models: list, read, and write atomically (temp file in
 * the same directory, fsync, rename), so a reader or a crash never sees half a model. Writes to one model
 * are serialised; `ifMatch` (an ETag from a read) refuses to overwrite a model someone else changed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface ModelSummary {
  name: string;
  fileName: string;
  size: number;
  modifiedAt: string;
}

export interface StoredModel {
  name: string;
  xml: string;
  etag: string;
  modifiedAt: string;
}

export class ModelChangedError extends Error {
  constructor(
    readonly modelName: string,
    readonly currentEtag: string | undefined,
  ) {
    super(`Model ${modelName} changed since it was read (its ETag is now ${currentEtag ?? 'absent: it was deleted'})`);
    this.name = 'ModelChangedError';
  }
}

/** Letters, digits, '.', '_' and '-', starting with a letter or digit: no path can be built from it. */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function etagOf(content: string): string {
  return `"${createHash('sha256').update(content, 'utf8').digest('base64url').slice(0, 27)}"`;
}

export interface ModelStore {
  readonly directory: string;
  list(): Promise<ModelSummary[]>;
  read(name: string): Promise<StoredModel | undefined>;
  write(name: string, xml: string, options?: { ifMatch?: string }): Promise<{ created: boolean; etag: string }>;
}

export function createModelStore(directory: string): ModelStore {
  const queues = new Map<string, Promise<unknown>>();

  function fileFor(name: string): string {
    if (!MODEL_NAME_PATTERN.test(name)) throw new Error(`invalid model name ${JSON.stringify(name)}`);
    return path.join(directory, `${name}.bpmn`);
  }

  async function readIfExists(file: string): Promise<string | undefined> {
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async function writeAtomically(file: string, content: string): Promise<void> {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, file);
    } catch (err) {
      await unlink(temp).catch(() => {});
      throw err;
    }
  }

  /** Runs fn after every earlier write of the same model. */
  function serialised<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = queues.get(name) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => {});
    queues.set(name, settled);
    void settled.then(() => {
      if (queues.get(name) === settled) queues.delete(name);
    });
    return next;
  }

  return {
    directory,

    async list() {
      const entries = await readdir(directory, { withFileTypes: true });
      const models = await Promise.all(
        entries
          .filter((e) => e.isFile() && e.name.endsWith('.bpmn') && MODEL_NAME_PATTERN.test(e.name.slice(0, -5)))
          .map(async (e) => {
            const info = await stat(path.join(directory, e.name));
            return {
              name: e.name.slice(0, -5),
              fileName: e.name,
              size: info.size,
              modifiedAt: info.mtime.toISOString(),
            };
          }),
      );
      return models.sort((a, b) => a.name.localeCompare(b.name));
    },

    async read(name) {
      const file = fileFor(name);
      const xml = await readIfExists(file);
      if (xml === undefined) return undefined;
      const info = await stat(file);
      return { name, xml, etag: etagOf(xml), modifiedAt: info.mtime.toISOString() };
    },

    write(name, xml, options = {}) {
      const file = fileFor(name);
      return serialised(name, async () => {
        const current = await readIfExists(file);
        if (options.ifMatch !== undefined && options.ifMatch !== '*') {
          const currentEtag = current === undefined ? undefined : etagOf(current);
          if (currentEtag !== options.ifMatch) throw new ModelChangedError(name, currentEtag);
        }
        await writeAtomically(file, xml);
        return { created: current === undefined, etag: etagOf(xml) };
      });
    },
  };
}
