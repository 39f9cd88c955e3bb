/**
 * How long the toolkit allows a cluster's reads to trail its writes (the "settle" window). Camunda's REST
 * searches and GETs read secondary storage, which the exporter fills after the engine committed: the RDBMS
 * exporter flushes every CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL, Elasticsearch adds ~1 s refresh.
 * A positive check just polls; but a NEGATIVE one ("no incident", "not passed") reads true at once on a
 * lagging cluster, so it only counts from reads begun a settle window after the assertion was called: by
 * then everything the engine had done when the test asked has been exported. The same window is how long
 * an ended instance is re-read before a failing check gives up (its element and incident rows may land in
 * a later flush or refresh than its own).
 */
import { parseIsoDuration } from './clock';

/** without any setting: enough for an RDBMS flush of 0.5 s plus an Elasticsearch refresh of 1 s */
export const DEFAULT_SETTLE_MS = 2_000;

/**
 * PROCESS_TEST_SETTLE_MS when set; else, when the environment names the cluster's flush interval
 * (CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL, Camunda's own setting), two intervals (a record
 * written just after a flush waits one whole interval, the flush itself takes time); else the default.
 */
export function settleMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const explicit = env.PROCESS_TEST_SETTLE_MS;
  if (explicit !== undefined && explicit.trim() !== '') {
    const ms = Number(explicit);
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`PROCESS_TEST_SETTLE_MS must be a number of milliseconds >= 0, got '${explicit}'`);
    }
    return ms;
  }
  const flush = env.CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL;
  if (flush !== undefined && flush.trim() !== '') return 2 * parseIsoDuration(flush);
  return DEFAULT_SETTLE_MS;
}
