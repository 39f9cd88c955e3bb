/**
 * How far a test cluster's REST reads may trail its writes, for the process-test toolkit's settleMs: none
 * on the embedded engine in its default (immediate) profile, so negative assertions there cost nothing;
 * otherwise undefined, and the toolkit takes PROCESS_TEST_SETTLE_MS or the flush interval from the
 * environment, else its default (src/process-test/consistency.ts).
 */
import type { TestEngine } from './engine';

export function settleMsFor(cluster: TestEngine): number | undefined {
  const immediate = cluster.engine !== undefined && !process.env.CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL;
  return immediate && process.env.PROCESS_TEST_SETTLE_MS === undefined ? 0 : undefined;
}
