/**
 * The .bpmn files in one directory (bpmn/) as named models: list, read, and write atomically (temp file in
 * the same directory, fsync, rename), so a reader or a crash never sees half a model. Writes are serialised;
 * `ifMatch` (an ETag from a read) refuses to overwrite a model someone else changed, and `check` sees every
 * .bpmn file as the write would leave the directory (what the next start deploys) and may refuse it.
 * A draft (a model saved with problems) goes to .drafts/ beside them: start-up deploys only the directory's
 * own .bpmn files, so a draft never stops the next start; reading a model gives its draft while one exists,
 * and a clean save replaces the model and drops the draft.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface ModelSummary {
  name: string;
  fileName: string;
  size: number;
  modifiedAt: string;
  /** present (true) when the model has a draft with problems that is not deployable yet */
  draft?: true;
}

export interface StoredModel {
  name: string;
  xml: string;
  etag: string;
  modifiedAt: string;
  /** true when `xml` is the draft, not the deployable file */
  draft?: true;
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

/** The files of the directory start-up deploys, in one deployment: models, and the decisions and forms they use. */
export const DEPLOYED_EXTENSIONS = ['.bpmn', '.dmn', '.form'] as const;
export const isDeployedFile = (name: string) => DEPLOYED_EXTENSIONS.some((ext) => name.endsWith(ext));

/** Every deployed file of the directory (as start-up deploys them), by file name. */
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
  /** replaces the model and drops its draft */
  write(name: string, xml: string, options?: WriteOptions): Promise<{ created: boolean; etag: string }>;
  /** keeps `xml` as the model's draft; the deployable file stays as it was */
  writeDraft(
    name: string,
    xml: string,
    options?: Omit<WriteOptions, 'check'>,
  ): Promise<{ created: boolean; etag: string }>;
}

/** Where drafts live, inside the models directory (a folder: start-up reads only the directory's files). */
export const DRAFTS_FOLDER = '.drafts';

export function createModelStore(directory: string): ModelStore {
  // one queue for all writes: a check reads every model, which must not change under it
  let writes: Promise<unknown> = Promise.resolve();

  const draftsDirectory = path.join(directory, DRAFTS_FOLDER);

  function fileFor(name: string, folder = directory): string {
    if (!MODEL_NAME_PATTERN.test(name)) throw new Error(`invalid model name ${JSON.stringify(name)}`);
    return path.join(folder, `${name}.bpmn`);
  }

  async function modelNamesIn(folder: string): Promise<string[]> {
    const entries = await readdir(folder, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.bpmn') && MODEL_NAME_PATTERN.test(e.name.slice(0, -5)))
      .map((e) => e.name.slice(0, -5));
  }

  /** The draft if there is one, else the model file: what the editor shows and what If-Match refers to. */
  async function currentText(name: string): Promise<{ xml: string; file: string; draft: boolean } | undefined> {
    const draftFile = fileFor(name, draftsDirectory);
    const draft = await readIfExists(draftFile);
    if (draft !== undefined) return { xml: draft, file: draftFile, draft: true };
    const file = fileFor(name);
    const xml = await readIfExists(file);
    return xml === undefined ? undefined : { xml, file, draft: false };
  }

  function refuseStale(name: string, current: string | undefined, ifMatch: string | undefined): void {
    if (ifMatch === undefined || ifMatch === '*') return;
    const currentEtag = current === undefined ? undefined : etagOf(current);
    if (currentEtag !== ifMatch) throw new ModelChangedError(name, currentEtag);
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

  /** The deployed files (decisions and forms too) as they would be with `xml` written to `file`. */
  async function filesWith(file: string, xml: string): Promise<ModelFiles> {
    const names = (await readdir(directory)).filter((f) => isDeployedFile(f) && f !== path.basename(file));
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
      const drafts = new Set(await modelNamesIn(draftsDirectory));
      const names = [...new Set([...(await modelNamesIn(directory)), ...drafts])];
      const models = await Promise.all(
        names.map(async (name): Promise<ModelSummary> => {
          const fileName = `${name}.bpmn`;
          const info = await stat(fileFor(name, drafts.has(name) ? draftsDirectory : directory));
          const summary: ModelSummary = { name, fileName, size: info.size, modifiedAt: info.mtime.toISOString() };
          if (drafts.has(name)) summary.draft = true;
          return summary;
        }),
      );
      return models.sort((a, b) => a.name.localeCompare(b.name));
    },

    async read(name) {
      const current = await currentText(name);
      if (current === undefined) return undefined;
      const info = await stat(current.file);
      const model: StoredModel = {
        name,
        xml: current.xml,
        etag: etagOf(current.xml),
        modifiedAt: info.mtime.toISOString(),
      };
      if (current.draft) model.draft = true;
      return model;
    },

    write(name, xml, options = {}) {
      const file = fileFor(name);
      return serialised(async () => {
        const current = await currentText(name);
        refuseStale(name, current?.xml, options.ifMatch);
        await options.check?.(await filesWith(file, xml));
        await writeAtomically(file, xml);
        await unlink(fileFor(name, draftsDirectory)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
        return { created: current === undefined, etag: etagOf(xml) };
      });
    },

    writeDraft(name, xml, options = {}) {
      const file = fileFor(name, draftsDirectory);
      return serialised(async () => {
        const current = await currentText(name);
        refuseStale(name, current?.xml, options.ifMatch);
        await mkdir(draftsDirectory, { recursive: true });
        await writeAtomically(file, xml);
        return { created: current === undefined, etag: etagOf(xml) };
      });
    },
  };
}
