/**
 * The .bpmn, .dmn and .form files in one directory (bpmn/) as named models of three kinds: list, read, and
 * write atomically (temp file in
 * the same directory, fsync, rename), so a reader or a crash never sees half a model. Writes are serialised;
 * `ifMatch` (an ETag from a read) refuses to overwrite a model someone else changed, and `check` sees every
 * deployed file as the write would leave the directory (what the next start deploys) and may refuse it.
 * A draft (a model saved with problems) goes to .drafts/ beside them: start-up deploys only the directory's
 * own files, so a draft never stops the next start; reading a model gives its draft while one exists,
 * and a clean save replaces the model and drops the draft.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { readIfExists, writeAtomically } from './atomic-file';

/** What a model file holds: a BPMN process, a DMN decision (DRD) or a Camunda form. */
export type ModelKind = 'bpmn' | 'dmn' | 'form';
export const MODEL_KINDS: readonly ModelKind[] = ['bpmn', 'dmn', 'form'];

/** A model by its name and kind: the file `<name>.<kind>`. */
export interface ModelRef {
  name: string;
  kind: ModelKind;
}

export interface ModelSummary {
  name: string;
  kind: ModelKind;
  fileName: string;
  size: number;
  modifiedAt: string;
  /** present (true) when the model has a draft with problems that is not deployable yet */
  draft?: true;
}

export interface StoredModel {
  name: string;
  kind: ModelKind;
  /** the file's text: XML for bpmn and dmn, JSON for a form */
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

/** The model a file name holds (`rates.dmn` → rates, dmn), or undefined for any other file. */
export function modelRefOfFile(fileName: string): ModelRef | undefined {
  const dot = fileName.lastIndexOf('.');
  const kind = fileName.slice(dot + 1) as ModelKind;
  const name = fileName.slice(0, dot);
  return dot > 0 && MODEL_KINDS.includes(kind) && MODEL_NAME_PATTERN.test(name) ? { name, kind } : undefined;
}

/** Every deployed file of the directory (as start-up deploys them), by file name. */
export type ModelFiles = { name: string; content: Buffer }[];

export interface WriteOptions {
  ifMatch?: string;
  /** throws to refuse the write; given the directory's .bpmn files with this one written */
  check?: (files: ModelFiles) => Promise<void>;
}

/** How a model is named in messages and URLs: a BPMN model by its name, a decision or form with its extension. */
export const modelLabel = ({ name, kind }: ModelRef) => (kind === 'bpmn' ? name : `${name}.${kind}`);

/** A model name alone is a BPMN model (the only kind there was at first). */
const refOf = (model: string | ModelRef): ModelRef =>
  typeof model === 'string' ? { name: model, kind: 'bpmn' } : model;

export interface ModelStore {
  readonly directory: string;
  list(): Promise<ModelSummary[]>;
  read(model: string | ModelRef): Promise<StoredModel | undefined>;
  /** replaces the model and drops its draft */
  write(model: string | ModelRef, xml: string, options?: WriteOptions): Promise<{ created: boolean; etag: string }>;
  /** keeps `xml` as the model's draft; the deployable file stays as it was */
  writeDraft(
    model: string | ModelRef,
    xml: string,
    options?: Omit<WriteOptions, 'check'>,
  ): Promise<{ created: boolean; etag: string }>;
}

/** Where drafts live, inside the models directory (a folder: start-up reads only the directory's files). */
export const DRAFTS_FOLDER = '.drafts';

/** The models in a folder, as "<kind>:<name>" keys (one set can hold a model and its draft). */
async function modelKeysIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return entries.flatMap((e) => {
    const ref = e.isFile() ? modelRefOfFile(e.name) : undefined;
    return ref ? [`${ref.kind}:${ref.name}`] : [];
  });
}

