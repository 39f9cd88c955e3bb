/**
 * Camunda answers searches and GETs from its secondary storage, which the exporter fills some time after the
 * engine applied a command (a flush interval on RDBMS, a refresh on Elasticsearch). Where the app reads what
 * it has just written (an instance it started), a miss means "not yet" as often as "not there", so those
 * reads look again, with growing pauses, for a bounded time before they believe the miss.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessInstanceState, ProcessStateReader } from './process-state-reader';

/** How long a read of the app's own write waits for Camunda to show it: well past a flush or a refresh. */
export const READ_YOUR_WRITES_WAIT_MS = 5_000;
const FIRST_PAUSE_MS = 50;
const LONGEST_PAUSE_MS = 500;

/** Calls `look` until `found` says yes or the deadline (epoch ms) has passed; answers the last look either way. */
export async function lookAgainUntil<T>(look: () => Promise<T>, found: (value: T) => boolean, deadline: number) {
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    const value = await look();
    const left = deadline - Date.now();
    if (found(value) || left <= 0) return value;
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
}

/** An instance's state, looking again while Camunda does not show it yet (up to waitMs). */
export function readWithin(
  reader: Pick<ProcessStateReader, 'read'>,
  processInstanceKey: string,
  waitMs: number,
): Promise<ProcessInstanceState | undefined> {
  return lookAgainUntil(
    () => reader.read(processInstanceKey),
    (state) => state !== undefined,
    Date.now() + waitMs,
  );
}

/**
 * How long reads of the app's own writes wait: an embedded engine shows every command at once unless its
 * Camunda-like profile lags its reads (a flush interval), so there they do not wait at all.
 */
export function ownWritesWaitMs(
  config: { embeddedEngine: boolean; engineFlushIntervalMs?: number },
  override?: number,
): number | undefined {
  if (override !== undefined) return override;
  return config.embeddedEngine && !((config.engineFlushIntervalMs ?? 0) > 0) ? 0 : undefined;
}

/**
 * The reader for keys and variables the app wrote itself (a retried start, an onboarding that may still run):
 * a miss or an empty search is looked at again for up to waitMs.
 */
export function readingOwnWrites(reader: ProcessStateReader, waitMs = READ_YOUR_WRITES_WAIT_MS): ProcessStateReader {
  return waitingReader(reader, () => Date.now() + waitMs);
}

/**
 * The reader for what an earlier run wrote (the start-up repair): once waitMs has passed since this call,
 * Camunda shows all of it, so only misses before then are looked at again; many unstarted orders cost one
 * wait, not one each.
 */
export function readingWritesBeforeNow(
  reader: ProcessStateReader,
  waitMs = READ_YOUR_WRITES_WAIT_MS,
): ProcessStateReader {
  const deadline = Date.now() + waitMs;
  return waitingReader(reader, () => deadline);
}

function waitingReader(reader: ProcessStateReader, deadline: () => number): ProcessStateReader {
  return {
    read: (processInstanceKey) =>
      lookAgainUntil(
        () => reader.read(processInstanceKey),
        (state) => state !== undefined,
        deadline(),
      ),
    // a reader without searches finds nothing, as before
    findInstanceKeys: (bpmnProcessId, variable, options) =>
      lookAgainUntil(
        async () => (await reader.findInstanceKeys?.(bpmnProcessId, variable, options)) ?? [],
        (keys) => keys.length > 0 || !reader.findInstanceKeys,
        deadline(),
      ),
  };
}
