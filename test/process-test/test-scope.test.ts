/**
 * The per-test clean-up registry without a cluster: undos run newest first at cleanUp() with the after-step
 * (mock workers stopped, clock reset); an earlier test's undos left pending run when the next test registers
 * one, without the after-step, which would stop that test's own mock workers and clock.
 */
import { createTestScope } from '../../src/process-test/test-scope';

describe('the clean-up registry of tests', () => {
  const calls: string[] = [];
  const scope = createTestScope(async () => {
    calls.push('after');
  });
  const undo = (name: string) => async () => {
    calls.push(name);
  };

  it('a test registers two undos and leaves them pending', async () => {
    await scope.onCleanUp(undo('first'));
    await scope.onCleanUp(undo('second'));
    expect(calls).toEqual([]);
  });

  it("the next test's first registration undoes the earlier test's, newest first, and nothing else", async () => {
    await scope.onCleanUp(undo('third'));
    expect(calls).toEqual(['second', 'first']);
  });

  it('cleanUp() undoes what is pending, then the after-step; a failing undo fails it after the rest ran', async () => {
    calls.length = 0;
    await scope.onCleanUp(async () => {
      throw new Error('stub already gone');
    });
    await expect(scope.cleanUp()).rejects.toThrow('cleaning up after the test failed:\n  stub already gone');
    expect(calls).toEqual(['third', 'after']);
  });
});
