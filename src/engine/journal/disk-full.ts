/**
 * A full disk (or a quota, or a file-size limit) at start-up: what the person starting Baton can put right,
 * so it gets one line naming the directory and what to do instead of a stack. Nothing needs repairing by
 * hand afterwards: a write that failed leaves no temporary file behind, and stray ones are swept at open.
 */

const NO_ROOM = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** The error (or one of its causes) that says there was no room to write, if any. */
export function noRoomCause(err: unknown): Error | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && NO_ROOM.has(code)) return e;
    e = (e as { reason?: unknown }).reason ?? e.cause;
  }
  return undefined;
}

/** One line for a start that failed for want of room under `dir`; undefined for any other failure. */
export function noRoomMessage(err: unknown, dir: string): string | undefined {
  const cause = noRoomCause(err);
  if (!cause) return undefined;
  return `there is no room to write under ${dir} (${cause.message}): free some space on that disk and start again; nothing needs repairing by hand`;
}
