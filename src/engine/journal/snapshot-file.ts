/**
 * Snapshot files: `snapshot-<position>.json` holds the engine state after the first <position> journal
 * records. The first line is a header, `{"format":"baton-engine-snapshot","position":P,"bytes":N,"crc32":C}`,
 * the rest is the state as JSON (N bytes, CRC-32 C). A file is written under a temporary name, fsynced,
 * renamed into place and its directory fsynced, so a crash leaves either no snapshot or a whole one; a
 * file that is cut short or corrupt anyway fails the length or checksum test and is not used.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

const FORMAT = 'baton-engine-snapshot';
const NAME = /^snapshot-(\d+)\.json$/;

export const snapshotName = (position: number) => `snapshot-${position}.json`;

/** The position a snapshot file name stands for, or undefined for other files. */
export function snapshotPositionOf(fileName: string): number | undefined {
  const match = NAME.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

/** The file's bytes: the header line, then the state. */
function encode(position: number, stateJson: string): Buffer[] {
  const body = Buffer.from(stateJson, 'utf8');
  const header = Buffer.from(
    `${JSON.stringify({ format: FORMAT, position, bytes: body.length, crc32: crc32(body) })}\n`,
    'utf8',
  );
  return [header, body];
}

/** Each write has a temporary name of its own: a background write and a closing one may be at one position. */
let temporaries = 0;
const temporaryFor = (path: string) => `${path}.${process.pid}-${++temporaries}.tmp`;

/** Writes the snapshot durably and atomically; returns its size in bytes. */
export function writeSnapshotFile(dir: string, position: number, stateJson: string): number {
  const parts = encode(position, stateJson);
  const path = join(dir, snapshotName(position));
  const temp = temporaryFor(path);
  const fd = openSync(temp, 'w');
  try {
    for (const part of parts) writeAll(fd, part);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  syncDirectory(dir);
  return parts[0].length + parts[1].length;
}

/**
 * The same, with the write and its fsync on libuv's thread pool (tens to hundreds of milliseconds for a
 * large state) instead of the event loop. Encoding the text (UTF-8 and CRC-32, about 1–2 ms per MB) stays on
 * the loop, and so does the directory's fsync after the rename, so the caller's next step (pruning older
 * files) follows a durable rename at once.
 */
export async function writeSnapshotFileInBackground(dir: string, position: number, stateJson: string): Promise<number> {
  const parts = encode(position, stateJson);
  const path = join(dir, snapshotName(position));
  const temp = temporaryFor(path);
  const file = await open(temp, 'w');
  try {
    for (const part of parts) await file.writeFile(part); // each from where the previous ended
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  syncDirectory(dir);
  return parts[0].length + parts[1].length;
}

export type SnapshotRead = { ok: true; position: number; state: unknown } | { ok: false; reason: string };

/** Reads and verifies a snapshot file (header, length, checksum, JSON). */
export function readSnapshotFile(path: string, expectedPosition: number): SnapshotRead {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    return { ok: false, reason: `cannot be read (${(err as Error).message})` };
  }
  const newline = data.indexOf(0x0a);
  if (newline < 0) return { ok: false, reason: 'has no header line' };
  let header: { format?: unknown; position?: unknown; bytes?: unknown; crc32?: unknown };
  try {
    header = JSON.parse(data.subarray(0, newline).toString('utf8'));
  } catch {
    return { ok: false, reason: 'has an unreadable header' };
  }
  if (header.format !== FORMAT) return { ok: false, reason: `is not a ${FORMAT} file` };
  if (header.position !== expectedPosition)
    return { ok: false, reason: `says position ${String(header.position)}, its name ${expectedPosition}` };
  const body = data.subarray(newline + 1);
  if (body.length !== header.bytes)
    return { ok: false, reason: `is cut short or padded (${body.length} of ${String(header.bytes)} bytes)` };
  if (crc32(body) !== header.crc32) return { ok: false, reason: 'fails its checksum' };
  try {
    return { ok: true, position: expectedPosition, state: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false, reason: 'holds invalid JSON' };
  }
}

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
