/**
 * What a test leaves behind that must not reach the next one: mock stubs deployed on the cluster (decisions,
 * child processes) and a pinned clock. Each mock registers its undo here under the running jest test;
 * `cleanUp()` (useProcessTest's afterEach, or a test's own) runs them newest first and resets a pinned clock,
 * as Camunda Process Test resets its runtime between tests. A test that registers an undo while an earlier
 * test's are still pending runs those first, so stubs never outlive their test by more than that.
 */
import { currentTest } from './mock-job-worker';

export interface TestScope {
  /** runs `undo` when the running test is cleaned up */
  onCleanUp(undo: () => Promise<void>): Promise<void>;
  /** undoes what the tests registered (newest first); fails listing every undo that failed */
  cleanUp(): Promise<void>;
}

export function createTestScope(afterUndo: () => Promise<void>): TestScope {
  let pending: { test: string | undefined; undo: () => Promise<void> }[] = [];
  /** runs the undos registered so far, newest first; fails listing every one that failed */
  const undoPending = async () => {
    const undos = pending.reverse();
    pending = [];
    const failures: string[] = [];
    for (const { undo } of undos) {
      await undo().catch((err: Error) => failures.push(err.message));
    }
    if (failures.length > 0) throw new Error(`cleaning up after the test failed:\n  ${failures.join('\n  ')}`);
  };
  return {
    async onCleanUp(undo) {
      const test = currentTest();
      // an earlier test's stubs only: this test's mock workers and clock are its own
      if (pending.some((p) => p.test !== test)) await undoPending();
      pending.push({ test, undo });
    },
    async cleanUp() {
      try {
        await undoPending();
      } finally {
        await afterUndo();
      }
    },
  };
}
