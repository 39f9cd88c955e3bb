/**
 * The engine's append-only journal on disk. Each record is framed as [u32 length][u32 crc32][JSON]; a
 * torn or corrupt tail (a crash mid-write) is detected on open and cut off, never half-applied.
 * Appends are buffered and made durable together (group commit): one write and one fdatasync per turn
 * of the event loop, after which every waiting `durable()` promise resolves.
 */
import {
  closeSync,
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

export interface JournalOpenResult<T> {
  records: T[];
  /** bytes cut from a torn tail (0 when the file ended cleanly) */
  truncatedBytes: number;
}

export class JournalFile<T> {
  private fd: number;
  private pending: Buffer[] = [];
  private waiters: (() => void)[] = [];
  private failures: ((err: Error) => void)[] = [];
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
    if (this.pending.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push(resolve);
      this.failures.push(reject);
    });
  }

  size(): number {
    return fstatSync(this.fd).size;
  }

  flushNow() {
    this.scheduled = false;
    const waiters = this.waiters;
    const failures = this.failures;
    this.waiters = [];
    this.failures = [];
    try {
      if (this.pending.length > 0) {
        const chunk = Buffer.concat(this.pending);
        this.pending = [];
        let written = 0;
        while (written < chunk.length) written += writeSync(this.fd, chunk, written);
        fdatasyncSync(this.fd);
      }
      for (const resolve of waiters) resolve();
    } catch (err) {
      for (const reject of failures) reject(err as Error);
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
    setImmediate(() => this.flushNow());
  }
}
