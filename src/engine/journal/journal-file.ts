/**
 * The engine's append-only journal on disk. Each record is framed as [u32 length][u32 crc32][JSON]; a
 * torn or corrupt tail (a crash mid-write) is detected on open and cut off, never half-applied.
 * Appends are buffered and made durable together (group commit): one write, then one fdatasync on libuv's
 * thread pool, after which every waiting `durable()` promise resolves. While that fdatasync runs the event
 * loop goes on (commands are parsed, run and appended); everything appended meanwhile is written and synced
 * as the next batch, so under load one fdatasync covers all the commands that arrived during the previous.
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

const HEADER = 8;

/** The `durable()` callers one write + fdatasync answers. */
interface Batch {
  resolve: (() => void)[];
  reject: ((err: Error) => void)[];
  /** settled already (by flushNow while its fdatasync was still running) */
  done: boolean;
}

const newBatch = (): Batch => ({ resolve: [], reject: [], done: false });

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

  private constructor(
    readonly path: string,
    fd: number,
    count: number,
  ) {
    this.fd = fd;
    this.count = count;
  }

  /** Opens (creating) the journal, returning its intact records; a torn tail is truncated away. */
  static open<T>(path: string): { journal: JournalFile<T> } & JournalOpenResult<T> {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'a+');
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
    return { journal: new JournalFile<T>(path, fd, records.length), records, truncatedBytes };
  }

  append(record: T) {
    if (this.closed) throw new Error(`journal ${this.path} is closed`);
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
    try {
      this.writePending();
      fdatasyncSync(this.fd); // also covers what the fdatasync still in flight covers
      for (const batch of batches) settle(batch);
    } catch (err) {
      for (const batch of batches) settle(batch, err as Error);
    }
  }

  /** One group commit: write what is pending, then fdatasync off the event loop; one at a time. */
  private flush() {
    this.scheduled = false;
    if (this.syncing || this.closed) return; // the running fdatasync schedules the next flush when it ends
    const batch = this.next;
    this.next = newBatch();
    if (this.pending.length === 0) return settle(batch);
    try {
      this.writePending();
    } catch (err) {
      return settle(batch, err as Error);
    }
    this.syncing = batch;
    fdatasync(this.fd, (err) => {
      if (this.syncing === batch) this.syncing = undefined;
      settle(batch, err ?? undefined);
      if (this.pending.length > 0) this.schedule();
    });
  }

  private writePending() {
    if (this.pending.length === 0) return;
    const chunk = Buffer.concat(this.pending);
    this.pending = [];
    let written = 0;
    while (written < chunk.length) written += writeSync(this.fd, chunk, written);
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
