/**
 * The engine's append-only journal on disk. Each record is framed as [u32 length][u32 crc32][JSON]; a
 * torn or corrupt tail (a crash mid-write) is detected on open and cut off, never half-applied.
 * Appends are buffered and made durable together (group commit): one write, then one fdatasync on libuv's
 * thread pool, after which every waiting `durable()` promise resolves. While that fdatasync runs the event
 * loop goes on (commands are parsed, run and appended); everything appended meanwhile is written and synced
 * as the next batch, so under load one fdatasync covers all the commands that arrived during the previous.
 *
 * A write or fdatasync that fails (ENOSPC, EIO) fails its batch and the journal for good: the file is cut
 * back to the end of the last batch that was made durable, and every later append and `durable()` throws the
 * same JournalFailedError. Carrying on instead would leave a torn record in the middle of the file once the
 * disk has room again, and a restart, which stops at the first torn record, would drop every acknowledged
 * record after it.
 */
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { OWNER_DIR_MODE, OWNER_FILE_MODE } from '../../owner-only';
import { EngineError } from '../errors';

const HEADER = 8;

/** The `durable()` callers one write + fdatasync answers. */
interface Batch {
  resolve: (() => void)[];
  reject: ((err: Error) => void)[];
  /** settled already (by flushNow while its fdatasync was still running) */
  done: boolean;
}

const newBatch = (): Batch => ({ resolve: [], reject: [], done: false });

/** The journal could not be written: the engine takes no more commands until it is restarted. */
export class JournalFailedError extends EngineError {
  constructor(
    path: string,
    readonly reason: Error,
  ) {
    super(
      'UNAVAILABLE',
      `the engine's journal ${path} could not be written (${reason.message}); to keep what it acknowledged, the engine takes no more commands: make room on the disk and restart it`,
    );
    this.name = 'JournalFailedError';
  }
}

function settle(batch: Batch, err?: Error) {
  if (batch.done) return;
  batch.done = true;
  if (err) for (const reject of batch.reject) reject(err);
  else for (const resolve of batch.resolve) resolve();
}

export interface JournalOpenResult<T> {
  records: T[];
  /** bytes cut from a torn tail (0 when the file ended cleanly) */
  truncatedBytes: number;
}

export class JournalFile<T> {
  private fd: number;
  private pending: Buffer[] = [];
  /** waiting for the next write (everything in `pending`) */
  private next: Batch = newBatch();
  /** written, its fdatasync in flight */
  private syncing: Batch | undefined;
  private scheduled = false;
  private closed = false;
  /** records in the file: the intact ones found on open plus those appended since */
  count: number;
  /** bytes in the file up to the end of the last write */
  private written: number;
  /** bytes in the file up to the end of the last batch made durable (what a failure cuts the file back to) */
  private durableEnd: number;
  /** set once a write or fdatasync failed: nothing is appended any more */
  failure: JournalFailedError | undefined;

  private constructor(
    readonly path: string,
    fd: number,
    count: number,
    bytes: number,
  ) {
    this.fd = fd;
    this.count = count;
    this.written = bytes;
    this.durableEnd = bytes;
  }

  /** Opens (creating) the journal, returning its intact records; a torn tail is truncated away. */
  static open<T>(path: string): { journal: JournalFile<T> } & JournalOpenResult<T> {
    mkdirSync(dirname(path), { recursive: true, mode: OWNER_DIR_MODE });
    const fd = openSync(path, 'a+', OWNER_FILE_MODE);
    const data = readFileSync(path);
    const records: T[] = [];
    let offset = 0;
    while (offset + HEADER <= data.length) {
      const length = data.readUInt32LE(offset);
      const checksum = data.readUInt32LE(offset + 4);
      const end = offset + HEADER + length;
      if (end > data.length) break;
      const payload = data.subarray(offset + HEADER, end);
      if (crc32(payload) !== checksum) break;
      try {
        records.push(JSON.parse(payload.toString('utf8')) as T);
      } catch {
        break;
      }
      offset = end;
    }
    const truncatedBytes = data.length - offset;
    if (truncatedBytes > 0) {
      ftruncateSync(fd, offset);
      fdatasyncSync(fd);
    }
    return { journal: new JournalFile<T>(path, fd, records.length, offset), records, truncatedBytes };
  }

  append(record: T) {
    if (this.closed) throw new Error(`journal ${this.path} is closed`);
    if (this.failure) throw this.failure;
    const payload = Buffer.from(JSON.stringify(record), 'utf8');
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    this.pending.push(header, payload);
    this.count++;
    this.schedule();
  }

  /** Resolves once everything appended so far is on disk. */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const batch = this.pending.length > 0 || this.scheduled ? this.next : this.syncing;
    if (!batch) return Promise.resolve();
    return new Promise((resolve, reject) => {
      batch.resolve.push(resolve);
      batch.reject.push(reject);
    });
  }

  size(): number {
    return fstatSync(this.fd).size;
  }

  /** Writes and syncs everything appended so far before returning (snapshots, close), settling every waiter. */
  flushNow() {
    this.scheduled = false;
    const batches = [this.syncing, this.next].filter((b): b is Batch => b !== undefined);
    this.syncing = undefined;
    this.next = newBatch();
    if (this.failure) {
      for (const batch of batches) settle(batch, this.failure);
      return;
    }
    try {
      this.writePending();
      fdatasyncSync(this.fd); // also covers what the fdatasync still in flight covers
      this.durableEnd = this.written;
      for (const batch of batches) settle(batch);
    } catch (err) {
      this.fail(err as Error); // (the batch whose fdatasync was in flight is cut back and failed too)
      for (const batch of batches) settle(batch, this.failure);
    }
  }

  /** One group commit: write what is pending, then fdatasync off the event loop; one at a time. */
  private flush() {
    this.scheduled = false;
    if (this.syncing || this.closed) return; // the running fdatasync schedules the next flush when it ends
    const batch = this.next;
    this.next = newBatch();
    if (this.failure) return settle(batch, this.failure);
    if (this.pending.length === 0) return settle(batch);
    try {
      this.writePending();
    } catch (err) {
      this.fail(err as Error);
      return settle(batch, this.failure);
    }
    this.syncing = batch;
    const end = this.written;
    fdatasync(this.fd, (err) => {
      if (this.syncing === batch) this.syncing = undefined;
      if (!batch.done) {
        // (done: flushNow settled it meanwhile, with an fdatasync of its own)
        if (err) this.fail(err);
        else this.durableEnd = Math.max(this.durableEnd, end);
        settle(batch, err ? this.failure : undefined);
      }
      if (this.pending.length > 0) this.schedule();
    });
  }

  private writePending() {
    if (this.pending.length === 0) return;
    const chunk = Buffer.concat(this.pending);
    this.pending = [];
    let written = 0;
    while (written < chunk.length) written += writeSync(this.fd, chunk, written);
    this.written += chunk.length;
  }

  /** Cuts the file back to its last durable batch (best effort: the disk may refuse that too) and fails the journal. */
  private fail(cause: Error) {
    if (this.failure) return;
    this.failure = new JournalFailedError(this.path, cause);
    this.pending = [];
    try {
      ftruncateSync(this.fd, this.durableEnd);
      fdatasyncSync(this.fd);
      this.written = this.durableEnd;
    } catch {
      // a restart cuts a torn tail off in any case; nothing was appended after it
    }
  }

  close() {
    if (this.closed) return;
    this.flushNow();
    this.closed = true;
    closeSync(this.fd);
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}