/** The deployed files (decisions and forms too) as they would be with `xml` written to `file`. */
async function filesWith(directory: string, file: string, xml: string): Promise<ModelFiles> {
  const names = (await readdir(directory)).filter((f) => isDeployedFile(f) && f !== path.basename(file));
  const others = await Promise.all(
    names.map(async (name) => ({ name, content: await readFile(path.join(directory, name)) })),
  );
  return [...others, { name: path.basename(file), content: Buffer.from(xml, 'utf8') }].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

/** Refuses a write whose If-Match is not the model's current ETag. */
function refuseStale(name: string, current: string | undefined, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch === '*') return;
  const currentEtag = current === undefined ? undefined : etagOf(current);
  if (currentEtag !== ifMatch) throw new ModelChangedError(name, currentEtag);
}

export function createModelStore(directory: string): ModelStore {
  // one queue for all writes: a check reads every model, which must not change under it
  let writes: Promise<unknown> = Promise.resolve();

  const draftsDirectory = path.join(directory, DRAFTS_FOLDER);

  function fileFor({ name, kind }: ModelRef, folder = directory): string {
    if (!MODEL_NAME_PATTERN.test(name)) throw new Error(`invalid model name ${JSON.stringify(name)}`);
    return path.join(folder, `${name}.${kind}`);
  }

  /** The draft if there is one, else the model file: what the editor shows and what If-Match refers to. */
  async function currentText(ref: ModelRef): Promise<{ xml: string; file: string; draft: boolean } | undefined> {
    const draftFile = fileFor(ref, draftsDirectory);
    const draft = await readIfExists(draftFile);
    if (draft !== undefined) return { xml: draft, file: draftFile, draft: true };
    const file = fileFor(ref);
    const xml = await readIfExists(file);
    return xml === undefined ? undefined : { xml, file, draft: false };
  }

  /** Runs fn after every earlier write. */
  function serialised<T>(fn: () => Promise<T>): Promise<T> {
    const next = writes.then(fn, fn);
    writes = next.catch(() => {});
    return next;
  }

  return {
    directory,

    async list() {
      const drafts = new Set(await modelKeysIn(draftsDirectory));
      const keys = [...new Set([...(await modelKeysIn(directory)), ...drafts])];
      const models = await Promise.all(
        keys.map(async (key): Promise<ModelSummary> => {
          const [kind, name] = [key.slice(0, key.indexOf(':')) as ModelKind, key.slice(key.indexOf(':') + 1)];
          const info = await stat(fileFor({ name, kind }, drafts.has(key) ? draftsDirectory : directory));
          const summary: ModelSummary = {
            name,
            kind,
            fileName: `${name}.${kind}`,
            size: info.size,
            modifiedAt: info.mtime.toISOString(),
          };
          if (drafts.has(key)) summary.draft = true;
          return summary;
        }),
      );
      const kindOrder = (m: ModelSummary) => MODEL_KINDS.indexOf(m.kind);
      return models.sort((a, b) => a.name.localeCompare(b.name) || kindOrder(a) - kindOrder(b));
    },

    async read(model) {
      const ref = refOf(model);
      const current = await currentText(ref);
      if (current === undefined) return undefined;
      const info = await stat(current.file);
      const stored: StoredModel = {
        ...ref,
        xml: current.xml,
        etag: etagOf(current.xml),
        modifiedAt: info.mtime.toISOString(),
      };
      if (current.draft) stored.draft = true;
      return stored;
    },

    write(model, xml, options = {}) {
      const ref = refOf(model);
      const file = fileFor(ref);
      return serialised(async () => {
        const current = await currentText(ref);
        refuseStale(modelLabel(ref), current?.xml, options.ifMatch);
        await options.check?.(await filesWith(directory, file, xml));
        await writeAtomically(file, xml);
        await unlink(fileFor(ref, draftsDirectory)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
        return { created: current === undefined, etag: etagOf(xml) };
      });
    },

    writeDraft(model, xml, options = {}) {
      const ref = refOf(model);
      const file = fileFor(ref, draftsDirectory);
      return serialised(async () => {
        const current = await currentText(ref);
        refuseStale(modelLabel(ref), current?.xml, options.ifMatch);
        await mkdir(draftsDirectory, { recursive: true });
        await writeAtomically(file, xml);
        return { created: current === undefined, etag: etagOf(xml) };
      });
    },
  };
}
