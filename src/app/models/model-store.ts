/**
 * The .bpmn files in one directory (bpmn/) as named models: list, read, and write atomically (temp file in
 * the same directory, fsync, rename), so a reader or a crash never sees half a model. Writes are serialised;
 * `ifMatch` (an ETag from a read) refuses to overwrite a model someone else changed, and `check` sees every
 * .bpmn file as the write would leave the directory (what the next start deploys) and may refuse it.
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

/** Every .bpmn file of the directory (as start-up deploys them), by file name. */
export type ModelFiles = { name: string; content: Buffer }[];

export interface WriteOptions {
  ifMatch?: string;
  /** throws to refuse the write; given the directory's .bpmn files with this one written */
  check?: (files: ModelFiles) => Promise<void>;
}

export interface ModelStore {
  readonly directory: string;
  list(): Promise<ModelSummary[]>;
  read(name: string): Promise<StoredModel | undefined>;
  write(name: string, xml: string, options?: WriteOptions): Promise<{ created: boolean; etag: string }>;
}

export function createModelStore(directory: string): ModelStore {
  // one queue for all writes: a check reads every model, which must not change under it
  let writes: Promise<unknown> = Promise.resolve();

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

  /** Runs fn after every earlier write. */
  function serialised<T>(fn: () => Promise<T>): Promise<T> {
    const next = writes.then(fn, fn);
    writes = next.catch(() => {});
    return next;
  }

  /** The .bpmn files as they would be with `xml` written to `file`. */
  async function filesWith(file: string, xml: string): Promise<ModelFiles> {
    const names = (await readdir(directory)).filter((f) => f.endsWith('.bpmn') && f !== path.basename(file));
    const others = await Promise.all(
      names.map(async (name) => ({ name, content: await readFile(path.join(directory, name)) })),
    );
    return [...others, { name: path.basename(file), content: Buffer.from(xml, 'utf8') }].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
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
      return serialised(async () => {
        const current = await readIfExists(file);
        if (options.ifMatch !== undefined && options.ifMatch !== '*') {
          const currentEtag = current === undefined ? undefined : etagOf(current);
          if (currentEtag !== options.ifMatch) throw new ModelChangedError(name, currentEtag);
        }
        await options.check?.(await filesWith(file, xml));
        await writeAtomically(file, xml);
        return { created: current === undefined, etag: etagOf(xml) };
      });
    },
  };
}
