/**
 * Snapshot files: `snapshot-<position>.json` holds the engine state after the first <position> journal
 * records. The first line is a header, `{"format":"baton-engine-snapshot","position":P,"bytes":N,"crc32":C}`,
 * the rest is the state as JSON (N bytes, CRC-32 C); a snapshot that leaves ended history to history segments
 * names them in its header too (`"history":[P1,…]`). A history segment, `history-<position>.json`
 * (history-archive.ts), is the same kind of file with its own format name. A file is written under a
 * temporary name, fsynced, renamed into place and its directory fsynced, so a crash leaves either no file or
 * a whole one; a file that is cut short or corrupt anyway fails the length or checksum test and is not used.
 * A write that fails (a full disk) removes its temporary file, so a retry does not find the disk fuller still.
 */
import { closeSync, fsyncSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/** A kind of state file: its header's format name and its file name at a position. */
export interface StateFileKind {
  format: string;
  prefix: string;
}
export const SNAPSHOT_FILE: StateFileKind = { format: 'baton-engine-snapshot', prefix: 'snapshot' };
export const HISTORY_FILE: StateFileKind = { format: 'baton-engine-history', prefix: 'history' };

export const stateFileName = (kind: StateFileKind, position: number) => `${kind.prefix}-${position}.json`;
export const snapshotName = (position: number) => stateFileName(SNAPSHOT_FILE, position);

/** The position a file name of that kind stands for, or undefined for other files. */
export function statePositionOf(kind: StateFileKind, fileName: string): number | undefined {
  const match = /^([a-z]+)-(\d+)\.json$/.exec(fileName);
  return match && match[1] === kind.prefix ? Number(match[2]) : undefined;
}
export const snapshotPositionOf = (fileName: string) => statePositionOf(SNAPSHOT_FILE, fileName);

/** What a header says besides format, position, length and checksum: a snapshot's history segments. */
export interface HeaderExtras {
  history?: number[];
}

/** The file's bytes: the header line, then the state. */
function encode(kind: StateFileKind, position: number, stateJson: string, extras: HeaderExtras): Buffer[] {
  const body = Buffer.from(stateJson, 'utf8');
  const header = Buffer.from(
    `${JSON.stringify({ format: kind.format, position, bytes: body.length, crc32: crc32(body), ...extras })}\n`,
    'utf8',
  );
  return [header, body];
}

/** Each write has a temporary name of its own: a background write and a closing one may be at one position. */
let temporaries = 0;
const temporaryFor = (path: string) => `${path}.${process.pid}-${++temporaries}.tmp`;

/** Writes the snapshot (or another state file) durably and atomically; returns its size in bytes. */
export function writeSnapshotFile(
  dir: string,
  position: number,
  stateJson: string,
  extras: HeaderExtras = {},
  kind = SNAPSHOT_FILE,
): number {
  const parts = encode(kind, position, stateJson, extras);
  const path = join(dir, stateFileName(kind, position));
  const temp = temporaryFor(path);
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      for (const part of parts) writeAll(fd, part);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  syncDirectory(dir);
  return parts[0].length + parts[1].length;
}

/**
 * The same, with the write and its fsync on libuv's thread pool (tens to hundreds of milliseconds for a
 * large state) instead of the event loop. Encoding the text (UTF-8 and CRC-32, about 1–2 ms per MB) stays on
 * the loop, and so does the directory's fsync after the rename, so the caller's next step (pruning older
 * files) follows a durable rename at once.
 */
export async function writeSnapshotFileInBackground(
  dir: string,
  position: number,
  stateJson: string,
  extras: HeaderExtras = {},
  kind = SNAPSHOT_FILE,
): Promise<number> {
  const parts = encode(kind, position, stateJson, extras);
  const path = join(dir, stateFileName(kind, position));
  const temp = temporaryFor(path);
  try {
    const file = await open(temp, 'w', 0o600);
    try {
      for (const part of parts) await file.writeFile(part); // each from where the previous ended
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  syncDirectory(dir);
  return parts[0].length + parts[1].length;
}

export type SnapshotRead =
  | { ok: true; position: number; state: unknown; history: number[] }
  | { ok: false; reason: string };

/** Reads and verifies a snapshot file, or another kind of state file (header, length, checksum, JSON). */
export function readSnapshotFile(path: string, expectedPosition: number, kind = SNAPSHOT_FILE): SnapshotRead {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    return { ok: false, reason: `cannot be read (${(err as Error).message})` };
  }
  const newline = data.indexOf(0x0a);
  if (newline < 0) return { ok: false, reason: 'has no header line' };
  let header: { format?: unknown; position?: unknown; bytes?: unknown; crc32?: unknown; history?: unknown };
  try {
    header = JSON.parse(data.subarray(0, newline).toString('utf8'));
  } catch {
    return { ok: false, reason: 'has an unreadable header' };
  }
  if (header.format !== kind.format) return { ok: false, reason: `is not a ${kind.format} file` };
  if (header.position !== expectedPosition)
    return { ok: false, reason: `says position ${String(header.position)}, its name ${expectedPosition}` };
  const body = data.subarray(newline + 1);
  if (body.length !== header.bytes)
    return { ok: false, reason: `is cut short or padded (${body.length} of ${String(header.bytes)} bytes)` };
  if (crc32(body) !== header.crc32) return { ok: false, reason: 'fails its checksum' };
  try {
    const state = JSON.parse(body.toString('utf8'));
    return { ok: true, position: expectedPosition, state, history: historyOf(header) };
  } catch {
    return { ok: false, reason: 'holds invalid JSON' };
  }
}

/** The history segments a snapshot file's header names (none when it names none or cannot be read). */
export function historyNamedBy(path: string): number[] {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    let header = Buffer.alloc(0);
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, header.length);
      const newline = chunk.subarray(0, n).indexOf(0x0a);
      header = Buffer.concat([header, chunk.subarray(0, newline < 0 ? n : newline)]);
      if (newline >= 0 || n === 0) break;
    }
    return historyOf(JSON.parse(header.toString('utf8')));
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const historyOf = (header: { history?: unknown }): number[] =>
  Array.isArray(header.history) ? header.history.filter((p): p is number => Number.isInteger(p)) : [];

/** Makes a rename or a new file in `dir` durable (the directory entry itself). */
export function syncDirectory(dir: string) {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, chunk: Buffer) {
  let written = 0;
  while (written < chunk.length) written += writeSync(fd, chunk, written);
}
