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
  const scope: TestScope = {
    async onCleanUp(undo) {
      const test = currentTest();
      if (pending.some((p) => p.test !== test)) await scope.cleanUp();
      pending.push({ test, undo });
    },
    async cleanUp() {
      const undos = pending.reverse();
      pending = [];
      const failures: string[] = [];
      for (const { undo } of undos) {
        await undo().catch((err: Error) => failures.push(err.message));
      }
      await afterUndo();
      if (failures.length > 0) throw new Error(`cleaning up after the test failed:\n  ${failures.join('\n  ')}`);
    },
  };
  return scope;
}
